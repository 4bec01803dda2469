from django.core.management.base import BaseCommand

from portal.core.mail import send_pending


class Command(BaseCommand):
    help = "Sendet wartende E-Mails aus dem Postausgang (für cron oder einen systemd-Timer)."

    def handle(self, *args, **options):
        sent, failed = send_pending()
        self.stdout.write(f"{sent} gesendet, {failed} nicht zustellbar (bleiben im Postausgang)")
