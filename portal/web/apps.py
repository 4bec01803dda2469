from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "portal.web"
    label = "web"

    def ready(self):
        from . import signals  # noqa: F401 (edits clear the cached pages that show them)
