"""Demo data for trying the portal out, from the `demo/` folder of a county profile.

Built on real partner organisations of the county (see the profile's regional-facts.csv), with
fictional people, example.org addresses and made-up offers. Every entry is flagged `is_demo` and
shown with a "Beispieldaten" badge. Dates are relative to the day of loading (`+14` in
events.csv, `verified_days_ago` for offers): running `load_demo` again brings a demo database
back to the present and resets demo entries to what the files say.
"""

from datetime import datetime, time, timedelta
from pathlib import Path

from django.conf import settings
from django.utils import timezone, translation

from portal.content.models import Event
from portal.directory.models import (
    Contact,
    Language,
    Location,
    Municipality,
    Offer,
    Organisation,
    TargetGroup,
    Topic,
)
from portal.volunteering.models import Need

from . import schemas
from .files import read_markdown_folder, split_list
from .loader import Record, Ref, Stats, write
from .profile import LANGUAGES, FolderReader, ProfileReader


def load_demo(folder: Path, today=None) -> dict[str, Stats]:
    """Validate and load the demo folder. Raises ProfileInvalid and writes nothing on error."""
    with translation.override(settings.LANGUAGE_CODE):
        reader = DemoReader(Path(folder), today or timezone.localdate())
        records = reader.read()
        return write(records, reader.errors)


TRANSLATED_OFFER_FIELDS = ("title", "summary", "description", "schedule", "registration")


def org(slug: str) -> Ref:
    return Ref(Organisation, (slug,))


class DemoReader(FolderReader):
    def __init__(self, folder: Path, today):
        super().__init__(folder, label="demo/")
        self.today = today
        self._units: dict | None = None

    def read(self) -> list[Record]:
        self.read_rows("organisations.csv", schemas.DemoOrganisationForm, self.organisation)
        self.read_rows("locations.csv", schemas.DemoLocationForm, self.location)
        self.read_rows("contacts.csv", schemas.DemoContactForm, self.contact)
        self.read_offers()
        self.read_rows("events.csv", schemas.DemoEventForm, self.event)
        self.read_rows("needs.csv", schemas.DemoNeedForm, self.need)
        return self.records

    @staticmethod
    def organisation(data, form, row) -> Record:
        record = ProfileReader.organisation(data, form, row, is_demo=True)
        served = [Ref(Municipality, (ags,)) for ags in split_list(data["serves"])]
        record.m2m = {"municipalities_served": served}
        record.columns["municipalities_served"] = "serves"
        return record

    @staticmethod
    def location(data, form, row) -> Record:
        values = {
            "name": data["name"],
            "street": data["street"],
            "postcode": data["postcode"],
            "city": data["city"],
            "latitude": data["latitude"],
            "longitude": data["longitude"],
            **form.translations(),
        }
        ags = data["municipality_ags"]
        refs = {
            "organisation": org(data["organisation"]),
            "municipality": Ref(Municipality, (ags,)) if ags else None,
        }
        key = ((data["organisation"],), data["name"])
        columns = {"municipality": "municipality_ags"}
        return Record(Location, key, values, row, columns, refs=refs)

    def contact(self, data, form, row) -> Record:
        values = {
            "name": data["name"],
            "is_person": data["person"],
            "kind": data["kind"],
            "email": data["email"],
            "phone": data["phone"],
            "order": data["order"],
            "is_demo": True,
            **form.translations(),
        }
        responsible = split_list(data["municipalities"])
        for unit in split_list(data["administrative_units"]):
            if unit not in self.unit_members():
                message = f"Es gibt keinen Eintrag „{unit}“ unter „Verwaltungsräume“."
                self.errors.add(row.file, row.line, "administrative_units", message)
            responsible += self.unit_members().get(unit, [])
        key = ((data["organisation"],), data["name"])
        return Record(
            Contact,
            key,
            values,
            row,
            {"is_person": "person"},
            refs={"organisation": org(data["organisation"])},
            m2m={"municipalities": [Ref(Municipality, (ags,)) for ags in responsible]},
        )

    def unit_members(self) -> dict[str, list[str]]:
        """AGS of the municipalities in each administrative unit (key), from the profile."""
        if self._units is None:
            self._units = {}
            for key, ags in Municipality.objects.values_list("administrative_unit__key", "ags"):
                self._units.setdefault(key, []).append(ags)
        return self._units

    def read_offers(self) -> None:
        sources, translations = read_markdown_folder(
            self.folder / "offers", "demo/offers", self.errors, LANGUAGES[1:]
        )
        offers: dict[str, Record] = {}
        for slug, row in sources.items():
            if form := self.valid(schemas.DemoOfferForm, row, check_keys=True):
                offers[slug] = self.offer(slug, form.cleaned_data, row)
        for slug, lang, row in translations:
            form = self.valid(schemas.DemoOfferTranslationForm, row, check_keys=True)
            if slug in offers and form:
                data = {**form.cleaned_data, "description": form.cleaned_data["body"]}
                for name in TRANSLATED_OFFER_FIELDS:
                    offers[slug].values[f"{name}_{lang}"] = data[name]
        self.records.extend(offers.values())

    def offer(self, slug, data, row) -> Record:
        verified = self.at(self.today - timedelta(days=data["verified_days_ago"]), time(9))
        served = data["municipalities"]
        county_wide = served == "landkreis"
        organisation = data["organisation"]
        values = {
            "slug": slug,
            "title_de": data["title"],
            "summary_de": data["summary"],
            "description_de": data["body"].strip(),
            "schedule_de": data["schedule"],
            "registration_de": data["registration"],
            "cost_note_de": data["cost_note"],
            "cost": data["cost"],
            "external_url": data["external_url"],
            "is_county_wide": county_wide,
            "status": Offer.Status.PUBLISHED,
            "last_verified_at": verified,
            "published_at": verified,
            "is_demo": True,
        }
        # Translations come from <slug>.<lang>.md; a file that is gone empties its fields.
        for lang in LANGUAGES[1:]:
            for name in TRANSLATED_OFFER_FIELDS:
                values[f"{name}_{lang}"] = ""
        m2m = {
            "topics": [Ref(Topic, (s,)) for s in split_list(data["topics"])],
            "target_groups": [Ref(TargetGroup, (s,)) for s in split_list(data["target_groups"])],
            "languages": [Ref(Language, (c,)) for c in split_list(data["languages"])],
            "municipalities": []
            if county_wide
            else [Ref(Municipality, (ags,)) for ags in split_list(served)],
            "locations": [
                Ref(Location, ((organisation,), n)) for n in split_list(data["locations"])
            ],
            "contacts": [Ref(Contact, ((organisation,), n)) for n in split_list(data["contacts"])],
        }
        columns = {f"{n}_de": n for n in ("title", "summary", "schedule", "registration")}
        columns |= {"description_de": "body", "last_verified_at": "verified_days_ago"}
        return Record(
            Offer, (slug,), values, row, columns, refs={"organisation": org(organisation)}, m2m=m2m
        )

    def event(self, data, form, row) -> Record:
        starts_at = self.at(self.day(data["day"]), data["time"])
        values = {
            "slug": data["slug"],
            "kind": data["kind"],
            "starts_at": starts_at,
            "ends_at": starts_at + timedelta(hours=float(data["hours"])),
            "place_text": data["place"],
            "is_demo": True,
            **form.translations(),
        }
        refs = {
            "municipality": Ref(Municipality, (data["municipality_ags"],))
            if data["municipality_ags"]
            else None,
            "organisation": org(data["organisation"]) if data["organisation"] else None,
            "offer": Ref(Offer, (data["offer"],)) if data["offer"] else None,
        }
        columns = {"place_text": "place", "starts_at": "day", "ends_at": "hours"}
        return Record(Event, (data["slug"],), values, row, columns, refs=refs)

    def day(self, value):
        """A day from the files: a date, or a number of days from the day of loading."""
        return self.today + timedelta(days=value) if isinstance(value, int) else value

    def need(self, data, form, row) -> Record:
        values = {
            "title": data["title"],
            "description": data["description"],
            "skills": data["skills"],
            "starts_on": self.day(data["starts"]) if data["starts"] else None,
            "ends_on": self.day(data["ends"]),
            "closed_at": None,
            "is_demo": True,
        }
        refs = {
            "organisation": org(data["organisation"]),
            "municipality": Ref(Municipality, (data["municipality_ags"],)),
            "contact": Ref(Contact, ((data["organisation"],), data["contact"])),
        }
        languages = [Ref(Language, (code,)) for code in split_list(data["languages"])]
        columns = {"starts_on": "starts", "ends_on": "ends", "municipality": "municipality_ags"}
        key = ((data["organisation"],), data["title"])
        return Record(Need, key, values, row, columns, refs=refs, m2m={"languages": languages})

    @staticmethod
    def at(day, clock) -> datetime:
        return timezone.make_aware(datetime.combine(day, clock))
