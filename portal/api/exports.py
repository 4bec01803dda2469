"""Calendars (iCalendar, RFC 5545) of the published events — all, per municipality (with the
county-wide ones), per topic — and the directory of published offers as CSV. In the language
asked for (`lang` or Accept-Language), German where an entry has no translation."""

import csv
import io
from datetime import timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from icalendar import Calendar, vText
from icalendar import Event as CalendarEvent

from portal.content.models import Event
from portal.directory.models import Municipality, Offer, Topic

from . import hsds
from .views import _services, api

BERLIN = ZoneInfo("Europe/Berlin")
PAST_DAYS = 30  # a calendar keeps the last month's events, then lets them go


def _events():
    since = timezone.now() - timedelta(days=PAST_DAYS)
    return (
        Event.objects.published()
        .filter(ends_at__gte=since)
        .select_related("location", "municipality", "organisation")
        .order_by("starts_at", "pk")
    )


def _where(event: Event) -> str:
    if event.location and not event.location.archived_at:
        place = event.location
        return f"{place.name}, {place.street}, {place.postcode} {place.city}"
    parts = [event.place_text, event.municipality.name if event.municipality else ""]
    return ", ".join(p for p in parts if p)


def calendar(events, name: str) -> bytes:
    cal = Calendar()
    cal.add("prodid", "-//Integrationsportal//Termine//DE")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", "Europe/Berlin")
    host = settings.SITE_URL.split("://", 1)[-1]
    for event in events:
        entry = CalendarEvent()
        entry.add("uid", f"{event.uuid}@{host}")
        entry.add("dtstamp", event.updated_at)
        entry.add("last-modified", event.updated_at)
        entry.add("dtstart", event.starts_at.astimezone(BERLIN))
        entry.add("dtend", event.ends_at.astimezone(BERLIN))
        entry.add("summary", event.title)
        url = hsds.absolute(event.get_absolute_url())
        entry.add("url", url)
        entry.add("description", f"{event.description}\n\n{url}".strip())
        if where := _where(event):
            entry.add("location", vText(where))
        if event.organisation and event.organisation.email:
            entry.add("organizer", f"mailto:{event.organisation.email}")
        entry.add("categories", [str(event.get_kind_display())])
        cal.add_component(entry)
    cal.add_missing_timezones()
    return cal.to_ical()


def _ics(body: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@api(dated=False)
def events_calendar(request):
    return _ics(calendar(_events(), "Termine"), "termine.ics")


@api(dated=False)
def municipality_calendar(request, slug):
    place = get_object_or_404(Municipality, slug=slug)
    events = _events().in_municipality(place)
    return _ics(calendar(events, f"Termine – {place.name}"), f"termine-{place.slug}.ics")


@api(dated=False)
def topic_calendar(request, slug):
    topic = get_object_or_404(Topic, slug=slug)
    events = _events().filter(offer__topics=topic, offer__status=Offer.Status.PUBLISHED)
    return _ics(calendar(events, f"Termine – {topic.name}"), f"termine-{topic.slug}.ics")


COLUMNS = [
    "id", "titel", "kurzbeschreibung", "anbieter", "themen", "zielgruppen", "sprachen",
    "gebiet", "orte", "kosten", "hinweis_kosten", "anmeldung", "zeiten", "ansprechpersonen",
    "link", "seite", "zuletzt_geprueft", "geaendert",
]  # fmt: skip


def _row(offer: Offer) -> list:
    area = (
        "im ganzen Landkreis"
        if offer.is_county_wide
        else "; ".join(m.name for m in offer.municipality_list)
    )
    places = "; ".join(
        f"{p.name}, {p.street}, {p.postcode} {p.city}" for p in offer.public_locations
    )
    contacts = "; ".join(
        " ".join(part for part in (c.name, c.email, c.phone) if part) for c in offer.public_contacts
    )
    return [
        str(offer.uuid),
        offer.title,
        offer.summary,
        offer.organisation.name,
        "; ".join(t.name for t in offer.topic_list),
        "; ".join(g.name for g in offer.group_list),
        "; ".join(lang.code for lang in offer.language_list),
        area,
        places,
        str(offer.get_cost_display()),
        offer.cost_note,
        offer.registration,
        offer.schedule,
        contacts,
        offer.external_url,
        hsds.absolute(offer.get_absolute_url()),
        timezone.localdate(offer.last_verified_at).isoformat() if offer.last_verified_at else "",
        offer.updated_at.isoformat(),
    ]


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: str) -> str:
    """A text a spreadsheet would run as a formula (`=HYPERLINK(…)`) gets a leading `'`."""
    return "'" + value if value.startswith(FORMULA_START) else value


@api
def offers_csv(request):
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for offer in _services().order_by("title_de", "pk"):
        writer.writerow([_cell(value) for value in _row(offer)])
    # With a byte order mark, spreadsheet programs read the umlauts and scripts correctly.
    response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="angebote.csv"'
    return response
