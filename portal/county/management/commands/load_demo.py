from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from portal.county.demo import load_demo
from portal.county.demo_accounts import PASSWORD, create_demo_accounts, key_of
from portal.county.files import ProfileInvalid
from portal.county.models import County


class Command(BaseCommand):
    help = (
        "Lädt Beispieldaten (Organisationen, Angebote, Ansprechpersonen, Helferkreise, Termine, "
        "Gesuche) "
        "aus dem Ordner demo/ des Landkreisprofils. Alle Einträge sind als Beispieldaten "
        "gekennzeichnet. Ein zweiter Lauf verschiebt Termine und Prüfdaten auf heute und setzt "
        "geänderte Beispieleinträge auf den Stand der Dateien zurück."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "folder",
            nargs="?",
            default=str(settings.BASE_DIR / "data" / settings.COUNTY_PROFILE / "demo"),
            help="Ordner mit Beispieldaten (Standard: data/<COUNTY_PROFILE>/demo)",
        )

    def handle(self, folder, **options):
        if not County.objects.exists():
            raise CommandError("Bitte zuerst das Landkreisprofil laden: manage.py load_profile")
        path = Path(folder)
        if not path.is_dir():
            raise CommandError(f"Ordner {path} nicht gefunden.")
        try:
            stats = load_demo(path)
        except ProfileInvalid as exc:
            raise CommandError(
                f"Die Beispieldaten in {path} sind fehlerhaft; es wurde nichts geladen.\n{exc}"
            ) from None
        for label, counts in stats.items():
            self.stdout.write(f"{label}: {counts}")
        self.demo_accounts()

    def demo_accounts(self):
        if not settings.DEBUG:
            self.stdout.write("Demo-Zugänge zum Partnerbereich nur mit DJANGO_DEBUG=true.")
            return
        self.stdout.write(
            f"Demo-Zugänge zum Partnerbereich (/partnerbereich/), Passwort {PASSWORD}; "
            "den Schlüssel in eine Authenticator-App eintragen:"
        )
        for demo, device in create_demo_accounts():
            self.stdout.write(f"  {demo.email:<28} {demo.role:<14} Schlüssel {key_of(device)}")
