"""On PostgreSQL, the text indexes of the search documents in two parts, a quarter of the
documents and the rest, so that a query matching many documents reads only the first; and the
documents' word lists kept in their rows. See portal.search.backends.Postgres.install_parts.
`manage.py rebuild_search_index` rewrites the existing documents after the upgrade. Nothing
changes on SQLite."""

from django.db import migrations


def install(apps, schema_editor):
    from portal.search import backends

    backends.install_parts(schema_editor)


def uninstall(apps, schema_editor):
    from portal.search import backends

    backends.uninstall_parts(schema_editor)


class Migration(migrations.Migration):
    dependencies = [("search", "0003_facets")]

    operations = [migrations.RunPython(install, uninstall)]
