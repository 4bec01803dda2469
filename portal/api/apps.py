import time

from django.apps import AppConfig
from django.db.models.signals import m2m_changed, post_delete, post_save


def directory_changed(sender, **kwargs) -> None:
    """Every change of the directory starts a new version of the API's cached objects."""
    from django.core.cache import cache

    from .views import CHANGES_KEY

    cache.set(CHANGES_KEY, time.time_ns(), timeout=None)


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
