"""Load a county profile folder (e.g. data/alb-donau-kreis/) into the database.

The only code that reads profile.toml. Everything is read and checked first; only a profile
without errors is written, in one transaction (see `loader.write`).
"""

import json
from pathlib import Path

from django.conf import settings
from django.utils import translation

from portal.content.models import Page
from portal.core.text import german_slugify
from portal.directory.models import (
    AdministrativeUnit,
    Language,
    Municipality,
    Organisation,
    OrganisationKind,
    TargetGroup,
    Topic,
)

from . import schemas
from .files import Errors, Row, read_csv, read_markdown_folder, read_toml
from .loader import Record, Ref, Stats, write
from .models import County

LANGUAGES = [code for code, _name in settings.LANGUAGES]
# What the profile describes completely: an entry its files no longer have is reported (and a
# page is no longer published). Organisations are not among them: partners add their own.
OWNED = (AdministrativeUnit, Municipality, Language, OrganisationKind, Topic, TargetGroup, Page)


def load_profile(folder: Path) -> dict[str, Stats]:
    """Validate and load a profile folder. Raises ProfileInvalid and writes nothing on error."""
    with translation.override(settings.LANGUAGE_CODE):
        reader = ProfileReader(Path(folder))
        records = reader.read()
        return write(records, reader.errors, owned=OWNED)


def required_columns(form_class) -> list[str]:
    return [name for name, field in form_class(None).fields.items() if field.required]


def allowed_columns(form_class) -> set[str]:
    """The form's fields and the columns it knows but ignores (copied reference data)."""
    return set(form_class(None).fields) | set(getattr(form_class, "ignored_columns", ()))


def form_errors(errors: Errors, row: Row, form) -> None:
    for column, messages in form.errors.items():
        value = row.values.get(column) or ""
        read = f" Gelesen: „{value[:60]}“." if value and column != "body" else ""
        for message in messages:
            where = column if column != "__all__" else "-"
            errors.add(row.file, row.line_of(column), where, f"{message}{read}")


class FolderReader:
    """Reads the files of a folder into records, checking each row with a form."""

    def __init__(self, folder: Path, label: str = ""):
        self.folder = folder
        self.label = label  # prefix of file names in error messages, e.g. "demo/"
        self.errors = Errors()
        self.records: list[Record] = []

    def valid(self, form_class, row: Row, check_keys=False):
        """The bound, valid form for a row, or None after reporting its errors. With
        `check_keys`, keys the form does not know are errors too (a front matter, where
        every file is its own header)."""
        form = form_class(row.values)
        unknown = set(row.values) - set(form.fields) - {"body"} if check_keys else set()
        for key in sorted(unknown):
            self.errors.add(row.file, row.line_of(key), key, "Unbekannter Schlüssel.")
        if form.is_valid() and not unknown:
            return form
        form_errors(self.errors, row, form)
        return None

    def read_rows(self, name, form_class, to_record) -> None:
        required, allowed = required_columns(form_class), allowed_columns(form_class)
        for row in read_csv(self.folder, name, self.errors, required, allowed):
            row.file = f"{self.label}{name}"
            if form := self.valid(form_class, row):
                self.records.append(to_record(form.cleaned_data, form, row))


class ProfileReader(FolderReader):
    def read(self) -> list[Record]:
        self.read_county()
        self.read_rows("administrative-units.csv", schemas.AdministrativeUnitForm, self.unit)
        self.local_names = self.read_local_names()
        self.boundaries = self.read_boundaries()
        self.read_rows("municipalities.csv", schemas.MunicipalityForm, self.municipality)
        self.check_local_names()
        self.read_rows("languages.csv", schemas.LanguageForm, self.language)
        self.read_rows("organisation-kinds.csv", schemas.OrganisationKindForm, self.kind)
        self.read_rows("topics.csv", schemas.TopicForm, self.topic)
        self.read_rows("target-groups.csv", schemas.TargetGroupForm, self.target_group)
        self.read_rows("organisations.csv", schemas.OrganisationForm, self.organisation)
        self.read_pages()
        return self.records

    # -- profile.toml ---------------------------------------------------------------------
    def read_county(self) -> None:
        document, lines = read_toml(self.folder, "profile.toml", self.errors)
        if document is None:
            return
        portal_table = document.get("portal")
        county = self.table(document.get("county"), lines, "county", schemas.CountyForm)
        portal = self.table(portal_table, lines, "portal", schemas.PortalForm)
        if county is None or portal is None:
            return
        values = {**county.cleaned_data, "profile": self.folder.name}
        columns = {name: f"county.{name}" for name in county.cleaned_data}
        for lang in LANGUAGES:
            data = portal.cleaned_data
            if lang != LANGUAGES[0]:
                translated = portal_table.get(lang, {})
                path = f"portal.{lang}"
                form = self.table(translated, lines, path, schemas.PortalTranslationForm)
                data = form.cleaned_data if form else {}
            for name in schemas.PortalForm.base_fields:
                values[f"{name}_{lang}"] = data.get(name, "")
                columns[f"{name}_{lang}"] = (
                    f"portal.{name}" if lang == "de" else f"portal.{lang}.{name}"
                )
        row = Row("profile.toml", lines.get("county", 0), {}, lines)
        existing = County.objects.exclude(key=values["key"]).first()
        if existing is not None:
            self.errors.add(
                row.file,
                lines.get("county.key", 0),
                "county.key",
                f"Diese Datenbank gehört zum Landkreis „{existing.name}“ ({existing.key}). "
                "Ein anderer Landkreis braucht eine eigene Datenbank.",
            )
        self.records.append(Record(County, (values["key"],), values, row, columns))

    def table(self, table, lines, path, form_class):
        """Check one TOML table with a form; errors name `table.key` and its line."""
        where = lines.get(path, 0)
        if not isinstance(table, dict):
            self.errors.add("profile.toml", where, path, f"Erwartet wird ein Abschnitt [{path}].")
            return None
        values, ok = {}, True
        for key, value in table.items():
            if isinstance(value, dict) and key in LANGUAGES:
                continue  # a translation table such as [portal.en]
            problem = None
            if key not in form_class.base_fields:
                problem = "Unbekannter Schlüssel."
            elif not isinstance(value, str):
                problem = "Erwartet wird Text in Anführungszeichen."
            if problem:
                self.errors.add(
                    "profile.toml", lines.get(f"{path}.{key}", where), f"{path}.{key}", problem
                )
                ok = False
            else:
                values[key] = value
        form = form_class(values)
        for key, messages in form.errors.items():
            for message in messages:
                self.errors.add(
                    "profile.toml", lines.get(f"{path}.{key}", where), f"{path}.{key}", message
                )
        return form if ok and form.is_valid() else None

    # -- CSV files ------------------------------------------------------------------------
    @staticmethod
    def unit(data, form, row) -> Record:
        kinds = {label: value for value, label in AdministrativeUnit.Kind.choices}
        values = {
            "key": data["verband_schluessel"],
            "name": data["verband_name_destatis"] or data["mitglieder_namen"].split(";")[0],
            "kind": kinds[data["verband_art_bkg"]],
            "seat": data["sitz"],
        }
        columns = {"key": "verband_schluessel", "name": "verband_name_destatis"}
        return Record(AdministrativeUnit, (values["key"],), values, row, columns)

    def read_local_names(self) -> dict[str, tuple[Row, dict]]:
        """municipality-names.csv (optional): each municipality's name in other scripts."""
        if not (self.folder / "municipality-names.csv").exists():
            return {}
        names = {}
        form_class = schemas.MunicipalityNamesForm
        required, allowed = required_columns(form_class), allowed_columns(form_class)
        for row in read_csv(self.folder, "municipality-names.csv", self.errors, required, allowed):
            row.file = f"{self.label}municipality-names.csv"
            if form := self.valid(form_class, row):
                data = form.cleaned_data
                local = {lang: data[lang] for lang in form_class.LANGUAGES if data[lang]}
                names[data["ags"]] = (row, data["name"], local)
        return names

    def read_boundaries(self) -> dict[str, dict]:
        """municipalities.geojson (optional): each municipality's boundary, by AGS."""
        path = self.folder / "municipalities.geojson"
        name = f"{self.label}municipalities.geojson"
        if not path.exists():
            return {}
        try:
            features = json.loads(path.read_text(encoding="utf-8"))["features"]
        except (ValueError, KeyError, TypeError) as exc:
            self.errors.add(name, 1, "-", f"Keine gültige GeoJSON-FeatureCollection ({exc}).")
            return {}
        if not isinstance(features, list):
            self.errors.add(name, 1, "features", "Keine gültige Fläche: keine Liste.")
            return {}
        boundaries = {}
        for number, feature in enumerate(features, start=1):
            feature = feature if isinstance(feature, dict) else {}
            properties, geometry = feature.get("properties"), feature.get("geometry")
            properties = properties if isinstance(properties, dict) else {}
            geometry = geometry if isinstance(geometry, dict) else {}
            ags = str(properties.get("ags", ""))
            if geometry.get("type") not in ("Polygon", "MultiPolygon") or not _is_ring_list(
                geometry.get("coordinates"), geometry.get("type")
            ):
                self.errors.add(name, 1, f"features[{number}]", "Keine gültige Fläche.")
            elif not ags.isdigit() or len(ags) != 8:
                self.errors.add(name, 1, f"features[{number}].ags", "Kein Gemeindeschlüssel.")
            else:
                boundaries[ags] = {"type": geometry["type"], "coordinates": geometry["coordinates"]}
        return boundaries

    def check_local_names(self) -> None:
        """Every name and boundary belongs to a municipality of municipalities.csv (a row of
        municipality-names.csv by key and by name)."""
        known = {r.key[0]: r.values["name"] for r in self.records if r.model is Municipality}
        for ags in sorted(set(self.boundaries) - set(known)):
            message = f"Eine Fläche für {ags}: diese Gemeinde gibt es nicht."
            self.errors.add(f"{self.label}municipalities.geojson", 1, "ags", message)
        for ags, (row, name, _local) in self.local_names.items():
            if ags not in known:
                self.errors.add(
                    row.file, row.line_of("ags"), "ags", "Diese Gemeinde gibt es nicht."
                )
            elif known[ags] != name:
                message = f"Der Name passt nicht zum Gemeindeschlüssel (dort: {known[ags]})."
                self.errors.add(row.file, row.line_of("name"), "name", message)

    def municipality(self, data, form, row) -> Record:
        kinds = {label: value for value, label in Municipality.Kind.choices}
        values = {
            "ags": data["ags"],
            "ars": data["ars"],
            "name": data["name"],
            "official_name": data["name_destatis"] or data["name"],
            "slug": german_slugify(data["name"]),
            "kind": kinds[data["typ"]],
            "postcode": data["plz"],
            "latitude": data["lat"],
            "longitude": data["lon"],
            "area_km2": data["area_km2"],
            "population": data["population"],
            "osm_relation_id": data["osm_relation_id"],
            "local_names": self.local_names.get(data["ags"], (None, None, {}))[2],
            "boundary": self.boundaries.get(data["ags"]),
        }
        columns = {
            "latitude": "lat",
            "longitude": "lon",
            "postcode": "plz",
            "kind": "typ",
            "slug": "name",
            "official_name": "name_destatis",
            "administrative_unit": "verband_schluessel",
        }
        refs = {"administrative_unit": Ref(AdministrativeUnit, (data["verband_schluessel"],))}
        return Record(Municipality, (data["ags"],), values, row, columns, refs=refs)

    @staticmethod
    def language(data, form, row) -> Record:
        return Record(Language, (data["code"],), dict(data), row)

    @staticmethod
    def kind(data, form, row) -> Record:
        values = {
            "slug": data["slug"],
            "group": data["group"],
            "order": data["order"],
            "is_county_office": data["county_office"],
            "is_volunteer_circle": data["volunteer_circle"],
            **form.translations(),
        }
        columns = {"is_county_office": "county_office", "is_volunteer_circle": "volunteer_circle"}
        return Record(OrganisationKind, (data["slug"],), values, row, columns)

    @staticmethod
    def topic(data, form, row) -> Record:
        values = {"slug": data["slug"], "order": data["order"], "icon": data["icon"]}
        return Record(Topic, (data["slug"],), {**values, **form.translations()}, row)

    @staticmethod
    def target_group(data, form, row) -> Record:
        values = {"slug": data["slug"], "order": data["order"], **form.translations()}
        return Record(TargetGroup, (data["slug"],), values, row)

    @staticmethod
    def organisation(data, form, row, is_demo=False) -> Record:
        values = {
            "slug": data["slug"],
            "name": data["name"],
            "is_runder_tisch_member": data["runder_tisch"],
            "website": data["website"],
            "email": data["email"],
            "phone": data["phone"],
            "street": data["street"],
            "postcode": data["postcode"],
            "city": data["city"],
            "is_demo": is_demo,
            **form.translations(),
        }
        refs = {
            "kind": Ref(OrganisationKind, (data["kind"],)),
            "municipality": Ref(Municipality, (data["municipality_ags"],))
            if data["municipality_ags"]
            else None,
        }
        columns = {"is_runder_tisch_member": "runder_tisch", "municipality": "municipality_ags"}
        return Record(Organisation, (data["slug"],), values, row, columns, refs=refs)

    # -- pages ----------------------------------------------------------------------------
    def read_pages(self) -> None:
        sources, translations = read_markdown_folder(
            self.folder / "pages", "pages", self.errors, LANGUAGES[1:]
        )
        pages: dict[str, Record] = {}
        for slug, row in sources.items():
            if form := self.valid(schemas.PageForm, row, check_keys=True):
                pages[slug] = self.page(slug, form.cleaned_data, row)
        for slug, lang, row in translations:
            form = self.valid(schemas.PageTranslationForm, row, check_keys=True)
            if slug in pages and form:
                for key, value in form.cleaned_data.items():
                    pages[slug].values[f"{key}_{lang}"] = value
        self.records.extend(pages.values())

    @staticmethod
    def page(slug, data, row) -> Record:
        values = {
            "slug": slug,
            "kind": data["kind"],
            "order": data["order"],
            "is_model_text": data["model_text"],
            "is_published": True,
            "title_de": data["title"],
            "summary_de": data["summary"],
            "body_de": data["body"],
        }
        # A translation file that is gone must empty its fields, not keep old text.
        for lang in LANGUAGES[1:]:
            values.update({f"title_{lang}": "", f"summary_{lang}": "", f"body_{lang}": ""})
        columns = {
            "title_de": "title",
            "summary_de": "summary",
            "body_de": "body",
            "is_model_text": "model_text",
        }
        return Record(Page, (slug,), values, row, columns)


def _is_ring_list(coordinates, kind: str) -> bool:
    """Polygon: a list of rings of [lon, lat] pairs in range; MultiPolygon: a list of those."""
    polygons = coordinates if kind == "MultiPolygon" else [coordinates]
    try:
        return bool(polygons) and all(
            len(ring) >= 4 and all(-180 <= lon <= 180 and -90 <= lat <= 90 for lon, lat in ring)
            for polygon in polygons
            for ring in polygon
        )
    except (TypeError, ValueError):
        return False
