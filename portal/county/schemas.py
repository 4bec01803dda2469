"""What a valid row of each profile and demo file looks like, as plain Django forms.

A form's field names are the file's column names (or front matter keys), so its errors name
the column the editor has to fix. `<name>_<lang>` columns for every language come from
`translated`: German is required where the text is, the other languages are optional.
"""

import re

from django import forms
from django.conf import settings

from portal.content.models import Event, Page
from portal.core.forms import MailAddressField, SingleLineField, TextField
from portal.directory.models import (
    AdministrativeUnit,
    Contact,
    Municipality,
    Offer,
    OrganisationKind,
    phone_validator,
)

LANGUAGES = [code for code, _name in settings.LANGUAGES]
REQUIRED = {"required": "Der Wert fehlt."}  # the loaders report in German, like the files


def digits(count: int, what: str) -> forms.RegexField:
    return forms.RegexField(
        rf"^[0-9]{{{count}}}$",
        error_messages={**REQUIRED, "invalid": f"{what} muss genau {count} Ziffern haben."},
    )


def flag(required=True) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        choices=[("ja", "ja"), ("nein", "nein")],
        coerce=lambda value: value == "ja",
        required=required,
        empty_value=False,
        error_messages={
            **REQUIRED,
            "invalid_choice": "Erlaubt sind „ja“ und „nein“, nicht „%(value)s“.",
        },
    )


def choice(choices, required=True) -> forms.ChoiceField:
    allowed = ", ".join(f"„{value}“" for value, _label in choices)
    return forms.ChoiceField(
        choices=choices,
        required=required,
        error_messages={
            **REQUIRED,
            "invalid_choice": f"Unbekannter Wert „%(value)s“. Erlaubt sind {allowed}.",
        },
    )


def text(max_length=None, required=True, multiline=False) -> forms.CharField:
    field = TextField if multiline else SingleLineField
    return field(max_length=max_length, required=required, error_messages=REQUIRED)


def number(min_value=0, max_value=None, required=True) -> forms.IntegerField:
    return forms.IntegerField(
        min_value=min_value, max_value=max_value, required=required, error_messages=REQUIRED
    )


def decimal(max_digits, decimal_places, min_value=None, max_value=None) -> forms.DecimalField:
    return forms.DecimalField(
        max_digits=max_digits,
        decimal_places=decimal_places,
        min_value=min_value,
        max_value=max_value,
        error_messages=REQUIRED,
    )


class RowForm(forms.Form):
    # field name -> (max_length, required in German, multi-line)
    translated: dict[str, tuple[int | None, bool, bool]] = {}

    def __init__(self, data):
        super().__init__(data)
        for name, (max_length, required, multiline) in self.translated.items():
            for lang in LANGUAGES:
                self.fields[f"{name}_{lang}"] = text(
                    max_length, required=required and lang == LANGUAGES[0], multiline=multiline
                )

    def translations(self) -> dict[str, str]:
        return {
            f"{name}_{lang}": self.cleaned_data[f"{name}_{lang}"]
            for name in self.translated
            for lang in LANGUAGES
        }


# -- profile.toml -------------------------------------------------------------------------


class CountyForm(RowForm):
    name = text(100)
    key = digits(5, "Der Kreisschlüssel")
    office_name = text(200)
    office_street = text(200)
    office_postcode = digits(5, "Die Postleitzahl")
    office_city = text(100)
    office_phone = forms.CharField(required=False, max_length=30, validators=[phone_validator])
    office_email = MailAddressField(required=False)
    website = forms.URLField(required=False, max_length=200, assume_scheme="https")


class PortalForm(forms.Form):
    """The [portal] table, and each [portal.<lang>] table for a translation."""

    title = text(200)
    short_title = text(100)
    tagline = text(200, required=False)
    description = text(300)


class PortalTranslationForm(PortalForm):
    def __init__(self, data):
        super().__init__(data)
        for name in self.fields:
            self.fields[name].required = False


# -- profile CSV files ----------------------------------------------------------------------


class AdministrativeUnitForm(RowForm):
    ignored_columns = ("mitglieder_ags",)
    verband_schluessel = digits(9, "Der Schlüssel")
    verband_name_destatis = text(200, required=False)
    verband_art_bkg = choice([(label, label) for _v, label in AdministrativeUnit.Kind.choices])
    sitz = text(100, required=False)
    mitglieder_namen = text(2000)


class MunicipalityForm(RowForm):
    ignored_columns = ("verband_name", "verband_art")  # copied from the reference data
    ags = digits(8, "Der Gemeindeschlüssel (AGS)")
    ars = digits(12, "Der Regionalschlüssel (ARS)")
    name = text(100)
    name_destatis = text(150, required=False)
    typ = choice([(label, label) for _v, label in Municipality.Kind.choices])
    plz = digits(5, "Die Postleitzahl")
    lat = decimal(8, 6, -90, 90)
    lon = decimal(9, 6, -180, 180)
    area_km2 = decimal(8, 2, min_value=0)
    population = number()
    verband_schluessel = digits(9, "Der Schlüssel")
    osm_relation_id = number(min_value=1, required=False)


class MunicipalityNamesForm(RowForm):
    """municipality-names.csv: the names in other scripts (transliterations), per language."""

    ags = digits(8, "Der Gemeindeschlüssel (AGS)")
    name = text(100)
    ar = text(100, required=False)
    fa = text(100, required=False)
    ru = text(100, required=False)
    uk = text(100, required=False)

    LANGUAGES = ("ar", "fa", "ru", "uk")


class LanguageForm(RowForm):
    code = forms.RegexField(
        r"^[a-z]{2,3}$",
        error_messages={**REQUIRED, "invalid": "Erwartet wird ein Sprachcode wie „de“ oder „prs“."},
    )
    order = number()
    name_native = text(50)
    name_german = text(50)


class OrganisationKindForm(RowForm):
    slug = forms.SlugField(max_length=50, error_messages=REQUIRED)
    group = choice(OrganisationKind.Group.choices)
    order = number()
    county_office = flag()
    volunteer_circle = flag()
    translated = {"name": (100, True, False), "name_plural": (100, True, False)}


class TopicForm(RowForm):
    slug = forms.SlugField(max_length=50, error_messages=REQUIRED)
    order = number()
    icon = text(30, required=False)
    translated = {"name": (100, True, False), "description": (None, False, True)}


class TargetGroupForm(RowForm):
    slug = forms.SlugField(max_length=50, error_messages=REQUIRED)
    order = number()
    translated = {"name": (100, True, False)}


class OrganisationForm(RowForm):
    slug = forms.SlugField(max_length=200, error_messages=REQUIRED)
    name = text(200)
    kind = forms.SlugField(error_messages=REQUIRED)
    runder_tisch = flag()
    website = forms.URLField(required=False, max_length=200, assume_scheme="https")
    email = MailAddressField(required=False)
    phone = forms.CharField(required=False, max_length=30, validators=[phone_validator])
    street = text(200, required=False)
    postcode = forms.RegexField(r"^[0-9]{5}$", required=False)
    city = text(100, required=False)
    municipality_ags = forms.RegexField(r"^[0-9]{8}$", required=False)
    translated = {"description": (None, False, True)}


class PageForm(forms.Form):
    kind = choice(Page.Kind.choices)
    order = number()
    title = text(200)
    summary = text(300, required=False)
    body = TextField(required=False)
    model_text = flag(required=False)


class PageTranslationForm(forms.Form):
    title = text(200)
    summary = text(300, required=False)
    body = TextField(required=False)


# -- demo files ------------------------------------------------------------------------------

AGS_LIST = r"^[0-9]{8}(\s*;\s*[0-9]{8})*$"


def ags_list() -> forms.RegexField:
    return forms.RegexField(
        AGS_LIST,
        required=False,
        error_messages={"invalid": "Erwartet werden Gemeindeschlüssel (AGS), getrennt durch „;“."},
    )


def slug_list(pattern=r"[a-z0-9-]+") -> forms.RegexField:
    return forms.RegexField(
        rf"^{pattern}(\s*;\s*{pattern})*$",
        required=False,
        error_messages={"invalid": "Erwartet werden Kurznamen, getrennt durch „;“."},
    )


class DemoOrganisationForm(OrganisationForm):
    serves = ags_list()


class DemoContactForm(RowForm):
    organisation = forms.SlugField(error_messages=REQUIRED)
    name = text(200)
    person = flag()
    kind = choice(Contact.Kind.choices)
    email = MailAddressField(required=False)
    phone = forms.CharField(required=False, max_length=30, validators=[phone_validator])
    order = number()
    municipalities = ags_list()
    administrative_units = slug_list(r"[0-9]{9}")
    translated = {"role": (200, False, False), "office_hours": (None, False, True)}

    def clean(self):
        data = super().clean()
        if not data.get("email") and not data.get("phone") and not self.errors:
            raise forms.ValidationError(
                "Eine Ansprechperson braucht eine E-Mail-Adresse oder eine Telefonnummer."
            )
        return data


class DemoLocationForm(RowForm):
    organisation = forms.SlugField(error_messages=REQUIRED)
    name = text(200)
    street = text(200)
    postcode = digits(5, "Die Postleitzahl")
    city = text(100)
    municipality_ags = forms.RegexField(r"^[0-9]{8}$", required=False)
    latitude = forms.DecimalField(
        max_digits=8, decimal_places=6, min_value=-90, max_value=90, required=False
    )
    longitude = forms.DecimalField(
        max_digits=9, decimal_places=6, min_value=-180, max_value=180, required=False
    )
    translated = {"accessibility": (None, False, True)}

    def clean(self):
        data = super().clean()
        if (data.get("latitude") is None) != (data.get("longitude") is None) and not self.errors:
            raise forms.ValidationError("Breiten- und Längengrad müssen zusammen angegeben werden.")
        return data


class DemoOfferForm(forms.Form):
    """An offer file's front matter; the Markdown below it is the description."""

    title = text(200)
    organisation = forms.SlugField(error_messages=REQUIRED)
    summary = text(300)
    body = TextField()
    topics = slug_list()
    target_groups = slug_list()
    languages = slug_list(r"[a-z]{2,3}")
    cost = choice(Offer.Cost.choices)
    cost_note = text(300, required=False)
    schedule = text(None, required=False)
    registration = text(None, required=False)
    municipalities = forms.CharField(
        error_messages=REQUIRED,
        help_text="„landkreis“ oder Gemeindeschlüssel, getrennt durch „;“",
    )
    locations = text(None, required=False)
    contacts = text(None, required=False)
    external_url = forms.URLField(required=False, max_length=200, assume_scheme="https")
    verified_days_ago = number(max_value=3650)

    def clean_municipalities(self):
        value = self.cleaned_data["municipalities"]
        if value != "landkreis" and not re.match(AGS_LIST, value):
            raise forms.ValidationError(
                "Erwartet wird „landkreis“ oder Gemeindeschlüssel (AGS), getrennt durch „;“."
            )
        return value


class DemoOfferTranslationForm(forms.Form):
    title = text(200)
    summary = text(300, required=False)
    body = TextField(required=False)
    schedule = text(None, required=False)
    registration = text(None, required=False)


class RelativeDayField(forms.CharField):
    """A day as `2025-10-09`, or relative to the day of loading as `+14` or `-3`."""

    def clean(self, value):
        value = super().clean(value)
        if not value and not self.required:
            return None
        if re.fullmatch(r"[+-][0-9]{1,4}", value):
            return int(value)
        try:
            return forms.DateField(input_formats=["%Y-%m-%d"]).clean(value)
        except forms.ValidationError:
            raise forms.ValidationError(
                "Erwartet wird ein Datum wie 2025-10-09 oder Tage ab heute wie +14."
            ) from None


class DemoNeedForm(RowForm):
    organisation = forms.SlugField(error_messages=REQUIRED)
    title = text(150)
    description = text(3000, multiline=True)
    skills = text(300, required=False)
    languages = slug_list(r"[a-z]{2,3}")
    municipality_ags = forms.RegexField(r"^[0-9]{8}$", error_messages=REQUIRED)
    starts = RelativeDayField(required=False)
    ends = RelativeDayField(error_messages=REQUIRED)
    contact = text(200)


class DemoEventForm(RowForm):
    slug = forms.SlugField(max_length=220, error_messages=REQUIRED)
    kind = choice(Event.Kind.choices)
    day = RelativeDayField(error_messages=REQUIRED)
    time = forms.TimeField(input_formats=["%H:%M"], error_messages=REQUIRED)
    hours = decimal(4, 1, min_value=0, max_value=240)
    place = text(200, required=False)
    municipality_ags = forms.RegexField(r"^[0-9]{8}$", required=False)
    organisation = forms.SlugField(required=False)
    offer = forms.SlugField(required=False)
    translated = {"title": (200, True, False), "description": (None, False, True)}
