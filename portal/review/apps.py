from django.apps import AppConfig


class ReviewConfig(AppConfig):
    name = "portal.review"
    label = "review"
    verbose_name = "Prüfung"

    def ready(self):
        from . import retention  # noqa: F401 (registers its retention policy)
