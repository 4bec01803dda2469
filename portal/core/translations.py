"""Which content translations are missing or outdated, per language and model."""

from dataclasses import dataclass, field

from django.apps import apps
from django.conf import settings

from .models import TranslatableModel, TranslationState


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
    source = settings.MODELTRANSLATION_DEFAULT_LANGUAGE
    reports = {code: LanguageReport(code) for code, _n in settings.LANGUAGES if code != source}
    for model in translatable_models():
        for obj in model.objects.all():
            if not obj.has_translation(source):
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
