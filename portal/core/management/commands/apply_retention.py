from django.core.management.base import BaseCommand
from django.utils import timezone

from portal.core.retention import apply_retention


class Command(BaseCommand):
    help = (
        "Löscht personenbezogene Daten nach Ablauf ihrer Aufbewahrungsfrist (Meldungen von "
        "Barrieren, gesendete und gescheiterte E-Mails). Täglich per cron oder systemd-Timer."
    )

    def handle(self, *args, **options):
        for label, count in apply_retention(timezone.now()):
            self.stdout.write(f"{label}: {count} gelöscht")
