"""Every public page type: status, key content, 404s and reachability from the start page."""

import re
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from portal.directory.models import Municipality, Offer
from portal.directory.tests import factories

pytestmark = pytest.mark.django_db


class LinkParser(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links = []

    def handle_starttag(self, tag, attrs):
        href = dict(attrs).get("href")
        if tag == "a" and href:
            self.links.append(href)


def links(response) -> list[str]:
    parser = LinkParser()
    parser.feed(response.content.decode())
    return parser.links


@pytest.mark.parametrize(
    "name, args, expected",
    [
        ("web:home", [], "informieren"),
        ("web:runder-tisch", [], "27. März 2017"),
        ("web:contact-list", [], "Im Landratsamt"),
        ("web:topic-list", [], "Deutsch lernen"),
        ("web:topic-detail", ["sprache"], "Integrationskurs mit Alphabetisierung in Ehingen"),
        ("web:partner-list", [], "Kirchen, Wohlfahrtsverbände"),
        ("web:organisation-detail", ["volkshochschule-ehingen"], "Integrationskurs"),
        ("web:municipality-list", [], "Dornstadt"),
        ("web:municipality-detail", ["ehingen-donau"], "Helferkreis Ehingen (Donau)"),
        ("web:offer-detail", ["integrationskurs-ehingen"], "Zuletzt geprüft am"),
        ("web:event-list", [], "Termine"),
        ("web:event-detail", ["runder-tisch-11-sitzung"], "Haus des Landkreises"),
        ("web:volunteer", [], "Helferkreise im Landkreis"),
        ("web:further-information", [], "Informationen für Ehrenamtliche"),
        ("web:page-detail", ["impressum"], "Schillerstraße 30"),
        ("web:page-detail", ["datenschutz"], "DSGVO"),
        ("web:page-detail", ["barrierefreiheit"], "Landeszentrum Barrierefreiheit"),
        ("web:page-detail", ["leichte-sprache"], "Leichte Sprache"),
        ("web:page-detail", ["gebaerdensprache"], "Gebärdensprache"),
        ("web:accessibility-report", [], "Barriere melden"),
    ],
)
def test_public_page_renders_with_key_content(client, name, args, expected):
    response = client.get(reverse(name, args=args))
    assert response.status_code == 200
    assert expected in response.content.decode()
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "unsafe-inline" not in csp


@pytest.mark.parametrize(
    "name",
    [
        "web:topic-detail",
        "web:organisation-detail",
        "web:municipality-detail",
        "web:offer-detail",
        "web:event-detail",
        "web:page-detail",
    ],
)
def test_unknown_slug_is_a_404_in_the_portal_design(client, name):
    response = client.get(reverse(name, args=["gibt-es-nicht"]))
    assert response.status_code == 404
    assert "Seite nicht gefunden" in response.content.decode()
    assert "site-header" in response.content.decode()


@pytest.mark.parametrize(
    "status", [Offer.Status.DRAFT, Offer.Status.IN_REVIEW, Offer.Status.ARCHIVED]
)
def test_unpublished_offer_is_not_shown(client, status):
    offer = factories.offer(status=status)
    assert client.get(offer.get_absolute_url()).status_code == 404
    topic_page = client.get(reverse("web:topic-detail", args=["sprache"])).content.decode()
    assert offer.title not in topic_page


def test_500_page_renders_without_database(client, settings):
    from portal.web.views import server_error

    response = server_error(None)
    assert response.status_code == 500
    assert "Ein Fehler ist aufgetreten" in response.content.decode()


def test_root_redirects_to_the_language_of_the_browser(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="uk,en;q=0.5")
    assert response.status_code == 302
    assert response["Location"] == "/uk/"


def test_exactly_55_municipality_pages_are_listed_and_reachable(client):
    response = client.get(reverse("web:municipality-list"))
    hrefs = {h for h in links(response) if re.fullmatch(r"/de/gemeinden/[a-z0-9-]+/", h)}
    assert len(hrefs) == 55
    assert hrefs == {m.get_absolute_url() for m in Municipality.objects.all()}
    for href in hrefs:
        assert client.get(href).status_code == 200, href


def test_municipality_page_shows_manager_circle_and_local_and_county_wide_offers(client):
    dornstadt = Municipality.objects.get(name="Dornstadt")
    local = factories.offer(municipalities=[dornstadt], title_de="Nur in Dornstadt")
    response = client.get(dornstadt.get_absolute_url())
    text = response.content.decode()
    assert "Mira Probe" in text  # the demo integration manager of this administrative unit
    assert "Helferkreis Dornstadt" in text
    assert local.title in text or "seite=2" in text
    assert "Beispieldaten" in text


def test_municipality_picker_redirects_to_the_chosen_page(client):
    response = client.get(reverse("web:municipality-list"), {"gemeinde": "dornstadt"})
    assert response.status_code == 302
    assert response["Location"] == "/de/gemeinden/dornstadt/"


@pytest.mark.parametrize("value", ["", "ulm", "x" * 5000, "dornstadt\x00", "<script>"])
def test_municipality_picker_rejects_bad_input_with_a_message(client, value):
    response = client.get(reverse("web:municipality-list"), {"gemeinde": value})
    assert response.status_code == 400
    text = response.content.decode()
    assert 'class="kern-error" id="gemeinde-error" role="alert"' in text
    assert re.search(r"Bitte wählen Sie|gehört nicht zum Landkreis|Nullzeichen", text)
    assert "<script>" not in text


def test_page_number_out_of_range_shows_last_page(client):
    response = client.get(reverse("web:topic-detail", args=["sprache"]), {"seite": "999"})
    assert response.status_code == 200


@pytest.mark.parametrize("value", ["abc", "-1", "\x00"])
def test_bad_page_number_shows_first_page(client, value):
    response = client.get(reverse("web:topic-detail", args=["sprache"]), {"seite": value})
    assert response.status_code == 200


def test_post_to_a_read_only_page_is_refused(client):
    assert client.post(reverse("web:home")).status_code == 405


def test_every_page_type_is_reachable_from_the_start_page_and_no_link_is_broken(client):
    """Follow every internal German link from the start page (breadth first)."""
    start = reverse("web:home")
    seen, queue = {start}, [start]
    while queue:
        url = queue.pop(0)
        response = client.get(url)
        assert response.status_code in (200, 302), url
        if response.status_code != 200:
            continue
        for href in links(response):
            href = href.split("#")[0]
            if not href.startswith("/de/") or href in seen:
                continue
            if "seite=" in href:
                continue
            seen.add(href)
            queue.append(href)
    paths = {u.split("?")[0] for u in seen}
    for name, args in [
        ("web:runder-tisch", []),
        ("web:contact-list", []),
        ("web:topic-list", []),
        ("web:topic-detail", ["sprache"]),
        ("web:partner-list", []),
        ("web:organisation-detail", ["volkshochschule-ehingen"]),
        ("web:municipality-detail", ["dornstadt"]),
        ("web:offer-detail", ["integrationskurs-ehingen"]),
        ("web:event-list", []),
        ("web:event-detail", ["infoabend-ehrenamt-ehingen"]),
        ("web:volunteer", []),
        ("web:further-information", []),
        ("web:accessibility-report", []),
        ("web:page-detail", ["nachbarn"]),
        ("web:page-detail", ["ehrenamtliche"]),
        ("web:page-detail", ["kommunen"]),
        ("web:page-detail", ["impressum"]),
        ("web:page-detail", ["datenschutz"]),
        ("web:page-detail", ["barrierefreiheit"]),
        ("web:page-detail", ["leichte-sprache"]),
        ("web:page-detail", ["gebaerdensprache"]),
    ]:
        assert reverse(name, args=args) in paths, name
    assert len([p for p in paths if p.startswith("/de/gemeinden/") and p.count("/") == 4]) == 55


def test_healthz_checks_the_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok"


def test_language_links_never_point_to_another_site(client):
    response = client.get("//evil.example/de/")
    text = response.content.decode()
    assert "//evil.example" not in text


def test_municipality_list_ignores_unrelated_query_parameters(client):
    response = client.get(reverse("web:municipality-list"), {"utm_source": "newsletter"})
    assert response.status_code == 200
    assert "kern-error" not in response.content.decode()


def test_event_does_not_link_an_archived_offer(client):
    from portal.content.models import Event

    event = Event.objects.get(slug="kursbeginn-integrationskurs-ehingen")
    event.offer.archive()
    text = client.get(event.get_absolute_url()).content.decode()
    assert event.offer.get_absolute_url() not in text


def test_page_text_inside_a_section_starts_one_heading_level_lower(client):
    text = client.get(reverse("web:volunteer")).content.decode()
    body = text[text.index('class="prose prose--nested"') :]
    assert "<h3>" in body and "<h2>" not in body.split("</section>")[0]
