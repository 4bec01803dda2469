from django.apps import AppConfig


class VolunteeringConfig(AppConfig):
    name = "portal.volunteering"
    label = "volunteering"

    def ready(self):
        from . import retention  # noqa: F401 (registers its retention policies)
