"""On PostgreSQL, the search documents' kind, title, languages and filter words kept in their
rows instead of the TOAST table, where reading them cost a lookup per row and ordering by the
title one per comparison. See portal.search.backends.Postgres.INLINE. `manage.py
rebuild_search_index` rewrites the existing documents after the upgrade. Nothing changes on
SQLite."""

from django.db import migrations


def install(apps, schema_editor):
    from portal.search import backends

    backends.install_inline(schema_editor)


def uninstall(apps, schema_editor):
    from portal.search import backends

    backends.uninstall_inline(schema_editor)


class Migration(migrations.Migration):
    dependencies = [("search", "0004_index_parts")]

    operations = [migrations.RunPython(install, uninstall)]
