from datetime import timedelta

from django.core.management.base import BaseCommand
from django.utils import timezone

from portal.search.stats import THRESHOLD, top_unanswered


class Command(BaseCommand):
    help = (
        "Zeigt, wonach am häufigsten ohne Treffer gesucht wurde, je Sprache und Gemeinde. "
        f"Suchen, die seltener als {THRESHOLD}-mal vorkamen, erscheinen nie."
    )

    def add_arguments(self, parser):
        parser.add_argument("--tage", type=int, default=90, help="Zeitraum in Tagen (90)")
        parser.add_argument("--anzahl", type=int, default=20, help="je Gruppe höchstens (20)")

    def handle(self, *args, **options):
        since = timezone.localdate() - timedelta(days=max(options["tage"], 1))
        rows = top_unanswered(since, limit=max(options["anzahl"], 1))
        if not rows:
            self.stdout.write(
                f"Seit {since:%d.%m.%Y}: keine Suche ohne Treffer, die mindestens "
                f"{THRESHOLD}-mal vorkam."
            )
            return
        group = None
        for row in rows:
            if (row["language"], row["municipality"]) != group:
                group = (row["language"], row["municipality"])
                place = row["municipality"] or "ohne Gemeinde"
                self.stdout.write(f"\n{row['language']} · {place}")
            self.stdout.write(f"  {row['total']:>5}  {row['query']}")
