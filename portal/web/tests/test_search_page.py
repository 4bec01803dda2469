"""The search page: results with highlighting, filters with counts, and every kind of bad
input answered with a message or sensible results, never a server error."""

import pytest
from django.urls import reverse

from portal.search.models import UnansweredSearch
from portal.search.tests.conftest import Catalogue

pytestmark = pytest.mark.django_db
URL = reverse("web:search")


@pytest.fixture
def catalogue(db):
    return Catalogue()


def page(client, params="", lang="de", status=200):
    response = client.get(f"/{lang}/suche/{params}")
    assert response.status_code == status, response.content.decode()[:500]
    return response.content.decode()


def test_results_are_highlighted_and_counted(client, catalogue):
    html = page(client, "?q=deutschkurs")
    assert "<mark>Deutschkurs</mark> für Eltern" in html
    assert "4 Treffer" in html or "5 Treffer" in html
    assert 'value="deutschkurs"' in html


def test_filters_show_their_counts_and_combine(client, catalogue):
    html = page(client, "?thema=sprache&kostenlos=1")
    assert "Deutschkurs für Eltern" in html and "Sprachcafé Blaustein" in html
    assert "Online-Deutschkurs" not in html  # not free
    assert "nur kostenlose Angebote (2)" in html
    assert '<option value="sprache" selected>Deutsch lernen (2)</option>' in html


def test_a_place_in_the_query_is_explained(client, catalogue):
    html = page(client, "?q=Deutschkurs+Ehingen")
    assert "Sortiert nach der Nähe zu Ehingen (Donau)." in html
    assert "gemeinde=ehingen-donau" in html  # a link to narrow to that place


def test_a_typo_is_explained(client, catalogue):
    html = page(client, "?q=Ehingn")
    assert "Gesucht wurde nach „ehingen“ statt „ehingn“." in html


def test_nothing_found_suggests_whom_to_ask(client, catalogue):
    html = page(client, "?q=qqqxyz")
    assert "Zu „qqqxyz“ haben wir nichts gefunden." in html
    assert "Eine Ansprechperson fragen" in html and "Deutsch lernen" in html


def test_results_in_arabic_are_shown_in_arabic(client, catalogue):
    html = page(client, "?q=%D8%AF%D9%88%D8%B1%D8%A9", lang="ar")  # دورة
    assert "<mark>دورة</mark> لغة ألمانية" in html


@pytest.mark.parametrize(
    "params",
    [
        "",  # nothing: every offer, by title
        "?q=",
        "?q=%20%20%20",
        "?q=" + "Deutschkurs%20" * 1500,  # over 10,000 characters
        "?q=%27%3B%20DROP%20TABLE%20search_searchdocument%3B--",  # '; DROP TABLE …;--
        "?q=.*%5B(%3F%3D",  # regex: .*[(?=
        "?q=%22deutsch%22%20OR%20NEAR(a%20b)%20*%20%5E%20-",  # FTS5 syntax: "…" OR NEAR( * ^ -
        "?q=%25_%5C",  # LIKE wildcards: %_\
        "?q=%E2%80%8F%D8%AF%D9%88%D8%B1%D8%A9%E2%80%8E",  # direction marks around دورة
        "?q=%E2%80%AEdeutsch",  # a right-to-left override
        "?q=%F0%9F%98%80%F0%9F%91%8D",  # emoji only
        "?seite=abc",
        "?seite=-1",
        "?seite=999999999999999999999",
        "?q=kurs&seite=2",
        "?bei=laichingen",
    ],
)
def test_odd_input_gives_sensible_results(client, catalogue, params):
    html = page(client, params)
    assert "Angebote finden" in html


def test_a_very_long_query_is_cut_and_said(client, catalogue):
    html = page(client, "?q=" + "Deutschkurs%20" * 1500)
    assert "Ihre Suche war sehr lang." in html


def test_direction_marks_do_not_change_the_results(client, catalogue):
    plain = page(client, "?q=%D8%AF%D9%88%D8%B1%D8%A9", lang="ar")
    marked = page(client, "?q=%E2%80%8F%D8%AF%D9%88%D8%B1%D8%A9%E2%80%8E", lang="ar")
    assert plain.count("search-hit--") == marked.count("search-hit--") >= 1


def test_a_nul_byte_is_refused_with_a_message_and_searched_for_nothing(client, catalogue):
    html = page(client, "?q=kurs%00", status=400)
    assert "Die Suche darf kein Nullzeichen enthalten." in html
    assert "search-hit--" not in html
    assert not UnansweredSearch.objects.exists()


@pytest.mark.parametrize(
    "params, message",
    [
        ("?thema=gibtsnicht", "Dieses Thema gibt es nicht."),
        ("?gemeinde=ulm", "Diese Stadt oder Gemeinde gehört nicht zum Landkreis."),
        ("?sprache=xx", "Diese Sprache gibt es in der Auswahl nicht."),
        ("?zielgruppe=%3Cscript%3E", "Diese Zielgruppe gibt es nicht."),
        ("?bei=nirgendwo", "Diese Stadt oder Gemeinde gehört nicht zum Landkreis."),
    ],
)
def test_an_unknown_filter_value_is_said_and_left_out(client, catalogue, params, message):
    html = page(client, params + "&q=Deutschkurs", status=400)
    assert message in html
    assert "<mark>Deutschkurs</mark> für Eltern" in html  # the rest still applies
    assert "<script>" not in html


def test_payloads_in_entries_are_escaped_in_results(client, catalogue):
    catalogue.parents.title_de = 'Deutschkurs <img src=x onerror="alert(1)">'
    catalogue.parents.save()
    html = page(client, "?q=deutschkurs")
    assert "<img src=x" not in html
    assert "<mark>Deutschkurs</mark> &lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in html


def test_the_page_answers_head(client, catalogue):
    assert client.head(URL + "?q=kurs").status_code == 200


def test_an_unanswered_search_is_counted_without_anything_about_the_reader(client, catalogue):
    client.get(URL + "?q=Schwimmkurs", REMOTE_ADDR="203.0.113.9", HTTP_USER_AGENT="Probe")
    row = UnansweredSearch.objects.get()
    assert (row.language, row.query, row.count) == ("de", "schwimmkurs", 1)
    assert "203.0.113" not in str(UnansweredSearch.objects.values().get())
    assert "sessionid" not in client.cookies


def test_more_matches_than_the_limit_are_said_and_not_counted(client, catalogue, settings):
    settings.SEARCH_MAX_MATCHES = 3
    html = page(client, "?q=deutsch")
    assert "Mehr als 3 Treffer, gezeigt werden 3." in html
    assert '<option value="sprache">Deutsch lernen</option>' in html  # no count
    assert "nur kostenlose Angebote</label>" in html
    settings.SEARCH_MAX_MATCHES = 1000
    html = page(client, "?q=deutsch")
    assert "Mehr als" not in html and '<option value="sprache">Deutsch lernen (4)</option>' in html
