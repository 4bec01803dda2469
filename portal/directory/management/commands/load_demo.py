from django.core.management.base import BaseCommand, CommandError

from portal.directory.demo import load_demo
from portal.directory.models import Municipality


class Command(BaseCommand):
    help = (
        "Fügt Beispieldaten hinzu (Organisationen, Angebote, Ansprechpersonen, Helferkreise, "
        "Termine). Alle Einträge sind als Beispieldaten gekennzeichnet."
    )

    def handle(self, *args, **options):
        if not Municipality.objects.exists():
            raise CommandError("Bitte zuerst das Landkreisprofil laden: manage.py load_profile")
        for label, number in load_demo().items():
            self.stdout.write(f"{label}: {number} neu")
