"""Base mixins for content models: stable public ids, timestamps and translation state."""

import hashlib
import json
import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class PublicModel(models.Model):
    """Anything the open-data API publishes gets a stable UUID that never changes."""

    uuid = models.UUIDField(
        _("öffentliche Kennung"), default=uuid.uuid4, unique=True, editable=False
    )
    created_at = models.DateTimeField(_("angelegt am"), auto_now_add=True)
    updated_at = models.DateTimeField(_("geändert am"), auto_now=True)

    class Meta:
        abstract = True


class TranslationState(models.TextChoices):
    SOURCE = "source", _("Ausgangstext")
    MISSING = "missing", _("fehlt")
    CURRENT = "current", _("aktuell")
    OUTDATED = "outdated", _("veraltet")


def _digest(values: list[str]) -> str:
    return hashlib.sha256(json.dumps(values, ensure_ascii=False).encode()).hexdigest()[:16]


class TranslatableModel(models.Model):
    """Content whose text fields have per-language versions (registered with modeltranslation).

    German is the source. For every other language we remember a fingerprint of the German text
    at the moment that translation was last written. When the German text changes later, the
    fingerprints no longer match and the translation counts as outdated until someone edits it
    or confirms it with `mark_translation_current`.
    """

    translation_sources = models.JSONField(
        _("Stand der Übersetzungen"), default=dict, blank=True, editable=False
    )

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and not update_fields:
            return  # Django's no-op; stamping would turn it into a write
        self._stamp_changed_translations(update_fields)
        if update_fields is not None and "translation_sources" not in self.get_deferred_fields():
            kwargs["update_fields"] = {*update_fields, "translation_sources"}
        super().save(*args, **kwargs)

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        # What each translation looked like when loaded, to see later whether a save wrote it.
        instance._loaded_texts = {
            lang: _digest(instance._values(lang))
            for lang in instance._languages()
            if not instance._deferred(lang)
        }
        return instance

    @classmethod
    def translated_fields(cls) -> list[str]:
        from modeltranslation.translator import translator

        # Sorted: the registry keeps a set, whose order changes between processes, and the
        # fingerprint of the source text must be the same in every process.
        return sorted(translator.get_options_for_model(cls).all_fields)

    def _values(self, lang: str) -> list[str]:
        return [getattr(self, f"{name}_{lang}") or "" for name in self.translated_fields()]

    def source_fingerprint(self) -> str:
        return _digest(self._values(settings.MODELTRANSLATION_DEFAULT_LANGUAGE))

    def has_translation(self, lang: str) -> bool:
        return any(self._values(lang))

    def translation_state(self, lang: str) -> str:
        if lang == settings.MODELTRANSLATION_DEFAULT_LANGUAGE:
            return TranslationState.SOURCE
        if not self.has_translation(lang):
            return TranslationState.MISSING
        entry = self.translation_sources.get(lang) or {}
        if entry.get("source") != self.source_fingerprint():
            return TranslationState.OUTDATED
        return TranslationState.CURRENT

    def mark_translation_current(self, lang: str) -> None:
        self.translation_sources[lang] = {
            "source": self.source_fingerprint(),
            "text": _digest(self._values(lang)),
        }

    @staticmethod
    def _languages() -> list[str]:
        source = settings.MODELTRANSLATION_DEFAULT_LANGUAGE
        return [code for code, _name in settings.LANGUAGES if code != source]

    def _deferred(self, lang: str) -> bool:
        deferred = self.get_deferred_fields()
        return any(f"{name}_{lang}" in deferred for name in self.translated_fields())

    def _stamp_changed_translations(self, update_fields=None) -> None:
        """Record today's source fingerprint for every translation this save writes anew."""
        if self._deferred(settings.MODELTRANSLATION_DEFAULT_LANGUAGE):
            return  # the source text was not loaded, so this save does not change it
        written = None if update_fields is None else set(update_fields)
        for lang in self._languages():
            if self._deferred(lang):
                continue
            fields = [f"{name}_{lang}" for name in self.translated_fields()]
            if written is not None and not written.intersection(fields):
                continue  # this save does not write that language
            if not self.has_translation(lang):
                self.translation_sources.pop(lang, None)
                continue
            text = _digest(self._values(lang))
            if self._state.adding:
                changed = True
            elif hasattr(self, "_loaded_texts") and lang in self._loaded_texts:
                changed = text != self._loaded_texts[lang]
            else:
                changed = text != (self.translation_sources.get(lang) or {}).get("text")
            if changed:
                # The translation itself was written or edited now: it matches today's source.
                self.mark_translation_current(lang)
                if hasattr(self, "_loaded_texts"):
                    self._loaded_texts[lang] = text


class OutboxMessage(models.Model):
    """A mail waiting to be sent. Written in the same transaction as what caused it, so a mail
    server that is down delays a message but never loses it (`manage.py send_outbox`)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("wartet")
        SENT = "sent", _("gesendet")
        FAILED = "failed", _("aufgegeben")

    recipients = models.JSONField(_("Empfänger"))
    subject = models.CharField(_("Betreff"), max_length=250)
    body = models.TextField(_("Text"))
    reply_to = models.EmailField(_("Antwort an"), blank=True)
    status = models.CharField(
        _("Status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("Versuche"), default=0)
    last_error = models.TextField(_("letzter Fehler"), blank=True)
    created_at = models.DateTimeField(_("angelegt am"), auto_now_add=True)
    sent_at = models.DateTimeField(_("gesendet am"), null=True, blank=True)

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("ausgehende E-Mail")
        verbose_name_plural = _("ausgehende E-Mails")

    def __str__(self):
        return self.subject
