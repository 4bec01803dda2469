from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from portal.core.translations import translation_report


class Command(BaseCommand):
    help = (
        "Zeigt je Sprache, wie viele Inhalte übersetzt sind und welche Übersetzungen fehlen "
        "oder veraltet sind (weil der deutsche Text danach geändert wurde)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--language", "-l", help="nur diese Sprache, z. B. ar")
        parser.add_argument(
            "--details",
            action="store_true",
            help="fehlende und veraltete Einträge einzeln auflisten",
        )

    def handle(self, *args, language=None, details=False, **options):
        reports = translation_report()
        if language:
            if language not in reports:
                codes = ", ".join(reports)
                raise CommandError(f"Unbekannte Sprache „{language}“. Möglich: {codes}.")
            reports = {language: reports[language]}
        names = dict(settings.LANGUAGES)
        self.stdout.write(f"{'Sprache':<14}{'aktuell':>9}{'veraltet':>10}{'fehlt':>8}{'gesamt':>8}")
        for code, report in reports.items():
            self.stdout.write(
                f"{code + ' ' + names[code]:<14}{report.current:>9}{len(report.outdated):>10}"
                f"{len(report.missing):>8}{report.total:>8}"
            )
        if details:
            for code, report in reports.items():
                for label, items in (("veraltet", report.outdated), ("fehlt", report.missing)):
                    for obj in items:
                        self.stdout.write(
                            f"{code}\t{label}\t{obj._meta.verbose_name}\t{obj.pk}\t{obj}"
                        )
