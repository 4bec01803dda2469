from django.apps import AppConfig


class ContentConfig(AppConfig):
    name = "portal.content"
    label = "content"

    def ready(self):
        from . import retention  # noqa: F401 (registers its retention policy)
