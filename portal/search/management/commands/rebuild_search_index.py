from django.core.management.base import BaseCommand

from portal.search.documents import rebuild


class Command(BaseCommand):
    help = "Baut den Suchindex neu auf (nach einer Reparatur oder einem Update der Suche)."

    def handle(self, *args, **options):
        count = rebuild()
        self.stdout.write(f"Suchindex neu aufgebaut: {count} Einträge.")
