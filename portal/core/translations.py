"""Translation state of content: recording that a translation matches its German source, and the
overview of missing and outdated translations per language.

Whoever writes a translation (the profile loader, the demo loader, the admin, later the partner
area) calls `mark_translated` for that language before saving. Whoever changes German text does
nothing: the translations then differ from the German text they were made from and count as
outdated until someone updates or confirms them.
"""

from dataclasses import dataclass, field

from django.apps import apps

from .models import TranslatableModel, TranslationState, source_language, target_languages


def mark_translated(obj: TranslatableModel, lang: str, fields: list[str] | None = None) -> None:
    """Record that the `lang` translation of `obj` matches today's German text, for `fields`
    (default: every translated field). Save `translation_sources` with the object afterwards."""
    if lang == source_language():
        raise ValueError("German is the source language; it has no translation state.")
    if not obj.has_translation(lang):
        obj.translation_sources.pop(lang, None)
        return
    today = obj.source_texts()
    if fields is None:
        snapshot = today
    else:
        snapshot = dict(obj.translation_sources.get(lang) or {})
        for name in fields:
            if name in today:
                snapshot[name] = today[name]
            else:
                snapshot.pop(name, None)
    obj.translation_sources[lang] = snapshot


def languages_written(obj: TranslatableModel, changed_fields) -> list[str]:
    """The target languages that have at least one of `changed_fields` (e.g. `title_en`)."""
    changed = set(changed_fields)
    return [
        lang
        for lang in target_languages()
        if any(f"{name}_{lang}" in changed for name in obj.translated_fields())
    ]


@dataclass
class LanguageReport:
    language: str
    total: int = 0
    current: int = 0
    missing: list = field(default_factory=list)
    outdated: list = field(default_factory=list)


def translatable_models() -> list[type[TranslatableModel]]:
    return [m for m in apps.get_models() if issubclass(m, TranslatableModel)]


def translation_report() -> dict[str, LanguageReport]:
    reports = {code: LanguageReport(code) for code in target_languages()}
    for model in translatable_models():
        for obj in model.objects.all():
            if not obj.source_texts():
                continue  # nothing to translate yet
            for lang, report in reports.items():
                report.total += 1
                state = obj.translation_state(lang)
                if state == TranslationState.MISSING:
                    report.missing.append(obj)
                elif state == TranslationState.OUTDATED:
                    report.outdated.append(obj)
                else:
                    report.current += 1
    return reports
