from django.apps import AppConfig
from django.db.models.signals import m2m_changed, post_delete, post_save


def directory_changed(sender, **kwargs) -> None:
    """Every change of the directory (also of an offer's topics or places alone, and any
    deletion) moves the directory's change time, in the same transaction."""
    from django.utils import timezone

    from .models import DirectoryChange

    now = timezone.now()
    if not DirectoryChange.objects.filter(pk=1).update(changed_at=now):
        DirectoryChange.objects.create(pk=1, changed_at=now)


class ApiConfig(AppConfig):
    name = "portal.api"
    verbose_name = "Offene Daten (HSDS)"

    def ready(self) -> None:
        from portal.content.models import Event
        from portal.directory import models

        senders = [models.Offer, models.Organisation, models.Location, models.Contact,
                   models.Topic, models.TargetGroup, models.Municipality, models.Language,
                   models.OrganisationKind, Event]  # fmt: skip
        for sender in senders:
            post_save.connect(directory_changed, sender=sender, dispatch_uid=f"api-{sender}")
            post_delete.connect(directory_changed, sender=sender, dispatch_uid=f"api-d-{sender}")
        for field in ("topics", "target_groups", "languages", "locations", "municipalities",
                      "contacts"):  # fmt: skip
            through = getattr(models.Offer, field).through
            m2m_changed.connect(directory_changed, sender=through, dispatch_uid=f"api-{field}")
