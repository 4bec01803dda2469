"""A municipality's offers as a newcomer uses them: grouped by topic with counts and jump
links, narrowed by the same filters as the search, in the reader's language first, and the
name in the reader's script beside the official one."""

import pytest

from portal.core import testing
from portal.search.tests.conftest import Catalogue

pytestmark = pytest.mark.django_db
EHINGEN = "/{lang}/gemeinden/ehingen-donau/"


@pytest.fixture
def catalogue(db):
    return Catalogue()


def section(html: str) -> str:
    return html[html.index('id="angebote-liste"') : html.index('id="termine"')]


def test_offers_are_grouped_by_topic_with_counts_and_jump_links(client, catalogue):
    html = section(client.get(EHINGEN.format(lang="de")).content.decode())
    assert 'href="#thema-sprache" >Deutsch lernen</a> (2)' in html
    assert 'href="#thema-arbeit-ausbildung"' in html
    assert html.index('id="thema-sprache"') < html.index('id="thema-arbeit-ausbildung"')
    # an offer is listed once, under its first topic
    assert html.count("Beratung zu Arbeit und Ausbildung</a>") == 1


def test_the_filters_narrow_the_list(client, catalogue):
    html = section(
        client.get(EHINGEN.format(lang="de") + "?kostenlos=1&q=Deutsch").content.decode()
    )
    assert "Deutschkurs für Eltern" in html
    assert "Online-Deutschkurs" not in html  # not free
    assert "Alle Angebote zeigen" in html
    bad = client.get(EHINGEN.format(lang="de") + "?thema=%00")
    assert bad.status_code == 400 and "Nullzeichen sind nicht erlaubt." in bad.content.decode()
    unknown = client.get(EHINGEN.format(lang="de") + "?thema=gibtsnicht")
    assert unknown.status_code == 400 and "Dieses Thema gibt es nicht." in unknown.content.decode()


def test_in_arabic_offers_in_arabic_come_first(client, catalogue):
    testing.offer(title_de="Aaa Sprachkurs ohne Übersetzung", municipalities=[catalogue.ehingen])
    html = section(client.get(EHINGEN.format(lang="ar")).content.decode())
    language = html[html.index('id="thema-sprache"') :]
    assert language.index("دورة لغة ألمانية") < language.index("Aaa Sprachkurs")
    german = section(client.get(EHINGEN.format(lang="de")).content.decode())
    language = german[german.index('id="thema-sprache"') :]
    assert language.index("Aaa Sprachkurs") < language.index("Deutschkurs für Eltern")


def test_the_name_is_also_shown_in_the_readers_script(client):
    html = client.get(EHINGEN.format(lang="ar")).content.decode()
    assert '<span class="local-name" lang="ar">· إيهينغن (دوناو)</span>' in html
    assert "local-name" not in client.get(EHINGEN.format(lang="de")).content.decode()
    picker = client.get("/ru/").content.decode()
    assert "Ehingen (Donau) · Эхинген (Донау)" in picker


def test_many_offers_show_six_per_topic_and_link_to_the_rest(client, catalogue):
    testing.many_offers(25, catalogue.ehingen)
    html = section(client.get(EHINGEN.format(lang="de")).content.decode())
    group = html[html.index('id="thema-sprache"') : html.index('id="thema-arbeit-ausbildung"')]
    assert group.count('class="kern-card offer-card"') == 6
    assert "Alle 27 Angebote zu diesem Thema" in group
    assert "?thema=sprache&amp;gemeinde=ehingen-donau" in group
    chosen = section(client.get(EHINGEN.format(lang="de") + "?thema=sprache").content.decode())
    assert chosen.count('class="kern-card offer-card"') == 20  # narrowed to the topic: more
    assert "Alle 27 Angebote zu diesem Thema" in chosen
