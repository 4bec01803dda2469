from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "portal.core"
    label = "core"

    def ready(self):
        from . import checks, reference  # noqa: F401 (system checks; token per request)
