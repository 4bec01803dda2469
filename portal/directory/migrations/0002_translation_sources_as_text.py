from django.db import migrations

from portal.core.migration_support import convert_translation_stamps

FIELDS = {
    "directory.Municipality": ["note"],
    "directory.OrganisationKind": ["name", "name_plural"],
    "directory.Organisation": ["description"],
    "directory.Topic": ["name", "description"],
    "directory.TargetGroup": ["name"],
    "directory.Location": ["accessibility"],
    "directory.Contact": ["role", "office_hours"],
    "directory.Offer": [
        "title",
        "summary",
        "description",
        "cost_note",
        "registration",
        "schedule",
    ],
}


class Migration(migrations.Migration):
    dependencies = [("directory", "0001_directory_models")]

    operations = [
        migrations.RunPython(convert_translation_stamps(FIELDS), migrations.RunPython.noop),
    ]
