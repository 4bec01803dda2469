"""Translation state of content: recording that a translation matches its German source, and the
overview of missing and outdated translations per language.

Whoever writes a translation (the profile loader, the demo loader, the admin, later the partner
area) calls `mark_translated` for that language before saving. Whoever changes German text does
nothing: the translations then differ from the German text they were made from and count as
outdated until someone updates or confirms them.
"""

import difflib
import hashlib
import json
import re
from dataclasses import dataclass, field

from django.apps import apps
from django.conf import settings
from django.db import transaction

from .audit import record
from .models import (
    AuditEntry,
    TranslatableModel,
    TranslationState,
    source_language,
    target_languages,
)


def reader_columns(names, lang: str) -> list[str]:
    """The columns of these translated fields in the reader's language and in German, once
    each ("title", "ar" → "title_ar", "title_de"), to read rows as values."""
    source = settings.LANGUAGE_CODE
    return list(dict.fromkeys(f"{name}_{code}" for name in names for code in (lang, source)))


def in_reader_language(row: dict, name: str, lang: str) -> str:
    """A translated field of a row read with `reader_columns`, as the model's field gives it:
    in the reader's language, else in German, else empty."""
    return row[f"{name}_{lang}"] or row[f"{name}_{settings.LANGUAGE_CODE}"] or ""


def in_every_language(*names: str) -> list[str]:
    """The columns of translated fields in every language of the portal ("title" → "title_de",
    "title_en", …), for example to load only those with `.only()`."""
    return [f"{name}_{code}" for name in names for code, _name in settings.LANGUAGES]


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


def translation_version(obj: TranslatableModel, lang: str) -> str:
    """A token for what a translator saw: the German texts and the `lang` translation. If it
    differs when they save, somebody changed one of them meanwhile. Works for every
    translatable model, with or without an `updated_at`."""
    seen = {
        name: [getattr(obj, f"{name}_de") or "", getattr(obj, f"{name}_{lang}") or ""]
        for name in obj.translated_fields()
    }
    return hashlib.sha256(json.dumps(seen, sort_keys=True).encode()).hexdigest()[:32]


@transaction.atomic
def save_translation(obj: TranslatableModel, lang: str, values: dict, user) -> None:
    """A translator's work on `obj`: the given `<field>_<lang>` values are written and count as
    current against today's German text (the translator saw all of it)."""
    changes = {}
    for name, value in values.items():
        before = getattr(obj, name) or ""
        if before != value:
            changes[str(obj._meta.get_field(name).verbose_name)] = [before, value]
        setattr(obj, name, value)
    fields = [name.rsplit("_", 1)[0] for name in values]
    mark_translated(obj, lang, fields)
    update = [*values, "translation_sources"]
    if hasattr(obj, "edited_in_portal"):  # load_profile keeps the translation from now on
        obj.edited_in_portal = True
        update.append("edited_in_portal")
    if any(f.name == "updated_at" for f in obj._meta.concrete_fields):
        update.append("updated_at")
    obj.save(update_fields=update)
    record(user, AuditEntry.Action.TRANSLATE, obj, changes=changes, comment=lang)


_SENTENCE_END = re.compile(r"(?<=[.!?:;])\s+|\n+")


def sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE_END.split(text or "") if s.strip()]


def changed_sentences(then: str, now: str) -> list[tuple[list[str], list[str]]]:
    """The sentences of the German text that changed: pairs of (before, now) runs."""
    before, after = sentences(then), sentences(now)
    matcher = difflib.SequenceMatcher(a=before, b=after, autojunk=False)
    return [
        (before[a1:a2], after[b1:b2])
        for op, a1, a2, b1, b2 in matcher.get_opcodes()
        if op != "equal"
    ]


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
