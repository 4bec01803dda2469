"""The parts every page shares (brand, access links, menu, footer) are rendered once per
language, but each page still marks its own menu entry and reports its own address."""

import pytest

from portal.county.models import County

pytestmark = pytest.mark.django_db


def test_each_page_marks_its_own_menu_entry(client):
    topics = client.get("/de/themen/").content.decode()
    assert topics.count('<a href="/de/themen/" aria-current="page">') == 2  # wide and narrow
    assert 'aria-current="page">Städte und Gemeinden' not in topics
    towns = client.get("/de/gemeinden/").content.decode()
    assert towns.count('<a href="/de/gemeinden/" aria-current="page">') == 2
    assert '<a href="/de/themen/" aria-current="page">' not in towns
    start = client.get("/de/").content.decode()
    assert 'aria-current="page">' not in start.split("<main", 1)[0]
    arabic = client.get("/ar/themen/").content.decode()
    assert arabic.count('<a href="/ar/themen/" aria-current="page">') == 2


def test_the_barrier_report_link_names_the_page_it_is_on(client):
    client.get("/de/")
    html = client.get("/de/themen/sprache/").content.decode()
    assert 'href="/de/barriere-melden/?seite=/de/themen/sprache/"' in html
    html = client.get("/de/gemeinden/ehingen-donau/?thema=sprache").content.decode()
    assert 'href="/de/barriere-melden/?seite=/de/gemeinden/ehingen-donau/"' in html


def test_the_parts_follow_a_change_of_the_county_and_the_language(client):
    client.get("/de/")
    county = County.objects.current()
    county.name = "Neuer Kreisname"
    county.office_street = "Neue Straße 1"
    county.save()
    html = client.get("/de/").content.decode()
    assert '<span class="site-brand__county">Neuer Kreisname</span>' in html
    assert "Neue Straße 1" in html.split("<footer", 1)[1]
    english = client.get("/en/").content.decode()
    assert "Skip to content" in english
    assert "Zum Inhalt springen" not in english
