"""Calendars (iCalendar) and the CSV export: they parse back with a calendar library and a CSV
reader, with the right local times in Europe/Berlin, and show published entries only."""

import csv
import io
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from icalendar import Calendar

from portal.core import testing
from portal.directory.models import Municipality, Topic

BERLIN = ZoneInfo("Europe/Berlin")


def parse(response) -> Calendar:
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(response.content)


def summaries(cal: Calendar) -> list[str]:
    return [str(e["summary"]) for e in cal.walk("VEVENT")]


@pytest.fixture
def events(directory):
    ehingen = Municipality.objects.get(slug="ehingen-donau")
    blaubeuren = Municipality.objects.get(slug="blaubeuren")
    next_year = timezone.localdate().year + 1
    # 19:00 in Ehingen in summer (UTC+2) and in winter (UTC+1)
    summer = datetime(next_year, 7, 1, 19, 0, tzinfo=BERLIN)
    winter = datetime(next_year, 1, 14, 19, 0, tzinfo=BERLIN)
    return {
        "summer": testing.event(
            title_de="Sprachcafé im Sommer", title_ar="مقهى اللغة في الصيف",
            starts_at=summer, ends_at=summer + timedelta(hours=2), municipality=ehingen,
            location=directory.place, offer=directory.offer,
            description_de="Mit Kinderbetreuung.",
        ),
        "winter": testing.event(
            title_de="Infoabend im Winter", starts_at=winter,
            ends_at=winter + timedelta(hours=1, minutes=30), municipality=blaubeuren,
        ),
        "county": testing.event(title_de="Runder Tisch Integration", municipality=None),
        "hidden": testing.event(title_de="Noch nicht veröffentlicht", is_published=False),
        "old": testing.event(title_de="Lange vorbei", starts_in_days=-90),
    }  # fmt: skip


def test_the_calendar_parses_back_with_local_times_in_berlin(client, events):
    cal = parse(client.get("/api/kalender.ics"))
    assert cal["version"] == "2.0"
    assert cal.walk("VTIMEZONE")[0]["tzid"] == "Europe/Berlin"
    by_title = {str(e["summary"]): e for e in cal.walk("VEVENT")}
    summer = by_title["Sprachcafé im Sommer"]
    start, end = summer.decoded("dtstart"), summer.decoded("dtend")
    assert (start.hour, start.minute, str(start.tzinfo)) == (19, 0, "Europe/Berlin")
    assert start.utcoffset() == timedelta(hours=2)
    assert end - start == timedelta(hours=2)
    assert start == events["summer"].starts_at
    winter = by_title["Infoabend im Winter"].decoded("dtstart")
    assert (winter.hour, winter.utcoffset()) == (19, timedelta(hours=1))
    assert str(summer["uid"]).startswith(str(events["summer"].uuid))
    assert str(summer["location"]).startswith(events["summer"].location.name)
    assert str(summer["url"]).endswith(events["summer"].get_absolute_url())
    assert "Mit Kinderbetreuung." in str(summer["description"])


def test_only_published_and_recent_events_are_in_any_calendar(client, events):
    for path in ["/api/kalender.ics", "/api/kalender/gemeinde/ehingen-donau.ics",
                 "/api/kalender/thema/sprache.ics"]:  # fmt: skip
        titles = summaries(parse(client.get(path)))
        assert "Noch nicht veröffentlicht" not in titles
        assert "Lange vorbei" not in titles


def test_a_municipality_calendar_has_its_events_and_the_county_wide_ones(client, events):
    titles = summaries(parse(client.get("/api/kalender/gemeinde/ehingen-donau.ics")))
    assert sorted(titles) == ["Runder Tisch Integration", "Sprachcafé im Sommer"]
    assert client.get("/api/kalender/gemeinde/nirgendwo.ics").status_code == 404


def test_a_topic_calendar_has_the_events_of_its_offers(client, events):
    topic = Topic.objects.get(slug="sprache")
    assert events["summer"].offer.topics.filter(pk=topic.pk).exists()
    assert summaries(parse(client.get("/api/kalender/thema/sprache.ics"))) == [
        "Sprachcafé im Sommer"
    ]
    assert summaries(parse(client.get("/api/kalender/thema/arbeit-ausbildung.ics"))) == []


def test_the_calendar_in_the_language_asked_for(client, events):
    cal = parse(client.get("/api/kalender.ics?lang=ar"))
    assert "مقهى اللغة في الصيف" in summaries(cal)
    assert "Infoabend im Winter" in summaries(cal)  # no Arabic: German


def test_the_csv_export_lists_the_published_offers(client, directory):
    response = client.get("/api/angebote.csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Access-Control-Allow-Origin"] == "*"
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    assert [r["titel"] for r in rows] == ["Beratung im ganzen Landkreis", "Deutschkurs für Frauen"]
    course = rows[1]
    assert course["id"] == str(directory.offer.uuid)
    assert course["gebiet"] == "Ehingen (Donau)"
    assert course["kosten"] == "kostenlos"
    assert course["sprachen"] == "de; ar"
    assert directory.place.name in course["orte"]
    assert directory.archived_place.name not in course["orte"]
    assert "07391 000001" in course["ansprechpersonen"]
    assert "Entwurf eines Kurses" not in text
    assert rows[0]["gebiet"] == "im ganzen Landkreis"
    arabic = client.get("/api/angebote.csv?lang=ar").content.decode()
    assert "دورة لغة ألمانية للنساء" in arabic


def test_exports_answer_with_validators_and_304(client, events):
    first = client.get("/api/kalender.ics")
    assert client.get("/api/kalender.ics", HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    csv_answer = client.get("/api/angebote.csv")
    assert "Last-Modified" in csv_answer
    assert client.get("/api/angebote.csv?lang=xx").status_code == 400


def test_a_spreadsheet_formula_in_a_text_is_shown_as_text(client, directory):
    testing.offer(org=directory.organisation, title_de='=HYPERLINK("http://evil.example","Klick")',
                  summary_de="+49 ist eine Vorwahl", registration_de="@Verein")  # fmt: skip
    rows = list(csv.DictReader(io.StringIO(client.get("/api/angebote.csv").content.decode()
                                           .lstrip("\ufeff"))))  # fmt: skip
    row = next(r for r in rows if "HYPERLINK" in r["titel"])
    assert row["titel"] == '\'=HYPERLINK("http://evil.example","Klick")'
    assert row["kurzbeschreibung"] == "'+49 ist eine Vorwahl"
    assert row["anmeldung"] == "'@Verein"


def test_an_archived_place_is_not_named_in_a_calendar(client, events):
    place = events["summer"].location
    place.archived_at = timezone.now()
    place.save()
    cal = parse(client.get("/api/kalender.ics"))
    summer = next(e for e in cal.walk("VEVENT") if str(e["summary"]) == "Sprachcafé im Sommer")
    assert place.street not in str(summer.get("location", ""))
    assert "Ehingen (Donau)" in str(summer["location"])
