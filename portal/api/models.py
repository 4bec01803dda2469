from django.db import models


class DirectoryChange(models.Model):
    """One row: when the directory last changed, written in the same transaction as the
    change (so every process sees it exactly when the change is committed). The open-data
    answers take their Last-Modified and the key of their cached objects from it."""

    changed_at = models.DateTimeField()

    def __str__(self):
        return self.changed_at.isoformat()
