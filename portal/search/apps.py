from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "portal.search"
    label = "search"
    verbose_name = "Suche"

    def ready(self):
        from . import retention, signals  # noqa: F401 (registers the policy and the handlers)
