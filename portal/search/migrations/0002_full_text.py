"""The database's full-text index: generated tsvector columns with GIN indexes and pg_trgm on
PostgreSQL, an FTS5 table on SQLite (see portal.search.backends)."""

from django.db import migrations


def install(apps, schema_editor):
    from portal.search import backends

    backends.install(schema_editor)


def uninstall(apps, schema_editor):
    from portal.search import backends

    backends.uninstall(schema_editor)


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [migrations.RunPython(install, uninstall)]
