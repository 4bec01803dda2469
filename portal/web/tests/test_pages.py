"""Every public page type: status, key content, 404s and reachability from the start page."""

import re
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.test import Client
from django.urls import reverse

from portal.core import testing
from portal.directory.models import Municipality, Offer

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


def main_text(response) -> str:
    """The page's own content: what every page prints (header, navigation, footer) is left out,
    so a check cannot pass because of a menu entry."""
    text = response.content.decode()
    return text[text.index("<main") : text.index("</main>")]


@pytest.mark.parametrize(
    "name, args, expected",
    [
        ("web:home", [], "Was möchten Sie tun?"),
        ("web:runder-tisch", [], "27. März 2017"),
        ("web:runder-tisch", [], "Sitzung im Herbst"),
        ("web:contact-list", [], "Paula Beispiel"),
        ("web:topic-list", [], "Deutsch lernen"),
        ("web:topic-detail", ["sprache"], "Deutschkurs am Vormittag"),
        ("web:partner-list", [], "Sprachschule Donau"),
        ("web:organisation-detail", ["sprachschule-donau"], "Deutschkurs am Vormittag"),
        ("web:municipality-list", [], "Zum Landkreis gehören 55 Städte und Gemeinden"),
        ("web:municipality-detail", ["dornstadt"], "Helferkreis Dornstadt"),
        ("web:offer-detail", ["deutschkurs-ehingen"], "Zuletzt geprüft am"),
        ("web:event-list", [], "Infoabend Ehrenamt"),
        ("web:event-detail", ["runder-tisch-rueckblick"], "Haus des Landkreises"),
        ("web:volunteer", [], "Helferkreise im Landkreis"),
        ("web:further-information", [], "Informationen für Ehrenamtliche"),
        ("web:page-detail", ["impressum"], "Schillerstraße 30"),
        ("web:page-detail", ["datenschutz"], "DSGVO"),
        ("web:page-detail", ["barrierefreiheit"], "Landeszentrum Barrierefreiheit"),
        ("web:page-detail", ["leichte-sprache"], "Das ist eine Internet·seite."),
        ("web:page-detail", ["gebaerdensprache"], "Video in Deutscher Gebärdensprache"),
        ("web:accessibility-report", [], "Beschreiben Sie die Barriere"),
    ],
)
def test_public_page_renders_with_key_content(client, site, name, args, expected):
    response = client.get(reverse(name, args=args))
    assert response.status_code == 200
    assert expected in main_text(response)
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
def test_unpublished_offer_is_not_shown(client, db, status):
    offer = testing.offer(status=status)
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


def test_municipality_page_shows_manager_circle_and_local_and_county_wide_offers(client, site):
    dornstadt = Municipality.objects.get(name="Dornstadt")
    local = testing.offer(municipalities=[dornstadt], title_de="Nur in Dornstadt")
    county_wide = testing.offer(title_de="Im ganzen Landkreis")
    elsewhere = site.course  # Ehingen only
    text = main_text(client.get(dornstadt.get_absolute_url()))
    assert "Paula Beispiel" in text
    assert "Helferkreis Dornstadt" in text
    assert local.title in text and county_wide.title in text
    assert elsewhere.title not in text


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


@pytest.fixture
def two_pages_of_offers(db):
    """25 offers in one topic: page 1 shows the first 20 by title, page 2 the last 5."""
    org = testing.organisation()
    titles = [f"Kurs {n:02d}" for n in range(25)]
    for title in titles:
        testing.offer(org=org, title_de=title, topics=["gesundheit"])
    return titles


def test_page_number_out_of_range_shows_last_page(client, two_pages_of_offers):
    response = client.get(reverse("web:topic-detail", args=["gesundheit"]), {"seite": "999"})
    assert response.status_code == 200
    text = main_text(response)
    assert "Seite 2 von 2" in text
    assert all(title in text for title in two_pages_of_offers[20:])
    assert two_pages_of_offers[0] not in text


@pytest.mark.parametrize("value", ["abc", "-1", "\x00"])
def test_bad_page_number_shows_first_page(client, two_pages_of_offers, value):
    response = client.get(reverse("web:topic-detail", args=["gesundheit"]), {"seite": value})
    assert response.status_code == 200
    text = main_text(response)
    assert "Seite 1 von 2" in text
    assert all(title in text for title in two_pages_of_offers[:20])
    assert two_pages_of_offers[24] not in text


def test_post_to_a_read_only_page_is_refused(client):
    assert client.post(reverse("web:home")).status_code == 405


def test_every_page_type_is_reachable_from_the_start_page_and_no_link_is_broken(client, site):
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
    for url in seen:  # link checkers and monitors ask with HEAD
        response = client.head(url)
        assert response.status_code in (200, 302), url
        assert response.content == b"", url
    paths = {u.split("?")[0] for u in seen}
    for name, args in [
        ("web:runder-tisch", []),
        ("web:contact-list", []),
        ("web:topic-list", []),
        ("web:topic-detail", ["sprache"]),
        ("web:partner-list", []),
        ("web:organisation-detail", ["sprachschule-donau"]),
        ("web:municipality-detail", ["dornstadt"]),
        ("web:offer-detail", ["deutschkurs-ehingen"]),
        ("web:event-list", []),
        ("web:event-detail", ["infoabend-test"]),
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
    # The test client would drop the host of "//evil.example/de/"; a server passes the raw
    # path on, so set it the way gunicorn does.
    response = client.get("/de/", PATH_INFO="//evil.example/de/")
    text = response.content.decode()
    assert 'class="language-switcher"' in text  # the links this is about are on the page
    hrefs = re.findall(r'href="([^"]*)"', text)
    assert len(hrefs) > 20
    for href in hrefs:
        assert not href.startswith("//"), href
        assert urlsplit(href).netloc in ("", "testserver"), href


def test_municipality_list_ignores_unrelated_query_parameters(client):
    response = client.get(reverse("web:municipality-list"), {"utm_source": "newsletter"})
    assert response.status_code == 200
    assert "kern-error" not in response.content.decode()


def test_event_does_not_link_an_archived_offer(client, site):
    event = testing.event(offer=site.course)
    assert site.course.get_absolute_url() in client.get(event.get_absolute_url()).content.decode()
    event.offer.archive()
    text = client.get(event.get_absolute_url()).content.decode()
    assert event.offer.get_absolute_url() not in text


def test_page_text_inside_a_section_starts_one_heading_level_lower(client, db):
    text = client.get(reverse("web:volunteer")).content.decode()
    body = text[text.index('class="prose prose--nested"') :]
    assert "<h3>" in body and "<h2>" not in body.split("</section>")[0]


@pytest.mark.parametrize("path", ["/", "/healthz", "/robots.txt", "/de/barriere-melden/"])
def test_head_is_answered_like_get(client, path):
    get, head = client.get(path), client.head(path)
    assert head.status_code == get.status_code
    assert head.content == b""


@pytest.mark.parametrize("charset", ["iso-8859-1", "windows-1252", "utf-16"])
def test_a_form_in_an_unknown_charset_gets_the_portals_400_page(db, charset):
    """Django's own 400 handler runs the CSRF check again, fails the same way and ends in a
    server error; the portal's handler needs nothing from the broken request."""
    client = Client(enforce_csrf_checks=True, raise_request_exception=False)
    client.cookies["csrftoken"] = "a" * 32
    response = client.generic(
        "POST",
        "/de/barriere-melden/",
        b"message=Ein%20Knopf%20fehlt",
        content_type=f"application/x-www-form-urlencoded; charset={charset}",
    )
    assert response.status_code == 400
    assert "Die Anfrage ist fehlerhaft" in response.content.decode()


def test_contact_links_handle_long_digit_runs_and_words():
    """Descriptions are scanned on every page view: inputs that made the earlier patterns
    backtrack for minutes come back as plain text (at once)."""
    from portal.web.templatetags.portal import contact_links

    for text in ["01" + "2" * 500 + "x", "a" * 50000, "a@" + "b" * 50000, "1-" * 20000 + "x"]:
        assert "<a " not in contact_links(text)
    assert contact_links("Ruf an: 0731 185-0.").count('href="tel:07311850"') == 1
