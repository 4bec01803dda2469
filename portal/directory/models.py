"""The county directory: municipalities, partner organisations, topics and their offers.

Names follow Open Referral HSDS 3.0 where it has one (an Offer is an HSDS *service*).
"""

from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.core.models import PublicModel, TranslatableModel
from portal.core.text import render_markdown, validate_plain_text
from portal.core.urls import slug_url

ags_validator = RegexValidator(
    r"^\d{8}$", _("Der Gemeindeschlüssel (AGS) muss genau 8 Ziffern haben.")
)
postcode_validator = RegexValidator(r"^\d{5}$", _("Die Postleitzahl muss genau 5 Ziffern haben."))
phone_validator = RegexValidator(
    r"^\+?[0-9 ()/-]{3,30}$",
    _("Bitte geben Sie eine Telefonnummer nur mit Ziffern, Leerzeichen und + ( ) / - an."),
)


class AdministrativeUnit(models.Model):
    """A Verwaltungsgemeinschaft, Verwaltungsverband or Einheitsgemeinde."""

    class Kind(models.TextChoices):
        COMMUNITY = "verwaltungsgemeinschaft", _("Verwaltungsgemeinschaft")
        ASSOCIATION = "verwaltungsverband", _("Verwaltungsverband")
        UNITARY = "einheitsgemeinde", _("Einheitsgemeinde")

    key = models.CharField(
        _("Schlüssel"), max_length=9, unique=True, validators=[RegexValidator(r"^\d{9}$")]
    )
    name = models.CharField(_("Name"), max_length=200)
    kind = models.CharField(_("Art"), max_length=30, choices=Kind.choices)
    seat = models.CharField(_("Sitz"), max_length=100, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("Verwaltungsraum")
        verbose_name_plural = _("Verwaltungsräume")

    def __str__(self):
        return self.name


class MunicipalityQuerySet(models.QuerySet):
    def for_picker(self):
        return self.only("slug", "name", "local_names").order_by("name")


class Municipality(PublicModel, TranslatableModel):
    class Kind(models.TextChoices):
        TOWN = "stadt", _("Stadt")
        MUNICIPALITY = "gemeinde", _("Gemeinde")

    ags = models.CharField(
        _("Gemeindeschlüssel (AGS)"), max_length=8, unique=True, validators=[ags_validator]
    )
    ars = models.CharField(_("Regionalschlüssel (ARS)"), max_length=12, unique=True)
    name = models.CharField(_("Name"), max_length=100)
    official_name = models.CharField(_("amtlicher Name"), max_length=150)
    slug = models.SlugField(_("Kurzname in der Adresse"), max_length=100, unique=True)
    kind = models.CharField(_("Art"), max_length=10, choices=Kind.choices)
    postcode = models.CharField(_("Postleitzahl"), max_length=5, validators=[postcode_validator])
    latitude = models.DecimalField(_("Breitengrad"), max_digits=8, decimal_places=6)
    longitude = models.DecimalField(_("Längengrad"), max_digits=9, decimal_places=6)
    area_km2 = models.DecimalField(_("Fläche in km²"), max_digits=8, decimal_places=2)
    population = models.PositiveIntegerField(_("Einwohnerzahl"))
    administrative_unit = models.ForeignKey(
        AdministrativeUnit,
        verbose_name=_("Verwaltungsraum"),
        on_delete=models.PROTECT,
        related_name="municipalities",
    )
    osm_relation_id = models.PositiveBigIntegerField(
        _("OpenStreetMap-Relation"), null=True, blank=True
    )
    note = models.TextField(_("Hinweis"), blank=True, validators=[validate_plain_text])
    local_names = models.JSONField(
        _("Name in anderen Schriften"),
        default=dict,
        blank=True,
        help_text=_('Je Sprache, z. B. {"ar": "إيهينغن"}; aus dem Kreisprofil.'),
    )

    boundary = models.JSONField(
        _("Gemeindegrenze"),
        null=True,
        blank=True,
        help_text=_("GeoJSON-Geometrie (Polygon oder MultiPolygon) aus dem Kreisprofil."),
    )

    objects = MunicipalityQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("Stadt oder Gemeinde")
        verbose_name_plural = _("Städte und Gemeinden")
        constraints = [
            models.CheckConstraint(
                condition=Q(latitude__gte=-90, latitude__lte=90)
                & Q(longitude__gte=-180, longitude__lte=180),
                name="municipality_coordinates_valid",
                violation_error_message=_(
                    "Die Koordinaten liegen außerhalb des gültigen Bereichs."
                ),
            ),
            models.CheckConstraint(
                condition=Q(ags__regex=r"^[0-9]{8}$"),
                name="municipality_ags_eight_digits",
                violation_error_message=_(
                    "Der Gemeindeschlüssel (AGS) muss genau 8 Ziffern haben."
                ),
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return slug_url("web:municipality-detail", self.slug)

    def local_name(self, lang: str) -> str:
        """The name in the script of `lang` (for example Arabic), if the profile has one."""
        return (self.local_names or {}).get(lang, "")


class OrganisationKind(TranslatableModel):
    """A kind of partner, with the group of the old county page it was listed under."""

    class Group(models.TextChoices):
        WORK = "arbeit-ausbildung", _("Arbeit und Ausbildung")
        SCHOOL = "schule-sprache", _("Schule und Sprache")
        CHURCH = "kirchen-wohlfahrt", _("Kirchen, Wohlfahrtsverbände")
        MUNICIPAL = "staedte-gemeinden", _("Städte und Gemeinden")
        FURTHER = "weiterfuehrend", _("Weiterführende Informationen")

    slug = models.SlugField(_("Kurzname"), max_length=50, unique=True)
    name = models.CharField(_("Bezeichnung"), max_length=100)
    name_plural = models.CharField(_("Bezeichnung (Mehrzahl)"), max_length=100)
    group = models.CharField(_("Gruppe"), max_length=30, choices=Group.choices)
    order = models.PositiveSmallIntegerField(_("Reihenfolge"), default=0)
    is_county_office = models.BooleanField(_("gehört zum Landratsamt"), default=False)
    is_volunteer_circle = models.BooleanField(_("ist ein Helferkreis"), default=False)

    class Meta:
        ordering = ["order", "slug"]
        verbose_name = _("Art von Organisation")
        verbose_name_plural = _("Arten von Organisationen")

    def __str__(self):
        return self.name


class OrganisationQuerySet(models.QuerySet):
    def runder_tisch_members(self):
        return self.filter(is_runder_tisch_member=True)

    def volunteer_circles(self):
        return self.filter(kind__is_volunteer_circle=True)


class Organisation(PublicModel, TranslatableModel):
    """A provider or partner (HSDS organization)."""

    name = models.CharField(_("Name"), max_length=200, validators=[validate_plain_text])
    slug = models.SlugField(_("Kurzname in der Adresse"), max_length=200, unique=True)
    kind = models.ForeignKey(
        OrganisationKind,
        verbose_name=_("Art"),
        on_delete=models.PROTECT,
        related_name="organisations",
    )
    description = models.TextField(_("Beschreibung"), blank=True, validators=[validate_plain_text])
    is_runder_tisch_member = models.BooleanField(
        _("Mitglied des Runden Tisches Integration"), default=False
    )
    website = models.URLField(_("Internetseite"), blank=True)
    email = models.EmailField(_("E-Mail"), blank=True)
    phone = models.CharField(_("Telefon"), max_length=30, blank=True, validators=[phone_validator])
    street = models.CharField(_("Straße und Hausnummer"), max_length=200, blank=True)
    postcode = models.CharField(
        _("Postleitzahl"), max_length=5, blank=True, validators=[postcode_validator]
    )
    city = models.CharField(_("Ort"), max_length=100, blank=True)
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("Sitz im Landkreis"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="organisations",
    )
    municipalities_served = models.ManyToManyField(
        Municipality,
        verbose_name=_("zuständig für"),
        blank=True,
        related_name="served_by",
        help_text=_("Leer lassen, wenn die Organisation im ganzen Landkreis tätig ist."),
    )
    is_demo = models.BooleanField(_("Beispieldaten"), default=False)

    objects = OrganisationQuerySet.as_manager()

    edited_in_portal = models.BooleanField(
        "im Partnerbereich bearbeitet",
        default=False,
        help_text="load_profile überschreibt diesen Eintrag dann nicht mehr.",
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("Organisation")
        verbose_name_plural = _("Organisationen")
        constraints = [
            models.CheckConstraint(
                condition=~Q(name=""),
                name="organisation_name_not_empty",
                violation_error_message=_("Eine Organisation braucht einen Namen."),
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return slug_url("web:organisation-detail", self.slug)

    def description_html(self):
        return render_markdown(self.description, demote=1)


class Topic(PublicModel, TranslatableModel):
    """The taxonomy newcomers navigate by (HSDS taxonomy_term)."""

    slug = models.SlugField(_("Kurzname in der Adresse"), max_length=50, unique=True)
    name = models.CharField(_("Name"), max_length=100)
    description = models.TextField(_("Beschreibung"), blank=True)
    icon = models.CharField(_("Symbol"), max_length=30, blank=True)
    order = models.PositiveSmallIntegerField(_("Reihenfolge"), default=0)
    edited_in_portal = models.BooleanField(
        "im Partnerbereich bearbeitet",
        default=False,
        help_text="load_profile überschreibt dieses Thema dann nicht mehr.",
    )

    class Meta:
        ordering = ["order", "slug"]
        verbose_name = _("Thema")
        verbose_name_plural = _("Themen")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return slug_url("web:topic-detail", self.slug)


class TargetGroup(TranslatableModel):
    slug = models.SlugField(_("Kurzname"), max_length=50, unique=True)
    name = models.CharField(_("Name"), max_length=100)
    order = models.PositiveSmallIntegerField(_("Reihenfolge"), default=0)

    class Meta:
        ordering = ["order", "slug"]
        verbose_name = _("Zielgruppe")
        verbose_name_plural = _("Zielgruppen")

    def __str__(self):
        return self.name


class Language(models.Model):
    """A language an offer is delivered in (ISO 639-1 or 639-3 code)."""

    code = models.CharField(
        _("Sprachcode"), max_length=3, unique=True, validators=[RegexValidator(r"^[a-z]{2,3}$")]
    )
    name_native = models.CharField(_("Name in der Sprache selbst"), max_length=50)
    name_german = models.CharField(_("deutscher Name"), max_length=50)
    order = models.PositiveSmallIntegerField(_("Reihenfolge"), default=0)

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("Sprache")
        verbose_name_plural = _("Sprachen")

    def __str__(self):
        return self.name_native


class ArchivableQuerySet(models.QuerySet):
    def active(self):
        return self.filter(archived_at__isnull=True)


class Archivable(models.Model):
    """Taken off the public pages instead of deleted (a partner can bring it back)."""

    archived_at = models.DateTimeField(_("archiviert am"), null=True, blank=True)

    class Meta:
        abstract = True

    def archive(self):
        self.archived_at = timezone.now()
        self.save(update_fields=["archived_at", "updated_at"])

    def restore(self):
        self.archived_at = None
        self.save(update_fields=["archived_at", "updated_at"])


class Location(Archivable, PublicModel, TranslatableModel):
    """A place where an offer happens (HSDS location with its address)."""

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("Organisation"),
        on_delete=models.CASCADE,
        related_name="locations",
    )
    name = models.CharField(_("Bezeichnung"), max_length=200)
    street = models.CharField(_("Straße und Hausnummer"), max_length=200)
    postcode = models.CharField(_("Postleitzahl"), max_length=5, validators=[postcode_validator])
    city = models.CharField(_("Ort"), max_length=100)
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("Stadt oder Gemeinde"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="locations",
    )
    latitude = models.DecimalField(
        _("Breitengrad"), max_digits=8, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("Längengrad"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    accessibility = models.TextField(_("Barrierefreiheit vor Ort"), blank=True)

    edited_in_portal = models.BooleanField(
        "im Partnerbereich bearbeitet",
        default=False,
        help_text="load_profile überschreibt diesen Eintrag dann nicht mehr.",
    )

    objects = ArchivableQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("Ort")
        verbose_name_plural = _("Orte")
        constraints = [
            models.CheckConstraint(
                condition=(Q(latitude__isnull=True) & Q(longitude__isnull=True))
                | (
                    Q(latitude__isnull=False, longitude__isnull=False)
                    & Q(latitude__gte=-90, latitude__lte=90)
                    & Q(longitude__gte=-180, longitude__lte=180)
                ),
                name="location_coordinates_valid",
                violation_error_message=_(
                    "Breiten- und Längengrad müssen zusammen und gültig angegeben werden."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.name}, {self.city}"


class Contact(Archivable, PublicModel, TranslatableModel):
    """A person or a desk that newcomers can call or write to."""

    class Kind(models.TextChoices):
        INTEGRATION_MANAGER = "integrationsmanagement", _("Integrationsmanagement")
        VOLUNTEER_COORDINATION = "helferkreis", _("Helferkreis-Koordination")
        COUNSELLING = "beratung", _("Beratung")
        ADMINISTRATION = "verwaltung", _("Verwaltung")
        OTHER = "sonstiges", _("Sonstiges")

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("Organisation"),
        on_delete=models.CASCADE,
        related_name="contacts",
    )
    name = models.CharField(
        _("Name der Person oder Stelle"), max_length=200, validators=[validate_plain_text]
    )
    is_person = models.BooleanField(_("ist eine Person"), default=True)
    kind = models.CharField(_("Aufgabe"), max_length=30, choices=Kind.choices)
    role = models.CharField(_("Funktion"), max_length=200, blank=True)
    email = models.EmailField(_("E-Mail"), blank=True)
    phone = models.CharField(_("Telefon"), max_length=30, blank=True, validators=[phone_validator])
    office_hours = models.TextField(_("Sprechzeiten"), blank=True)
    municipalities = models.ManyToManyField(
        Municipality,
        verbose_name=_("zuständig für"),
        blank=True,
        related_name="contacts",
    )
    order = models.PositiveSmallIntegerField(_("Reihenfolge"), default=0)
    is_demo = models.BooleanField(_("Beispieldaten"), default=False)

    edited_in_portal = models.BooleanField(
        "im Partnerbereich bearbeitet",
        default=False,
        help_text="load_profile überschreibt diesen Eintrag dann nicht mehr.",
    )

    objects = ArchivableQuerySet.as_manager()

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("Ansprechperson oder -stelle")
        verbose_name_plural = _("Ansprechpersonen und -stellen")
        constraints = [
            models.CheckConstraint(
                condition=~Q(email="") | ~Q(phone=""),
                name="contact_reachable",
                violation_error_message=_(
                    "Eine Ansprechperson braucht eine E-Mail-Adresse oder eine Telefonnummer."
                ),
            ),
        ]

    def __str__(self):
        return self.name


class OfferQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Offer.Status.PUBLISHED)

    def in_municipality(self, municipality):
        """Offers available there: serving it explicitly, or serving the whole county. (Its
        offers as a subquery, not a join: no duplicates to remove; a third faster on SQLite.)"""
        serving = Offer.municipalities.through.objects.filter(municipality=municipality)
        return self.filter(Q(is_county_wide=True) | Q(pk__in=serving.values("offer_id")))

    def for_listing(self):
        """What an offer card shows (portal.web.cards) and no more: a town page lists over a
        hundred offers, and loading every field, the organisation and a related manager per
        offer took most of its time. The topics and languages come as lists (`topic_list`,
        `language_list`), the organisation's name as `organisation_name`."""
        return (
            self.only("slug", "title", "summary", "is_county_wide", "is_demo")
            .annotate(organisation_name=models.F("organisation__name"))
            .prefetch_related(
                models.Prefetch("topics", Topic.objects.only("slug", "name"), to_attr="topic_list"),
                models.Prefetch("languages", to_attr="language_list"),
            )
        )


class Offer(PublicModel, TranslatableModel):
    """What an organisation offers (HSDS service)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Entwurf")
        IN_REVIEW = "in_review", _("in Prüfung")
        PUBLISHED = "published", _("veröffentlicht")
        ARCHIVED = "archived", _("archiviert")

    class Cost(models.TextChoices):
        FREE = "free", _("kostenlos")
        REDUCED = "reduced", _("ermäßigt möglich")
        PAID = "paid", _("kostenpflichtig")

    organisation = models.ForeignKey(
        Organisation, verbose_name=_("Anbieter"), on_delete=models.PROTECT, related_name="offers"
    )
    title = models.CharField(_("Titel"), max_length=200, validators=[validate_plain_text])
    slug = models.SlugField(_("Kurzname in der Adresse"), max_length=220, unique=True)
    summary = models.CharField(
        _("Kurzbeschreibung"), max_length=300, blank=True, validators=[validate_plain_text]
    )
    description = models.TextField(_("Beschreibung"), blank=True, validators=[validate_plain_text])
    topics = models.ManyToManyField(Topic, verbose_name=_("Themen"), related_name="offers")
    target_groups = models.ManyToManyField(
        TargetGroup, verbose_name=_("Zielgruppen"), blank=True, related_name="offers"
    )
    languages = models.ManyToManyField(
        Language, verbose_name=_("angeboten in"), blank=True, related_name="offers"
    )
    cost = models.CharField(_("Kosten"), max_length=10, choices=Cost.choices, default=Cost.FREE)
    cost_note = models.CharField(_("Hinweis zu den Kosten"), max_length=300, blank=True)
    registration = models.TextField(_("So melden Sie sich an"), blank=True)
    schedule = models.TextField(_("Wann"), blank=True)
    external_url = models.URLField(_("Link zum Angebot"), blank=True)
    locations = models.ManyToManyField(
        Location, verbose_name=_("Orte"), blank=True, related_name="offers"
    )
    is_county_wide = models.BooleanField(_("im ganzen Landkreis"), default=False)
    municipalities = models.ManyToManyField(
        Municipality, verbose_name=_("für diese Orte"), blank=True, related_name="offers"
    )
    contacts = models.ManyToManyField(
        Contact, verbose_name=_("Ansprechpersonen"), blank=True, related_name="offers"
    )
    status = models.CharField(
        _("Status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    last_verified_at = models.DateTimeField(_("zuletzt geprüft am"), null=True, blank=True)
    published_at = models.DateTimeField(_("veröffentlicht am"), null=True, blank=True)
    is_demo = models.BooleanField(_("Beispieldaten"), default=False)

    objects = OfferQuerySet.as_manager()

    edited_in_portal = models.BooleanField(
        "im Partnerbereich bearbeitet",
        default=False,
        help_text="load_profile überschreibt diesen Eintrag dann nicht mehr.",
    )

    class Meta:
        ordering = ["title"]
        verbose_name = _("Angebot")
        verbose_name_plural = _("Angebote")
        constraints = [
            models.CheckConstraint(
                condition=~Q(title=""),
                name="offer_title_not_empty",
                violation_error_message=_("Ein Angebot braucht einen Titel."),
            ),
            models.CheckConstraint(
                condition=~Q(status="published")
                | (Q(last_verified_at__isnull=False) & Q(published_at__isnull=False)),
                name="offer_published_is_verified",
                violation_error_message=_(
                    "Ein veröffentlichtes Angebot braucht ein Prüf- und ein Veröffentlichungsdatum."
                ),
            ),
            models.CheckConstraint(
                condition=Q(status__in=["draft", "in_review", "published", "archived"]),
                name="offer_status_known",
                violation_error_message=_("Unbekannter Status."),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return slug_url("web:offer-detail", self.slug)

    def description_html(self):
        return render_markdown(self.description, demote=1)

    def archive(self):
        self.status = self.Status.ARCHIVED
        self.save(update_fields=["status", "updated_at"])

    def restore(self):
        self.status = self.Status.PUBLISHED if self.published_at else self.Status.DRAFT
        self.save(update_fields=["status", "updated_at"])

    def verification_age_days(self, now=None) -> int | None:
        if not self.last_verified_at:
            return None
        return ((now or timezone.now()) - self.last_verified_at).days
