"""Right-to-left languages really mirror the layout."""

import pytest

pytestmark = pytest.mark.browser


def boxes(page):
    return page.evaluate("""() => {
      const r = s => document.querySelector(s).getBoundingClientRect();
      // Only the navigation shown at this width (the other one is hidden and has no box).
      const nav = [...document.querySelectorAll('.site-nav li')].filter(li => li.offsetParent)
        .map(li => li.getBoundingClientRect().left);
      return {brand: r('.site-brand'), languages: r('.language-switcher'), nav,
              width: document.documentElement.clientWidth};
    }""")


@pytest.mark.parametrize("lang", ["ar", "fa"])
def test_right_to_left_layout_is_mirrored(page, portal_url, artifacts, lang):
    page.goto(f"{portal_url}/{lang}/")
    assert page.evaluate("document.documentElement.dir") == "rtl"
    # The interface itself is translated (catalogues compiled), not German in RTL dress.
    assert page.locator(".skip-link").text_content() != "Zum Inhalt springen"
    assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
    rtl = boxes(page)
    page.screenshot(path=str(artifacts / f"start-{lang}.png"), full_page=True)
    page.goto(f"{portal_url}/de/")
    ltr = boxes(page)
    # The brand sits at the right edge in RTL and at the left edge in LTR.
    assert rtl["brand"]["right"] > rtl["width"] * 0.8
    assert ltr["brand"]["left"] < ltr["width"] * 0.2
    assert rtl["languages"]["left"] < rtl["brand"]["left"]
    # Main navigation runs from right to left.
    assert rtl["nav"] == sorted(rtl["nav"], reverse=True)
    assert ltr["nav"] == sorted(ltr["nav"])
    assert len(rtl["nav"]) == len(ltr["nav"]) >= 5


def test_direction_dependent_icons_are_mirrored(page, portal_url):
    page.goto(f"{portal_url}/ar/themen/sprache/")
    page.evaluate("""document.querySelector('main').insertAdjacentHTML('beforeend',
      '<span id=probe class="kern-icon kern-icon--arrow-forward mirror"></span>')""")
    transform = page.evaluate("getComputedStyle(document.getElementById('probe')).transform")
    assert transform.startswith("matrix(-1")


def test_arabic_text_uses_the_self_hosted_arabic_font(page, portal_url):
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(f"{portal_url}/ar/")
    page.wait_for_load_state("networkidle")
    assert any("noto-sans-arabic" in url for url in requests)
    assert all(url.startswith(portal_url) or url.startswith("data:") for url in requests)
    family = page.evaluate("getComputedStyle(document.body).fontFamily")
    assert "Portal Arabic" in family


def test_german_text_in_an_arabic_page_is_marked_left_to_right(page, portal_url):
    page.goto(f"{portal_url}/ar/seiten/impressum/")
    h1 = page.locator("h1")
    assert h1.get_attribute("lang") == "de"
    assert page.evaluate("getComputedStyle(document.querySelector('h1')).direction") == "ltr"
