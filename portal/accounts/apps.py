from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "portal.accounts"
    label = "accounts"
    verbose_name = "Zugänge"

    def ready(self):
        from . import retention  # noqa: F401 (registers its retention policy)
