"""Editorial content: pages written by the county, events, and accessibility feedback."""

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.core.models import PublicModel, TranslatableModel
from portal.core.text import render_markdown, validate_plain_text, validate_single_line
from portal.core.urls import slug_url
from portal.directory.models import Location, Municipality, Offer, Organisation


class PageQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)


class Page(PublicModel, TranslatableModel):
    class Kind(models.TextChoices):
        WELCOME = "welcome", _("Grußwort")
        RUNDER_TISCH = "runder-tisch", _("Runder Tisch")
        INFO = "info", _("Weiterführende Information")
        LEGAL = "legal", _("Rechtliches")
        EASY_LANGUAGE = "easy-language", _("Leichte Sprache")
        SIGN_LANGUAGE = "sign-language", _("Gebärdensprache")

    slug = models.SlugField(_("Kurzname in der Adresse"), max_length=100, unique=True)
    kind = models.CharField(_("Art"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("Titel"), max_length=200, validators=[validate_plain_text])
    summary = models.CharField(_("Zusammenfassung"), max_length=300, blank=True)
    body = models.TextField(_("Text (Markdown)"), blank=True)
    order = models.PositiveSmallIntegerField(_("Reihenfolge"), default=0)
    is_published = models.BooleanField(_("veröffentlicht"), default=True)
    is_model_text = models.BooleanField(
        _("Mustertext"),
        default=False,
        help_text=_(
            "Ein Entwurf des Portals, den das Landratsamt durch eigenen Text ersetzt "
            "(zum Beispiel das Grußwort). Die Seite zeigt ihn als Mustertext an."
        ),
    )

    edited_in_portal = models.BooleanField(
        "im Partnerbereich bearbeitet",
        default=False,
        help_text="load_profile überschreibt diese Seite dann nicht mehr.",
    )

    objects = PageQuerySet.as_manager()

    class Meta:
        ordering = ["order", "slug"]
        verbose_name = _("Seite")
        verbose_name_plural = _("Seiten")
        constraints = [
            models.CheckConstraint(
                condition=~Q(title=""),
                name="page_title_not_empty",
                violation_error_message=_("Eine Seite braucht einen Titel."),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return slug_url("web:page-detail", self.slug)

    def body_html(self):
        return render_markdown(self.body)

    def body_html_nested(self):
        """The body inside a section that has its own h2 (headings one level lower)."""
        return render_markdown(self.body, demote=1)


class EventQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)

    def upcoming(self, now=None):
        return self.filter(ends_at__gte=now or timezone.now()).order_by("starts_at")

    def past(self, now=None):
        return self.filter(ends_at__lt=now or timezone.now()).order_by("-starts_at")

    def in_municipality(self, municipality):
        return self.filter(Q(municipality__isnull=True) | Q(municipality=municipality))


class Event(PublicModel, TranslatableModel):
    class Kind(models.TextChoices):
        RUNDER_TISCH = "runder-tisch", _("Sitzung des Runden Tisches")
        INFO_EVENING = "info", _("Informationsveranstaltung")
        COURSE_START = "kursbeginn", _("Kursbeginn")
        MEETING = "treffen", _("Treffen")
        OTHER = "sonstiges", _("Veranstaltung")

    title = models.CharField(_("Titel"), max_length=200, validators=[validate_plain_text])
    slug = models.SlugField(_("Kurzname in der Adresse"), max_length=220, unique=True)
    kind = models.CharField(_("Art"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    description = models.TextField(_("Beschreibung"), blank=True)
    starts_at = models.DateTimeField(_("Beginn"))
    ends_at = models.DateTimeField(_("Ende"))
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("Veranstalter"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="events",
    )
    offer = models.ForeignKey(
        Offer,
        verbose_name=_("gehört zum Angebot"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="events",
    )
    location = models.ForeignKey(
        Location,
        verbose_name=_("Ort"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="events",
    )
    place_text = models.CharField(_("Ort (Freitext)"), max_length=200, blank=True)
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("Stadt oder Gemeinde"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="events",
        help_text=_("Leer lassen, wenn die Veranstaltung für den ganzen Landkreis ist."),
    )
    is_published = models.BooleanField(_("veröffentlicht"), default=True)
    is_demo = models.BooleanField(_("Beispieldaten"), default=False)

    objects = EventQuerySet.as_manager()

    edited_in_portal = models.BooleanField(
        "im Partnerbereich bearbeitet",
        default=False,
        help_text="load_profile überschreibt diesen Eintrag dann nicht mehr.",
    )

    class Meta:
        ordering = ["starts_at"]
        verbose_name = _("Veranstaltung")
        verbose_name_plural = _("Veranstaltungen")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gte=models.F("starts_at")),
                name="event_ends_after_start",
                violation_error_message=_("Eine Veranstaltung darf nicht vor ihrem Beginn enden."),
            ),
            models.CheckConstraint(
                condition=~Q(title=""),
                name="event_title_not_empty",
                violation_error_message=_("Eine Veranstaltung braucht einen Titel."),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return slug_url("web:event-detail", self.slug)


class AccessibilityReport(models.Model):
    """A "Barriere melden" submission (Erklärung zur Barrierefreiheit, feedback function)."""

    page_url = models.CharField(
        _("betroffene Seite"),
        max_length=500,
        blank=True,
        validators=[validate_plain_text, validate_single_line],
    )
    message = models.TextField(
        _("Beschreibung der Barriere"), max_length=5000, validators=[validate_plain_text]
    )
    name = models.CharField(
        _("Name"),
        max_length=200,
        blank=True,
        validators=[validate_plain_text, validate_single_line],
    )
    email = models.EmailField(_("E-Mail"), blank=True)
    language = models.CharField(_("Sprache der Oberfläche"), max_length=5)
    created_at = models.DateTimeField(_("eingegangen am"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("Meldung einer Barriere")
        verbose_name_plural = _("Meldungen von Barrieren")
        constraints = [
            models.CheckConstraint(
                condition=~Q(message=""),
                name="accessibility_report_has_message",
                violation_error_message=_("Bitte beschreiben Sie die Barriere."),
            ),
        ]

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d} {self.page_url}"
