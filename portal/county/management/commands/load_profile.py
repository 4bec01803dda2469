from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from portal.county.files import ProfileInvalid
from portal.county.profile import load_profile


class Command(BaseCommand):
    help = (
        "Lädt ein Landkreisprofil (Landkreis und Titel des Portals, Gemeinden, Verwaltungsräume, "
        "Themen, Arten von Organisationen, redaktionelle Seiten). Prüft alles vorher und lädt "
        "bei einem Fehler nichts."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "folder",
            nargs="?",
            default=str(settings.BASE_DIR / "data" / settings.COUNTY_PROFILE),
            help="Profilordner (Standard: data/<COUNTY_PROFILE>)",
        )

    def handle(self, folder, **options):
        path = Path(folder)
        if not path.is_dir():
            raise CommandError(f"Profilordner {path} nicht gefunden.")
        try:
            stats = load_profile(path)
        except ProfileInvalid as exc:
            raise CommandError(
                f"Das Profil {path} ist fehlerhaft; es wurde nichts geladen.\n{exc}"
            ) from None
        for label, counts in stats.items():
            self.stdout.write(f"{label}: {counts}")
