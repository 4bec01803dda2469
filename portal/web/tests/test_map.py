"""The map: the offers' places as data for the map and as a list, the municipalities'
boundaries, and tiles through the portal (tests use a tile server on 127.0.0.1)."""

import re

import pytest
from django.urls import reverse

from portal.core.testing import running_tile_server
from portal.search.tests.conftest import Catalogue
from portal.web import tiles

pytestmark = pytest.mark.django_db
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
# A tile of Ehingen at zoom 12, and one far outside the county.
INSIDE, OUTSIDE = (12, 2158, 1419), (12, 100, 100)


@pytest.fixture
def catalogue(db):
    return Catalogue()


@pytest.fixture
def tile_server(settings, tmp_path):
    with running_tile_server(PNG) as tiles:
        settings.MAP_TILE_URL = tiles.url
        settings.MAP_TILE_CACHE = tmp_path / "tiles"
        yield tiles


def tile_url(z, x, y) -> str:
    return reverse("map-tile", args=[z, x, y])


def test_the_map_page_has_the_places_as_data_and_as_a_list(client, catalogue):
    html = client.get("/de/karte/").content.decode()
    location = catalogue.literacy.locations.get()
    # Each place of the list carries its coordinates: the map's script makes its markers so.
    places = re.findall(
        r'<li data-lat="([-\d.]+)" data-lon="([-\d.]+)">\s*<p[^>]*><strong>([^<]+)', html
    )
    assert places == [
        (str(float(location.latitude)), str(float(location.longitude)), location.name)
    ]
    assert "Integrationskurs mit Alphabetisierung</a></li>" in html
    assert '<h3 class="kern-heading-small">Laichingen</h3>' in html  # the list, by town
    assert "map-places" not in html  # no second copy of the places for the script
    assert "Karte überspringen" in html and 'href="#orte"' in html


def test_the_map_follows_the_search_filters(client, catalogue):
    html = client.get("/de/karte/?thema=arbeit-ausbildung").content.decode()
    assert "Integrationskurs" not in html
    assert "Für diese Auswahl gibt es keine Angebote mit einem Ort." in html
    assert client.get("/de/karte/?thema=nix").status_code == 400


def test_titles_in_the_map_list_cannot_become_markup(client, catalogue):
    catalogue.literacy.title_de = "</script><script>alert(1)</script>"
    catalogue.literacy.save()
    html = client.get("/de/karte/").content.decode()
    assert "</script><script>alert(1)" not in html
    assert "&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;</a></li>" in html


def test_the_boundaries_of_all_55_municipalities_come_from_the_profile(client):
    response = client.get(reverse("map-boundaries"))
    data = response.json()
    assert len(data["features"]) == 55
    assert {f["geometry"]["type"] for f in data["features"]} <= {"Polygon", "MultiPolygon"}
    assert response["Cache-Control"] == "public, max-age=86400"


def test_a_tile_is_fetched_once_and_then_served_from_the_cache(client, tile_server):
    first = client.get(tile_url(*INSIDE))
    assert (first.status_code, first["Content-Type"], first.content) == (200, "image/png", PNG)
    assert client.get(tile_url(*INSIDE)).content == PNG
    assert tile_server.requests == ["/12/2158/1419.png"]  # the second came from the cache


@pytest.mark.parametrize("z, x, y", [OUTSIDE, (3, 4, 2), (18, 276264, 181632), (12, 2158, 9999)])
def test_tiles_outside_the_county_or_its_zoom_levels_are_not_served(client, tile_server, z, x, y):
    assert client.get(tile_url(z, x, y)).status_code == 404
    assert tile_server.requests == []  # not an open proxy


def test_an_answer_that_is_not_a_png_is_not_passed_on(client, tile_server):
    tile_server.answer = b"<html>blocked</html>"
    assert client.get(tile_url(*INSIDE)).status_code == 504


def test_a_stale_tile_is_served_when_the_tile_server_is_down(client, tile_server, settings):
    import os

    assert client.get(tile_url(*INSIDE)).status_code == 200
    cached = settings.MAP_TILE_CACHE / "12" / "2158" / "1419.png"
    os.utime(cached, (0, 0))  # older than MAP_TILE_MAX_AGE_DAYS
    settings.MAP_TILE_URL = "http://127.0.0.1:9/{z}/{x}/{y}.png"  # nothing listens there
    assert client.get(tile_url(*INSIDE)).content == PNG
    cached.unlink()
    assert client.get(tile_url(*INSIDE)).status_code == 504


def test_only_http_tile_servers_are_asked(settings, tmp_path):
    settings.MAP_TILE_URL = "file:///etc/passwd?{z}{x}{y}"
    settings.MAP_TILE_CACHE = tmp_path
    assert tiles.tile(*INSIDE) is None
