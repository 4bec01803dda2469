"""Base mixins for content models (stable public ids, timestamps, translation state), the
mail outbox and the audit history."""

import functools
import uuid
from datetime import timedelta

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils import timezone
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


def source_language() -> str:
    return settings.MODELTRANSLATION_DEFAULT_LANGUAGE


def target_languages() -> list[str]:
    return [code for code, _name in settings.LANGUAGES if code != source_language()]


class TranslatableModel(models.Model):
    """Content whose text fields have per-language versions (registered with modeltranslation).

    German is the source. For every other language, `translation_sources` keeps the German text
    that translation was made from, written by `portal.core.translations.mark_translated` when
    someone writes or confirms a translation. A translation is outdated while today's German text
    differs from it. Reading the state compares a few strings: nothing happens on load or save.
    """

    translation_sources = models.JSONField(
        _("Stand der Übersetzungen"), default=dict, blank=True, editable=False
    )

    class Meta:
        abstract = True

    @classmethod
    def translated_fields(cls) -> list[str]:
        return _translated_fields(cls)

    def _load_texts(self) -> None:
        """Load all language versions at once if the object was read with only some of them
        (`.only()`), instead of one query per field."""
        if deferred := self.get_deferred_fields():
            languages = [source_language(), *target_languages()]
            wanted = {f"{name}_{lang}" for name in self.translated_fields() for lang in languages}
            if missing := (wanted | {"translation_sources"}) & deferred:
                self.refresh_from_db(fields=sorted(missing))

    def source_texts(self) -> dict[str, str]:
        """Today's German text of every translated field that has one."""
        self._load_texts()
        source = source_language()
        texts = {name: getattr(self, f"{name}_{source}") or "" for name in self.translated_fields()}
        return {name: text for name, text in texts.items() if text}

    def has_translation(self, lang: str) -> bool:
        self._load_texts()
        return any(getattr(self, f"{name}_{lang}") for name in self.translated_fields())

    def translation_state(self, lang: str) -> str:
        if lang == source_language():
            return TranslationState.SOURCE
        if not self.has_translation(lang):
            return TranslationState.MISSING
        if self.translation_sources.get(lang) != self.source_texts():
            return TranslationState.OUTDATED
        return TranslationState.CURRENT

    def source_changes(self, lang: str) -> dict[str, tuple[str, str]]:
        """Per field, the German text the translation was made from and today's, where they
        differ: what a translator has to look at. Empty when the translation is current."""
        then = self.translation_sources.get(lang) or {}
        now = self.source_texts()
        return {
            name: (then.get(name, ""), now.get(name, ""))
            for name in self.translated_fields()
            if then.get(name, "") != now.get(name, "")
        }


@functools.cache
def _translated_fields(model: type[models.Model]) -> list[str]:
    from modeltranslation.translator import translator

    return sorted(translator.get_options_for_model(model).all_fields)


class OutboxQuerySet(models.QuerySet):
    def due(self, now):
        """Waiting messages whose next attempt is due, and messages a sender claimed but did
        not finish (it died) once its claim has expired."""
        return self.filter(
            Q(status=OutboxMessage.Status.PENDING, next_attempt_at__lte=now)
            | Q(status=OutboxMessage.Status.SENDING, claimed_until__lt=now)
        )

    def retry(self, messages, now=None) -> int:
        """Queue failed or waiting messages for an attempt at once, with a new retry period."""
        now = now or timezone.now()
        return self.filter(
            pk__in=[m.pk for m in messages],
            status__in=[OutboxMessage.Status.PENDING, OutboxMessage.Status.FAILED],
        ).update(
            status=OutboxMessage.Status.PENDING,
            next_attempt_at=now,
            retry_until=now + retry_period(),
        )


def retry_period() -> timedelta:
    return timedelta(days=settings.OUTBOX_RETRY_DAYS)


def retry_deadline():
    return timezone.now() + retry_period()


class OutboxMessage(models.Model):
    """A mail waiting to be sent. Written in the same transaction as what caused it, so a mail
    server that is down delays a message but never loses it (`manage.py send_outbox`)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("wartet")
        SENDING = "sending", _("wird gesendet")
        SENT = "sent", _("gesendet")
        FAILED = "failed", _("gescheitert")

    recipients = models.JSONField(_("Empfänger"))
    subject = models.CharField(_("Betreff"), max_length=250)
    body = models.TextField(_("Text"))
    html_body = models.TextField(_("Text als HTML"), blank=True)
    headers = models.JSONField(_("weitere Kopfzeilen"), default=dict, blank=True)
    reply_to = models.EmailField(_("Antwort an"), blank=True)
    about = models.CharField(
        _("betrifft"),
        max_length=100,
        blank=True,
        db_index=True,
        help_text=_(
            "Wofür die Nachricht ist, z. B. eine Anmeldung: wird sie gelöscht, dann auch "
            "ihre Nachrichten."
        ),
    )
    status = models.CharField(
        _("Status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveIntegerField(_("Versuche"), default=0)
    last_error = models.TextField(_("letzter Fehler"), blank=True)
    created_at = models.DateTimeField(_("angelegt am"), auto_now_add=True)
    next_attempt_at = models.DateTimeField(_("nächster Versuch"), default=timezone.now)
    retry_until = models.DateTimeField(_("Versuche bis"), default=retry_deadline)
    claimed_until = models.DateTimeField(_("in Arbeit bis"), null=True, blank=True)
    sent_at = models.DateTimeField(_("gesendet am"), null=True, blank=True)

    objects = OutboxQuerySet.as_manager()

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("ausgehende E-Mail")
        verbose_name_plural = _("ausgehende E-Mails")
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="outbox_due")]

    def __str__(self):
        return self.subject


class AuditEntry(models.Model):
    class Action(models.TextChoices):
        CREATE = "create", "angelegt"
        CHANGE = "change", "geändert"
        SUBMIT = "submit", "zur Prüfung eingereicht"
        PUBLISH = "publish", "veröffentlicht"
        RETURN = "return", "zurückgegeben"
        ARCHIVE = "archive", "archiviert"
        RESTORE = "restore", "wiederhergestellt"
        TRANSLATE = "translate", "übersetzt"
        INVITE = "invite", "eingeladen"
        DEACTIVATE = "deactivate", "deaktiviert"
        ACTIVATE = "activate", "aktiviert"
        SIGN_IN = "sign_in", "Anmeldung geändert"

    created_at = models.DateTimeField("Zeitpunkt", auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="von",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    action = models.CharField("Aktion", max_length=12, choices=Action.choices)
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.CharField(max_length=64)
    target = GenericForeignKey("content_type", "object_id")
    object_repr = models.CharField("Eintrag", max_length=300)
    changes = models.JSONField("Änderungen", default=dict, blank=True)
    comment = models.TextField("Kommentar", blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "Eintrag im Verlauf"
        verbose_name_plural = "Verlauf"
        indexes = [models.Index(fields=["content_type", "object_id"], name="audit_object")]

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.get_action_display()} {self.object_repr}"


class ReferenceVersion(models.Model):
    """One row: a token that changes with every change of the reference data nearly every
    page shows (county, topics, municipalities, languages, target groups, pages); `reference` keeps
    those rows per process until the token differs. Written in the same transaction as the
    change, so every process sees it exactly when the change is committed."""

    token = models.CharField(max_length=32)

    def __str__(self):
        return self.token
