"""Finding offers in a real browser: Meine Gemeinde on a phone's first screen, filters that
update the results in place, the map with markers and tiles that come through the portal."""

import re
from urllib.parse import urlsplit

import pytest

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("lang", ["de", "ar"])
def test_municipality_picker_is_on_the_first_screen_of_a_small_phone(
    browser, portal_url, artifacts, lang
):
    context = browser.new_context(viewport={"width": 375, "height": 667}, is_mobile=True)
    page = context.new_page()
    page.goto(f"{portal_url}/{lang}/")
    for selector in ("#meine-gemeinde", "#id_gemeinde", ".hero__picker button[type=submit]"):
        box = page.locator(selector).bounding_box()
        assert box is not None, selector
        assert box["y"] >= 0 and box["y"] + box["height"] <= 667, (selector, box)
        assert box["x"] >= 0 and box["x"] + box["width"] <= 375, (selector, box)
    # The search field follows right below it.
    assert page.locator("#start-suche").bounding_box()["y"] < 667 * 1.25
    # Nothing is wider than the phone: no sideways scrolling.
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.screenshot(path=str(artifacts / f"start-375-{lang}.png"))
    context.close()


def test_a_filter_shows_its_results_without_loading_a_new_page(page, portal_url):
    page.goto(f"{portal_url}/de/suche/?q=kurs")
    page.evaluate("window.samePage = true")
    before = page.locator("#treffer-anzahl").text_content()
    titles_before = page.locator("#treffer h3").all_text_contents()
    total = int(re.match(r"\d+", before.strip())[0])
    options = page.evaluate(
        "[...document.querySelectorAll('#filter-thema option')]"
        ".filter(o => o.value).map(o => [o.value, o.textContent])"
    )
    counts = [(value, int(re.search(r"\((\d+)\)", label)[1])) for value, label in options]
    # A topic that narrows the results (fewer than all, more than none).
    value, expected = next((v, n) for v, n in counts if 0 < n < total)
    page.focus("#filter-thema")
    page.select_option("#filter-thema", value)
    page.wait_for_function(
        "before => document.getElementById('treffer-anzahl').textContent !== before", arg=before
    )
    assert page.evaluate("window.samePage") is True, "the page was reloaded"
    # The count the option promised, the filter in the address (shareable), the focus kept
    # on the filter, and the new count told to screen readers.
    assert page.locator("#treffer-anzahl").text_content().strip().startswith(f"{expected} ")
    assert f"thema={value}" in page.url and "q=kurs" in page.url
    assert page.evaluate("document.activeElement.id") == "filter-thema"
    assert page.locator("[data-results-status]").text_content().strip().startswith(f"{expected} ")
    assert page.locator("#treffer h3").all_text_contents() != titles_before
    # Reloading the address shows the same results: the filter lives in the URL.
    page.reload()
    assert page.locator("#treffer-anzahl").text_content().strip().startswith(f"{expected} ")


def test_the_map_shows_markers_and_boundaries_with_tiles_through_the_portal(
    page, portal_url, served
):
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(f"{portal_url}/de/karte/")
    page.wait_for_selector(".leaflet-marker-icon, .marker-cluster")
    page.wait_for_selector("img.leaflet-tile-loaded")
    page.wait_for_selector("path.leaflet-interactive, .leaflet-overlay-pane path")
    markers = page.locator(".leaflet-marker-icon, .marker-cluster").count()
    tiles = page.locator("img.leaflet-tile-loaded").count()
    assert markers > 0 and tiles > 0, (markers, tiles)
    # The list below the map names the same places: the accessible equivalent.
    assert page.locator("#orte-liste li").count() > 0
    # Every request went to the portal; the tile server was asked by the portal, not the browser.
    origin = urlsplit(portal_url).netloc
    foreign = [url for url in requests if urlsplit(url).netloc not in (origin, "")]
    assert not foreign, foreign
    assert any("/karte/kacheln/" in url for url in requests)
    assert served.tiles.requests, "the portal fetched no tile from the tile server"
    attribution = page.locator(".leaflet-control-attribution").text_content()
    assert "OpenStreetMap" in attribution
