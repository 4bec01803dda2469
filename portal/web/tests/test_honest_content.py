"""What the public pages say matches what the portal does today."""

import re
from html.parser import HTMLParser

import pytest
from django.conf import settings

from portal.content.models import Page
from portal.core.text import EMAIL, phone_numbers

pytestmark = pytest.mark.django_db

LANGUAGES = [code for code, _name in settings.LANGUAGES]
# Features that later work will add, with their page text: until then no page may promise them.
NOT_BUILT_YET = [  # search, map (issue #8) and open data (#10) exist now; the rest comes later
    "Hilfe anbieten",
]
# Editorial placeholders must never reach visitors.
PLACEHOLDERS = ["Kontaktdaten werden", "wird ergänzt", "example.org", "TODO", "XXX"]


class PageText(HTMLParser):
    """Text of <main> and the footer that is not inside a link, and the links of <main>."""

    def __init__(self):
        super().__init__()
        self.depth = {"main": 0, "footer": 0, "a": 0}
        self.loose_text: list[str] = []
        self.main_links: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in self.depth:
            self.depth[tag] += 1
        if tag == "a" and self.depth["main"]:
            self.main_links.append(dict(attrs).get("href") or "")

    def handle_endtag(self, tag):
        if tag in self.depth:
            self.depth[tag] -= 1

    def handle_data(self, data):
        if (self.depth["main"] or self.depth["footer"]) and not self.depth["a"]:
            self.loose_text.append(data)


# Pages that show the county's editorial texts (the profile's pages/ folder).
PAGES = [
    "willkommen",
    "runder-tisch",
    "nachbarn",
    "ehrenamtliche",
    "kommunen",
    "impressum",
    "datenschutz",
    "barrierefreiheit",
    "leichte-sprache",
    "gebaerdensprache",
]
EDITORIAL = {"/", "/runder-tisch/", "/mithelfen/", "/weitere-informationen/"} | {
    f"/seiten/{slug}/" for slug in PAGES
}


def read(response) -> PageText:
    parser = PageText()
    parser.feed(response.content.decode())
    return parser


@pytest.fixture
def public_paths(client, site) -> list[str]:
    """Every page type once: the editorial pages and the pages built from the site fixture."""
    paths = [f"/seiten/{slug}/" for slug in Page.objects.values_list("slug", flat=True)]
    return [
        *paths,
        "/",
        "/runder-tisch/",
        "/ansprechpartner/",
        "/themen/",
        "/themen/sprache/",
        "/partner/",
        f"/organisationen/{site.school.slug}/",
        f"/organisationen/{site.circle.slug}/",
        "/gemeinden/",
        "/gemeinden/dornstadt/",
        f"/angebote/{site.course.slug}/",
        "/veranstaltungen/",
        f"/veranstaltungen/{site.info_evening.slug}/",
        "/mithelfen/",
        "/mithelfen/anmelden/",
        "/mithelfen/gesuche/",
        f"/mithelfen/gesuche/{site.need.pk}/",
        "/weitere-informationen/",
        "/barriere-melden/",
    ]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_e_mail_address_and_phone_number_is_a_link(client, public_paths, lang):
    for path in public_paths:
        text = " ".join(read(client.get(f"/{lang}{path}")).loose_text)
        assert not EMAIL.search(text), (path, EMAIL.search(text))
        assert not phone_numbers(text), (path, phone_numbers(text))


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_page_promises_a_feature_that_is_not_built_or_shows_a_placeholder(
    client, public_paths, lang
):
    for path in public_paths:
        response = client.get(f"/{lang}{path}")
        text = response.content.decode()
        main = text[text.index("<main") : text.index("</main>")]
        for phrase in NOT_BUILT_YET:
            assert phrase not in main, (lang, path, phrase)
        if path in EDITORIAL:  # the test data itself uses example.org addresses
            for phrase in PLACEHOLDERS:
                assert phrase not in main, (lang, path, phrase)


def test_no_page_links_to_itself(client, public_paths):
    """The volunteers page once offered a "Hilfe anbieten" link back to itself."""
    for path in public_paths:
        links = read(client.get(f"/de{path}")).main_links
        own = [href for href in links if href.split("#")[0].split("?")[0] == f"/de{path}"]
        assert not own, (path, own)


def test_the_privacy_statement_names_every_cookie_the_portal_sets(client, public_paths):
    cookies = set()
    for path in public_paths:
        cookies |= set(client.get(f"/de{path}").cookies)
    report = {"message": "Ein Knopf ist mit der Tastatur nicht erreichbar."}
    response = client.post("/de/barriere-melden/", report)
    cookies |= set(response.cookies)
    from portal.core import testing

    testing.partner_user("p@example.org", "editor")
    login = {"username": "p@example.org", "password": "ein-langes-Passwort-42"}
    client.post("/partnerbereich/anmelden/", login)
    cookies |= set(client.cookies)
    assert cookies == {"csrftoken", "messages", "sessionid"}
    privacy = client.get("/de/seiten/datenschutz/").content.decode()
    for name in cookies:
        assert f"<code>{name}</code>" in privacy or name in privacy, name
    assert not re.search(r"Sprache merkt|language cookie", privacy)
