"""Load a county profile folder (e.g. data/alb-donau-kreis/) into the database.

Everything is read and validated first; only a profile without errors is written, in one
transaction. Records are matched by their natural key (AGS, slug, code), and a record whose
values already match is not saved again, so a second run changes nothing.
"""

import csv
import re
import tomllib
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction

from portal.content.models import Page
from portal.core.text import german_slugify, validate_plain_text

from .models import (
    AdministrativeUnit,
    Language,
    Municipality,
    Organisation,
    OrganisationKind,
    TargetGroup,
    Topic,
)

LANGS = [code for code, _name in settings.LANGUAGES]
MUNICIPALITY_COLUMNS = {
    "latitude": "lat",
    "longitude": "lon",
    "postcode": "plz",
    "kind": "typ",
    "slug": "name",
    "official_name": "name_destatis",
    "administrative_unit": "verband_schluessel",
}
DIGITS = re.compile(r"[0-9]+")  # str.isdigit() also accepts "²", which int() refuses
UNIT_KINDS = {
    "Verwaltungsgemeinschaft": AdministrativeUnit.Kind.COMMUNITY,
    "Verwaltungsverband": AdministrativeUnit.Kind.ASSOCIATION,
    "Einheitsgemeinde": AdministrativeUnit.Kind.UNITARY,
}


@dataclass
class ProfileError:
    file: str
    line: int
    field: str
    message: str

    def __str__(self):
        where = f"{self.file}, Zeile {self.line}" if self.line else self.file
        return f"{where}, Feld „{self.field}“: {self.message}"


class ProfileInvalid(Exception):
    def __init__(self, errors: list[ProfileError]):
        self.errors = errors
        super().__init__("\n".join(str(e) for e in errors))


@dataclass
class Record:
    model: type[models.Model]
    key: dict
    values: dict
    file: str
    line: int
    m2m: dict = field(default_factory=dict)
    refs: dict = field(default_factory=dict)  # field -> (model, lookup) resolved at write time
    columns: dict = field(default_factory=dict)  # model field -> name in the file, for errors
    lines: dict = field(default_factory=dict)  # model field -> line, where it differs

    def where(self, fieldname: str) -> tuple[int, str]:
        return self.lines.get(fieldname, self.line), self.columns.get(fieldname, fieldname)


@dataclass
class Stats:
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    def __str__(self):
        return f"{self.created} neu, {self.updated} geändert, {self.unchanged} unverändert"


class ProfileReader:
    def __init__(self, folder: Path):
        self.folder = Path(folder)
        self.errors: list[ProfileError] = []
        self.records: list[Record] = []
        self.profile: dict = {}

    # -- reading -------------------------------------------------------------------------
    def error(self, file: str, line: int, fieldname: str, message: str) -> None:
        self.errors.append(ProfileError(file, line, fieldname, message))

    def rows(self, name: str, required: list[str]):
        path = self.folder / name
        if not path.exists():
            self.error(name, 0, "-", "Die Datei fehlt.")
            return
        line = 0
        try:
            # utf-8-sig: spreadsheet programs put a byte-order mark before the header.
            with path.open(encoding="utf-8-sig", newline="") as handle:
                reader = csv.DictReader(handle)
                missing = [c for c in required if c not in (reader.fieldnames or [])]
                if missing:
                    self.error(name, 1, ", ".join(missing), "Diese Spalte fehlt im Kopf.")
                    return
                for row in reader:
                    line = reader.line_num
                    if None in row:
                        self.error(name, line, "-", "Die Zeile hat zu viele Spalten.")
                        continue
                    values = {k: (v or "").strip() for k, v in row.items()}
                    if self.clean_text(name, line, values):
                        yield line, values
        except UnicodeDecodeError as exc:
            self.error(name, 0, "-", f"Die Datei ist nicht in UTF-8 gespeichert ({exc.reason}).")
        except csv.Error as exc:
            self.error(name, line + 1, "-", f"Die Zeile ist kein gültiges CSV ({exc}).")

    def clean_text(self, file: str, line: int, values: dict) -> bool:
        """Report control characters (NUL, bidi overrides, …) in any value; False if found."""
        ok = True
        for column, value in values.items():
            try:
                validate_plain_text(value)
            except ValidationError as exc:
                self.error(file, line, column, exc.messages[0])
                ok = False
        return ok

    def translated(self, row: dict, name: str) -> dict:
        return {f"{name}_{lang}": row.get(f"{name}_{lang}", "") for lang in LANGS}

    def read(self) -> list[Record]:
        self.read_profile()
        self.read_units()
        self.read_municipalities()
        self.read_simple(
            "languages.csv", Language, ["code", "order", "name_native", "name_german"], key="code"
        )
        self.read_kinds()
        self.read_translatable("topics.csv", Topic, ["name", "description"], extra=["icon"])
        self.read_translatable("target-groups.csv", TargetGroup, ["name"])
        self.read_organisations()
        self.read_pages()
        self.validate()
        if self.errors:
            raise ProfileInvalid(self.errors)
        return self.records

    def read_profile(self):
        path = self.folder / "profile.toml"
        try:
            self.profile = tomllib.loads(path.read_text(encoding="utf-8-sig"))
        except FileNotFoundError:
            self.error("profile.toml", 0, "-", "Die Datei fehlt.")
        except UnicodeDecodeError:
            self.error("profile.toml", 0, "-", "Die Datei ist nicht in UTF-8 gespeichert.")
        except tomllib.TOMLDecodeError as exc:
            self.error("profile.toml", getattr(exc, "lineno", 0), "-", str(exc))
        if not isinstance(self.profile.get("county", {}), dict):
            self.error("profile.toml", 0, "county", "Erwartet wird ein Abschnitt [county].")
            self.profile = {}
        for key in (
            "name",
            "key",
            "office_name",
            "office_street",
            "office_postcode",
            "office_city",
        ):
            if not self.profile.get("county", {}).get(key):
                self.error("profile.toml", 0, f"county.{key}", "Der Wert fehlt.")

    def read_units(self):
        for line, row in self.rows(
            "administrative-units.csv",
            [
                "verband_schluessel",
                "verband_name_destatis",
                "verband_art_bkg",
                "sitz",
                "mitglieder_namen",
            ],
        ):
            kind = UNIT_KINDS.get(row["verband_art_bkg"])
            if kind is None:
                self.error(
                    "administrative-units.csv",
                    line,
                    "verband_art_bkg",
                    f"Unbekannte Art „{row['verband_art_bkg']}“.",
                )
                continue
            name = row["verband_name_destatis"] or row["mitglieder_namen"].split(";")[0]
            self.records.append(
                Record(
                    AdministrativeUnit,
                    {"key": row["verband_schluessel"]},
                    {"name": name, "kind": kind, "seat": row["sitz"]},
                    "administrative-units.csv",
                    line,
                )
            )

    def read_municipalities(self):
        file = "municipalities.csv"
        kinds = {"Stadt": Municipality.Kind.TOWN, "Gemeinde": Municipality.Kind.MUNICIPALITY}
        for line, row in self.rows(
            file,
            [
                "ags",
                "ars",
                "name",
                "name_destatis",
                "typ",
                "plz",
                "lat",
                "lon",
                "area_km2",
                "population",
                "verband_schluessel",
                "osm_relation_id",
            ],
        ):
            values = {}
            for column, target in (
                ("lat", "latitude"),
                ("lon", "longitude"),
                ("area_km2", "area_km2"),
            ):
                try:
                    values[target] = Decimal(row[column])
                except InvalidOperation:
                    self.error(file, line, column, f"„{row[column]}“ ist keine Zahl.")
            for column, target in (
                ("population", "population"),
                ("osm_relation_id", "osm_relation_id"),
            ):
                if not DIGITS.fullmatch(row[column]):
                    self.error(file, line, column, f"„{row[column]}“ ist keine ganze Zahl.")
                else:
                    values[target] = int(row[column])
            if row["typ"] not in kinds:
                self.error(file, line, "typ", "Erlaubt sind „Stadt“ und „Gemeinde“.")
                continue
            official = row["name_destatis"] or row["name"]
            values.update(
                {
                    "ars": row["ars"],
                    "name": row["name"],
                    "official_name": official,
                    "slug": german_slugify(row["name"]),
                    "kind": kinds[row["typ"]],
                    "postcode": row["plz"],
                }
            )
            self.records.append(
                Record(
                    Municipality,
                    {"ags": row["ags"]},
                    values,
                    file,
                    line,
                    refs={
                        "administrative_unit": (
                            AdministrativeUnit,
                            {"key": row["verband_schluessel"]},
                        )
                    },
                    columns=MUNICIPALITY_COLUMNS,
                )
            )

    def read_simple(self, file, model, columns, key):
        for line, row in self.rows(file, columns):
            values = {c: row[c] for c in columns if c != key}
            if "order" in values:
                values["order"] = self.integer(file, line, "order", values["order"])
            self.records.append(Record(model, {key: row[key]}, values, file, line))

    def integer(self, file, line, column, value) -> int:
        if DIGITS.fullmatch(value):
            return int(value)
        self.error(file, line, column, f"„{value}“ ist keine ganze Zahl.")
        return 0

    def flag(self, file, line, column, value) -> bool:
        if value in ("ja", "nein"):
            return value == "ja"
        self.error(file, line, column, f"Erlaubt sind „ja“ und „nein“, nicht „{value}“.")
        return False

    def read_kinds(self):
        file = "organisation-kinds.csv"
        for line, row in self.rows(
            file,
            [
                "slug",
                "group",
                "order",
                "county_office",
                "volunteer_circle",
                "name_de",
                "name_plural_de",
            ],
        ):
            values = {
                "group": row["group"],
                "order": self.integer(file, line, "order", row["order"]),
                "is_county_office": self.flag(file, line, "county_office", row["county_office"]),
                "is_volunteer_circle": self.flag(
                    file, line, "volunteer_circle", row["volunteer_circle"]
                ),
                **self.translated(row, "name"),
                **self.translated(row, "name_plural"),
            }
            self.records.append(Record(OrganisationKind, {"slug": row["slug"]}, values, file, line))

    def read_translatable(self, file, model, names, extra=()):
        for line, row in self.rows(file, ["slug", "order", *(f"{n}_de" for n in names)]):
            values = {"order": self.integer(file, line, "order", row["order"])}
            for name in extra:
                values[name] = row.get(name, "")
            for name in names:
                values.update(self.translated(row, name))
            self.records.append(Record(model, {"slug": row["slug"]}, values, file, line))

    def read_organisations(self):
        file = "organisations.csv"
        for line, row in self.rows(
            file,
            [
                "slug",
                "name",
                "kind",
                "runder_tisch",
                "website",
                "street",
                "postcode",
                "city",
                "municipality_ags",
            ],
        ):
            values = {
                "name": row["name"],
                "website": row["website"],
                "street": row["street"],
                "postcode": row["postcode"],
                "city": row["city"],
                "email": row.get("email", ""),
                "phone": row.get("phone", ""),
                "is_runder_tisch_member": self.flag(
                    file, line, "runder_tisch", row["runder_tisch"]
                ),
                **self.translated(row, "description"),
            }
            refs = {"kind": (OrganisationKind, {"slug": row["kind"]})}
            if row["municipality_ags"]:
                refs["municipality"] = (Municipality, {"ags": row["municipality_ags"]})
            self.records.append(
                Record(Organisation, {"slug": row["slug"]}, values, file, line, refs=refs)
            )

    def read_pages(self):
        folder = self.folder / "pages"
        if not folder.is_dir():
            self.error("pages/", 0, "-", "Der Ordner fehlt.")
            return
        pages: dict[str, Record] = {}
        translations = []
        for path in sorted(folder.glob("*.md")):
            name = f"pages/{path.name}"
            parts = path.stem.split(".")
            meta, body, lines = self.front_matter(path, name)
            if meta is None:
                continue
            if len(parts) == 1:
                values = {
                    "kind": meta.get("kind", ""),
                    "order": self.integer(
                        name, lines.get("order", 2), "order", meta.get("order", "0")
                    ),
                    "title_de": meta.get("title", ""),
                    "summary_de": meta.get("summary", ""),
                    "body_de": body,
                }
                # A translation file that is gone must empty its fields, not keep old text.
                for lang in LANGS[1:]:
                    values.update({f"title_{lang}": "", f"summary_{lang}": "", f"body_{lang}": ""})
                pages[parts[0]] = Record(
                    Page,
                    {"slug": parts[0]},
                    values,
                    name,
                    lines["body"],
                    columns={"title_de": "title", "summary_de": "summary", "body_de": "Text"},
                    lines={
                        "kind": lines.get("kind", 2),
                        "order": lines.get("order", 2),
                        "title_de": lines.get("title", 2),
                        "title": lines.get("title", 2),
                        "summary_de": lines.get("summary", 2),
                    },
                )
            elif len(parts) == 2 and parts[1] in LANGS and parts[1] != "de":
                translations.append((parts[0], parts[1], meta, body, name, lines))
            else:
                self.error(
                    name,
                    0,
                    "Dateiname",
                    "Erwartet wird <kurzname>.md oder <kurzname>.<sprache>.md "
                    f"mit einer der Sprachen {', '.join(LANGS[1:])}.",
                )
        for slug, lang, meta, body, name, _lines in translations:
            if slug not in pages:
                self.error(name, 0, "Dateiname", f"Zur Übersetzung fehlt die Seite {slug}.md.")
                continue
            pages[slug].values.update(
                {
                    f"title_{lang}": meta.get("title", ""),
                    f"summary_{lang}": meta.get("summary", ""),
                    f"body_{lang}": body,
                }
            )
        self.records.extend(pages.values())

    def front_matter(self, path: Path, name: str):
        try:
            lines = path.read_text(encoding="utf-8-sig").splitlines()
        except UnicodeDecodeError:
            self.error(name, 0, "-", "Die Datei ist nicht in UTF-8 gespeichert.")
            return None, "", {}
        if not lines or lines[0].strip() != "---" or "---" not in (s.strip() for s in lines[1:]):
            self.error(name, 1, "-", "Die Datei beginnt nicht mit einem Kopf zwischen --- Zeilen.")
            return None, "", {}
        end = next(i for i in range(1, len(lines)) if lines[i].strip() == "---")
        meta, where = {}, {"body": end + 2}
        for number, text in enumerate(lines[1:end], start=2):
            key, sep, value = text.partition(":")
            if not sep or not key.strip():
                self.error(name, number, "-", "Erwartet wird „name: Wert“.")
                continue
            if self.clean_text(name, number, {key.strip(): value.strip()}):
                meta[key.strip()] = value.strip()
                where[key.strip()] = number
        if not meta.get("title"):
            self.error(name, 2, "title", "Der Titel fehlt.")
        body = "\n".join(lines[end + 1 :]).strip() + "\n"
        if "\x00" in body:
            self.error(name, end + 2, "Text", "Der Text enthält ein unzulässiges Nullzeichen.")
            return None, "", {}
        return meta, body, where

    # -- validation ----------------------------------------------------------------------
    def validate(self):
        """Check every record as the database would, before anything is written."""
        known: dict[type, list[dict]] = {}
        for record in self.records:
            known.setdefault(record.model, []).append(record.key)
        seen = set()
        unique_values: set = set()
        for record in self.records:
            for fieldname, value in {**record.key, **record.values}.items():
                model_field = record.model._meta.get_field(fieldname)
                if model_field.unique and value not in ("", None):
                    marker = (record.model, fieldname, value)
                    if marker in unique_values and fieldname not in record.key:
                        line, column = record.where(fieldname)
                        self.error(
                            record.file,
                            line,
                            column,
                            f"„{value}“ kommt mehrfach vor, muss aber eindeutig sein.",
                        )
                    unique_values.add(marker)
            identity = (record.model, tuple(sorted(record.key.items())))
            if identity in seen:
                name = next(iter(record.key))
                self.error(
                    record.file, record.line, name, f"„{record.key[name]}“ kommt mehrfach vor."
                )
            seen.add(identity)
            for fieldname, (model, lookup) in record.refs.items():
                if (
                    lookup not in known.get(model, [])
                    and not model.objects.filter(**lookup).exists()
                ):
                    value = next(iter(lookup.values()))
                    self.error(
                        record.file,
                        record.line,
                        fieldname,
                        f"Es gibt keinen Eintrag „{value}“ unter "
                        f"„{model._meta.verbose_name_plural}“.",
                    )
            instance = record.model(**record.key, **record.values)
            existing = record.model.objects.filter(**record.key).first()
            if existing is not None:
                instance.pk = existing.pk
                instance._state.adding = False  # unique checks then skip the row itself
                if hasattr(existing, "uuid"):
                    instance.uuid = existing.uuid
            try:
                instance.full_clean(
                    exclude=[*record.refs, "uuid"], validate_unique=True, validate_constraints=True
                )
            except ValidationError as exc:
                reported = set()
                for fieldname, messages in exc.message_dict.items():
                    line, column = record.where(fieldname)
                    for message in messages:
                        if (column, message) in reported:
                            continue  # title and title_de say the same thing
                        reported.add((column, message))
                        self.error(
                            record.file, line, column if fieldname != "__all__" else "-", message
                        )


def load_profile(folder: Path) -> dict[str, Stats]:
    """Validate and load a profile folder. Raises ProfileInvalid and writes nothing on error."""
    records = ProfileReader(folder).read()
    stats: dict[str, Stats] = {}
    with transaction.atomic():
        for record in records:
            label = str(record.model._meta.verbose_name_plural)
            outcome = upsert(record)
            counter = stats.setdefault(label, Stats())
            setattr(counter, outcome, getattr(counter, outcome) + 1)
    return stats


def upsert(record: Record) -> str:
    values = dict(record.values)
    for fieldname, (model, lookup) in record.refs.items():
        values[fieldname] = model.objects.get(**lookup)
    instance = record.model.objects.filter(**record.key).first()
    if instance is None:
        instance = record.model(**record.key, **values)
        instance.save()
        return "created"
    changed = [name for name, value in values.items() if getattr(instance, name) != value]
    if not changed:
        return "unchanged"
    for name in changed:
        setattr(instance, name, values[name])
    instance.save()
    return "updated"
