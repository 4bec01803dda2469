"""Helpers for data migrations of the apps (importable from their migration files)."""

import hashlib
import json


def convert_translation_stamps(models_fields: dict[str, list[str]]):
    """A RunPython function that turns the former fingerprint stamps of translations
    ({lang: {"source": <hash of the German text>, "text": …}}) into the German text each
    translation was made from. A stamp that still matches today's German text becomes today's
    text (current); any other becomes an empty source (outdated), as before."""

    def forwards(apps, schema_editor):
        for label, fields in models_fields.items():
            model = apps.get_model(label)
            for obj in model.objects.all():
                if _convert(obj, sorted(fields)):
                    obj.save(update_fields=["translation_sources"])

    return forwards


def _convert(obj, fields: list[str]) -> bool:
    german = [getattr(obj, f"{name}_de") or "" for name in fields]
    fingerprint = hashlib.sha256(json.dumps(german, ensure_ascii=False).encode()).hexdigest()[:16]
    today = {name: text for name, text in zip(fields, german, strict=True) if text}
    changed = False
    for lang, entry in list(obj.translation_sources.items()):
        if isinstance(entry, dict) and set(entry) <= {"source", "text"} and "source" in entry:
            obj.translation_sources[lang] = today if entry["source"] == fingerprint else {}
            changed = True
    return changed
