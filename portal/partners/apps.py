from django.apps import AppConfig


class PartnersConfig(AppConfig):
    name = "portal.partners"
    label = "partners"
    verbose_name = "Partnerbereich"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from .middleware import start_session

        user_logged_in.connect(start_session, dispatch_uid="partners-start-session")
