"""Mithelfen: volunteers' sign-ups (double opt-in, deleted on a schedule) and the needs that
Helferkreise and integration managers post on the needs board."""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.core.text import validate_plain_text
from portal.core.urls import fixed_url
from portal.directory.models import Contact, Language, Municipality, Organisation, Topic


def new_key() -> str:
    return secrets.token_urlsafe(24)


class Availability(models.TextChoices):
    WEEKDAYS = "werktags", _("werktags tagsüber")
    EVENINGS = "abends", _("werktags abends")
    WEEKENDS = "wochenende", _("am Wochenende")
    NOW_AND_THEN = "gelegentlich", _("ab und zu, für einzelne Termine")


class SignUpQuerySet(models.QuerySet):
    def confirmed(self):
        return self.filter(confirmed_at__isnull=False)

    def unconfirmed(self):
        return self.filter(confirmed_at__isnull=True)


class SignUp(models.Model):
    """A neighbour who offers help. Goes to a coordinator only once the e-mail address is
    confirmed; deleted after VOLUNTEER_UNCONFIRMED_DAYS unconfirmed, after
    VOLUNTEER_RETENTION_DAYS confirmed unless renewed, or at once when withdrawn."""

    key = models.CharField(max_length=40, unique=True, default=new_key, editable=False)
    name = models.CharField(_("Name"), max_length=100, validators=[validate_plain_text])
    email = models.EmailField(_("E-Mail"))
    phone = models.CharField(_("Telefon"), max_length=30, blank=True)
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("Stadt oder Gemeinde"),
        on_delete=models.PROTECT,
        related_name="volunteer_signups",
    )
    topics = models.ManyToManyField(Topic, verbose_name=_("Wobei"), blank=True)
    languages = models.ManyToManyField(Language, verbose_name=_("Sprachen"), blank=True)
    availability = models.JSONField(_("Wann"), default=list, blank=True)
    message = models.TextField(_("Nachricht"), blank=True, validators=[validate_plain_text])
    language = models.CharField(_("Sprache der Anmeldung"), max_length=10)
    consent_version = models.CharField(_("Fassung der Einwilligung"), max_length=20)
    created_at = models.DateTimeField(_("angelegt am"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("bestätigt am"), null=True, blank=True)
    routed_to = models.CharField(_("weitergeleitet an"), max_length=300, blank=True)
    delete_after = models.DateTimeField(_("wird gelöscht am"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("erinnert am"), null=True, blank=True)

    objects = SignUpQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("Anmeldung zum Mithelfen")
        verbose_name_plural = _("Anmeldungen zum Mithelfen")
        indexes = [models.Index(fields=["confirmed_at", "created_at"], name="signup_confirmed")]

    def __str__(self):
        return f"{self.municipality} ({self.created_at:%Y-%m-%d})"

    @staticmethod
    def mail_key_of(pk: int) -> str:
        """Names the outbox messages about a sign-up (deleted with it)."""
        return f"volunteering.signup:{pk}"

    @property
    def mail_key(self) -> str:
        return self.mail_key_of(self.pk)

    def availability_labels(self) -> list[str]:
        labels = dict(Availability.choices)
        return [str(labels[value]) for value in self.availability if value in labels]


class NeedQuerySet(models.QuerySet):
    def open(self, today=None):
        """Still on the board: not closed, its end date not passed (it closes itself), and
        somebody to receive the answers (a current contact with an e-mail address)."""
        return self.filter(
            closed_at__isnull=True,
            ends_on__gte=today or timezone.localdate(),
            contact__archived_at__isnull=True,
        ).exclude(contact__email="")


class Need(models.Model):
    """A concrete need a Helferkreis or an integration manager posts ("Fahrdienst zu
    Arztterminen in Laichingen"). Shown until its end date; answers go through the relay form to
    `contact`, whose address is never shown."""

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("Organisation"),
        on_delete=models.CASCADE,
        related_name="needs",
    )
    contact = models.ForeignKey(
        Contact,
        verbose_name=_("Antworten gehen an"),
        on_delete=models.CASCADE,  # without anyone to answer to, a need is gone
        related_name="needs",
    )
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("Stadt oder Gemeinde"),
        on_delete=models.PROTECT,
        related_name="needs",
    )
    title = models.CharField(
        _("Was wird gesucht?"), max_length=150, validators=[validate_plain_text]
    )
    description = models.TextField(_("Beschreibung"), validators=[validate_plain_text])
    skills = models.CharField(
        _("Was sollten Helfende mitbringen?"),
        max_length=300,
        blank=True,
        validators=[validate_plain_text],
    )
    languages = models.ManyToManyField(
        Language, verbose_name=_("gewünschte Sprachen"), blank=True, related_name="needs"
    )
    starts_on = models.DateField(_("ab"), null=True, blank=True)
    ends_on = models.DateField(_("bis"))
    closed_at = models.DateTimeField(_("geschlossen am"), null=True, blank=True)
    created_at = models.DateTimeField(_("angelegt am"), auto_now_add=True)
    updated_at = models.DateTimeField(_("geändert am"), auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("angelegt von"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    is_demo = models.BooleanField(_("Beispieldaten"), default=False)

    objects = NeedQuerySet.as_manager()

    class Meta:
        ordering = ["ends_on", "pk"]
        verbose_name = _("Gesuch")
        verbose_name_plural = _("Gesuche")
        constraints = [
            models.CheckConstraint(
                condition=Q(starts_on__isnull=True) | Q(starts_on__lte=models.F("ends_on")),
                name="need_starts_before_it_ends",
                violation_error_message=_("Der Beginn liegt nach dem Ende."),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return fixed_url("web:need-detail", self.pk)

    def is_open(self, today=None) -> bool:
        today = today or timezone.localdate()
        answered_by = self.contact
        return (
            self.closed_at is None
            and self.ends_on >= today
            and answered_by.archived_at is None
            and bool(answered_by.email)
        )
