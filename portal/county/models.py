"""The county this portal serves, as loaded from its profile (profile.toml)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.core.models import TranslatableModel
from portal.core.text import validate_plain_text
from portal.directory.models import phone_validator, postcode_validator


class CountyQuerySet(models.QuerySet):
    def current(self) -> "County":
        """The loaded county; an empty one (no name) before `load_profile` has run."""
        return self.first() or County()


class County(TranslatableModel):
    """One row: name, office and the portal's title, read by every page."""

    key = models.CharField(_("Kreisschlüssel"), max_length=5, unique=True)
    name = models.CharField(_("Name"), max_length=100, validators=[validate_plain_text])
    office_name = models.CharField(_("Verwaltung"), max_length=200)
    office_street = models.CharField(_("Straße und Hausnummer"), max_length=200)
    office_postcode = models.CharField(
        _("Postleitzahl"), max_length=5, validators=[postcode_validator]
    )
    office_city = models.CharField(_("Ort"), max_length=100)
    office_phone = models.CharField(
        _("Telefon"), max_length=30, blank=True, validators=[phone_validator]
    )
    office_email = models.EmailField(_("E-Mail"), blank=True)
    website = models.URLField(_("Internetseite"), blank=True)
    title = models.CharField(_("Titel des Portals"), max_length=200)
    short_title = models.CharField(_("Kurztitel"), max_length=100)
    tagline = models.CharField(_("Leitsatz"), max_length=200, blank=True)
    description = models.CharField(_("Beschreibung für Suchmaschinen"), max_length=300)
    profile = models.CharField(_("geladen aus Profil"), max_length=200, blank=True)

    objects = CountyQuerySet.as_manager()

    class Meta:
        verbose_name = _("Landkreis")
        verbose_name_plural = _("Landkreise")

    def __str__(self):
        return self.name
