from django.db import migrations

from portal.core.migration_support import convert_translation_stamps

FIELDS = {"content.Page": ["title", "summary", "body"], "content.Event": ["title", "description"]}


class Migration(migrations.Migration):
    dependencies = [("content", "0002_page_model_text")]

    operations = [
        migrations.RunPython(convert_translation_stamps(FIELDS), migrations.RunPython.noop),
    ]
