"""The filters' words in each search document, indexed by the database: a `text[]` column with
a GIN index on PostgreSQL, a column of the FTS5 table on SQLite (see portal.search.backends).
The SQLite table is created anew: `manage.py rebuild_search_index` fills it and the new column
after the upgrade."""

from django.db import migrations, models


def install(apps, schema_editor):
    from portal.search import backends

    backends.install_facets(schema_editor)


def uninstall(apps, schema_editor):
    from portal.search import backends

    backends.uninstall_facets(schema_editor)


class Migration(migrations.Migration):
    dependencies = [("search", "0002_full_text")]

    operations = [
        migrations.AddField(
            model_name="searchdocument",
            name="facets",
            field=models.TextField(blank=True, default=""),
        ),
        migrations.RunPython(install, uninstall),
    ]
