"""Changes partners propose: a revision holds the new values of an entry until a county editor
publishes it (or sends it back). The live entry stays as it is meanwhile."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q

from portal.directory.models import Organisation


class RevisionQuerySet(models.QuerySet):
    def open(self):
        return self.filter(state__in=Revision.OPEN)

    def submitted(self):
        return self.filter(state=Revision.State.SUBMITTED)

    def of(self, obj):
        return self.filter(content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk)


class Revision(models.Model):
    class State(models.TextChoices):
        DRAFT = "draft", "Entwurf"
        SUBMITTED = "submitted", "in Prüfung"
        RETURNED = "returned", "zurückgegeben"
        PUBLISHED = "published", "veröffentlicht"

    OPEN = (State.DRAFT, State.SUBMITTED, State.RETURNED)

    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.PositiveBigIntegerField(
        "Eintrag", null=True, blank=True, help_text="Leer bei einem neuen Eintrag."
    )
    organisation = models.ForeignKey(
        Organisation, verbose_name="Organisation", on_delete=models.CASCADE, related_name="+"
    )
    data = models.JSONField("neue Werte")
    base = models.JSONField("Werte beim Beginn", default=dict)
    state = models.CharField("Status", max_length=10, choices=State.choices, default=State.DRAFT)
    version = models.PositiveIntegerField("Bearbeitungsstand", default=1)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="von",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("angelegt am", auto_now_add=True)
    updated_at = models.DateTimeField("geändert am", auto_now=True)
    submitted_at = models.DateTimeField("eingereicht am", null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="geprüft von",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reviewed_at = models.DateTimeField("geprüft am", null=True, blank=True)
    comment = models.TextField("Kommentar der Prüfung", blank=True)

    objects = RevisionQuerySet.as_manager()

    class Meta:
        ordering = ["-updated_at"]
        verbose_name = "Änderung"
        verbose_name_plural = "Änderungen"
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id"],
                condition=Q(state__in=["draft", "submitted", "returned"], object_id__isnull=False),
                name="one_open_revision_per_entry",
                violation_error_message="Für diesen Eintrag gibt es schon eine offene Änderung.",
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def title(self) -> str:
        data = self.data or {}
        return data.get("title_de") or data.get("name") or str(self.target() or self.content_type)

    @property
    def is_new(self) -> bool:
        return self.object_id is None

    @property
    def is_editable(self) -> bool:
        return self.state in (self.State.DRAFT, self.State.RETURNED)

    def target(self):
        if self.object_id is None:
            return None
        return self.content_type.get_object_for_this_type(pk=self.object_id)
