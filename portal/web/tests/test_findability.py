"""Findability: schema.org JSON-LD on offer, organisation, event and municipality pages;
sitemap.xml with hreflang alternates; robots.txt; canonical links; links to the calendars
and the open data."""

import json
import re
from xml.etree import ElementTree

import pytest
from django.conf import settings
from django.urls import reverse

from portal.core import testing
from portal.directory.models import Location, Municipality, Offer

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)

pytestmark = pytest.mark.django_db


def json_ld(html: str) -> dict:
    [block] = LD.findall(html)
    data = json.loads(block)
    assert data["@context"] == "https://schema.org"
    return data


@pytest.fixture
def entries():
    ehingen = Municipality.objects.get(slug="ehingen-donau")
    org = testing.organisation(name="Caritas <Ulm> & Co", email="info@caritas.example.org")
    place = testing.location(org=org, municipality=ehingen, latitude=48.28, longitude=9.72)
    offer = testing.offer(
        org=org, title_de="Sprachcafé </script><script>alert(1)</script>",
        summary_de="Deutsch üben.", municipalities=[ehingen], languages=["de", "ar"],
        cost=Offer.Cost.FREE,
    )  # fmt: skip
    offer.locations.set([place])
    event = testing.event(title_de="Infoabend", location=place, organisation=org)
    return {"offer": offer, "org": org, "event": event, "place": place, "ehingen": ehingen}


def test_offer_page_describes_a_service_with_provider_place_and_languages(client, entries):
    html = client.get(entries["offer"].get_absolute_url()).content.decode()
    data = json_ld(html)
    assert data["@type"] == "Service"
    assert data["name"] == "Sprachcafé </script><script>alert(1)</script>"
    assert "</script><script>" not in LD.findall(html)[0]  # escaped inside the element
    assert data["provider"] == {
        "@type": "Organization",
        "name": "Caritas <Ulm> & Co",
        "url": "http://testserver/de/organisationen/" + entries["org"].slug + "/",
    } | {"url": data["provider"]["url"]}
    assert data["areaServed"] == [{"@type": "City", "name": "Ehingen (Donau)"}]
    assert data["availableLanguage"] == ["de", "ar"]
    assert data["isAccessibleForFree"] is True
    location = data["availableChannel"][0]["serviceLocation"]
    assert location["address"]["postalCode"] == "89584"
    assert location["geo"] == {"@type": "GeoCoordinates", "latitude": 48.28, "longitude": 9.72}


def test_a_county_office_offer_is_a_government_service(client):
    office = testing.organisation(kind=__import__("portal.directory.models", fromlist=["x"])
                                  .OrganisationKind.objects.get(slug="kreisverwaltung"))  # fmt: skip
    offer = testing.offer(org=office)
    data = json_ld(client.get(offer.get_absolute_url()).content.decode())
    assert data["@type"] == "GovernmentService"
    assert data["provider"]["@type"] == "GovernmentOrganization"
    assert data["areaServed"] == [{"@type": "AdministrativeArea", "name": "Alb-Donau-Kreis"}]


def test_organisation_event_and_municipality_pages(client, entries):
    org = json_ld(client.get(entries["org"].get_absolute_url()).content.decode())
    assert (org["@type"], org["email"]) == ("Organization", "info@caritas.example.org")
    event = entries["event"]
    data = json_ld(client.get(event.get_absolute_url()).content.decode())
    assert data["@type"] == "Event"
    assert data["startDate"] == event.starts_at.isoformat()
    assert data["location"]["name"] == entries["place"].name
    assert data["organizer"]["name"] == "Caritas <Ulm> & Co"
    assert data["eventAttendanceMode"] == "https://schema.org/OfflineEventAttendanceMode"
    town = json_ld(client.get(entries["ehingen"].get_absolute_url()).content.decode())
    assert town["@type"] == "City"
    assert town["identifier"]["value"] == "08425033"
    assert town["containedInPlace"]["name"] == "Alb-Donau-Kreis"
    village = Municipality.objects.get(slug="altheim")
    assert json_ld(client.get(village.get_absolute_url()).content.decode())["@type"] == "Place"


def test_the_json_ld_is_in_the_page_language(client, entries):
    testing.offer(org=entries["org"], slug="zweisprachig", title_de="Kurs", title_ar="دورة")
    data = json_ld(client.get("/ar/angebote/zweisprachig/").content.decode())
    assert (data["name"], data["inLanguage"]) == ("دورة", "ar")


def test_sitemap_lists_every_public_page_in_every_language_with_alternates(client, entries):
    draft = testing.offer(slug="entwurf", status=Offer.Status.DRAFT, published_at=None)
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    assert client.head("/sitemap.xml").status_code == 200
    index = ElementTree.fromstring(response.content)  # noqa: S314 (our own sitemap)
    sections = [s.find("s:loc", NS).text for s in index.findall("s:sitemap", NS)]
    assert len(sections) == 7
    urls = {}
    for section in sections:
        answer = client.get(section.removeprefix("http://testserver"))
        assert answer.status_code == 200
        root = ElementTree.fromstring(answer.content)  # noqa: S314 (our own sitemap)
        urls |= {u.find("s:loc", NS).text: u for u in root.findall("s:url", NS)}
    offer_path = entries["offer"].get_absolute_url()  # /de/angebote/…/
    for lang in ["de", "en", "ar", "fa", "uk", "ru", "tr"]:
        assert settings.SITE_URL + offer_path.replace("/de/", f"/{lang}/", 1) in urls
    entry = urls[settings.SITE_URL + offer_path]
    alternates = {a.get("hreflang"): a.get("href") for a in entry.findall("x:link", NS)}
    assert set(alternates) == {"de", "en", "ar", "fa", "uk", "ru", "tr", "x-default"}
    assert alternates["ar"] == settings.SITE_URL + offer_path.replace("/de/", "/ar/", 1)
    assert not [u for u in urls if draft.slug in u]
    for page in ["/de/", "/de/themen/", "/de/gemeinden/ehingen-donau/", "/de/seiten/impressum/"]:
        assert settings.SITE_URL + page in urls
    assert len(urls) % 7 == 0


def test_robots_txt_names_the_sitemap(client):
    text = client.get("/robots.txt").content.decode()
    assert f"Sitemap: {settings.SITE_URL}/sitemap.xml" in text
    assert "Disallow: /partnerbereich/" in text


def test_pages_name_their_canonical_address_and_every_language(client, entries):
    html = client.get("/en/themen/?utm_source=x").content.decode()
    assert f'<link rel="canonical" href="{settings.SITE_URL}/en/themen/">' in html
    assert f'<link rel="alternate" hreflang="x-default" href="{settings.SITE_URL}/themen/' in html
    assert client.get("/themen/", HTTP_ACCEPT_LANGUAGE="ar").url.startswith("/ar/themen/")
    description = re.search(r'<meta name="description" content="([^"]*)"', client.get(
        entries["offer"].get_absolute_url()).content.decode()).group(1)  # fmt: skip
    assert description == "Deutsch üben."


def test_calendars_and_open_data_are_linked_where_people_look(client, entries):
    events = client.get(reverse("web:event-list")).content.decode()
    assert 'href="/api/kalender.ics?lang=de"' in events
    town = client.get("/ar/gemeinden/ehingen-donau/").content.decode()
    assert 'href="/api/kalender/gemeinde/ehingen-donau.ics?lang=ar"' in town
    topic = client.get("/de/themen/sprache/").content.decode()
    assert 'href="/api/kalender/thema/sprache.ics?lang=de"' in topic
    more = client.get("/en/weitere-informationen/").content.decode()
    for link in ['href="/api/angebote.csv?lang=en"', 'href="/api/hsds/"',
                 'href="/api/hsds/openapi.json"']:  # fmt: skip
        assert link in more
    for url in ["/api/kalender.ics?lang=de", "/api/angebote.csv?lang=en", "/api/hsds/"]:
        assert client.get(url).status_code == 200
    assert Location.objects.exists()


def test_an_unchanged_page_is_answered_with_304(client, entries):
    first = client.get("/ar/themen/")
    assert first.status_code == 200
    etag = first["ETag"]
    again = client.get("/ar/themen/", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again.content == b""
    testing.offer(org=entries["org"], title_de="Neu im Thema", title_ar="جديد")
    changed = client.get("/ar/themen/sprache/", HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200
