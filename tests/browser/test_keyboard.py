"""Keyboard-only use: skip link, visible focus, and three journeys in German and Arabic."""

import pytest

pytestmark = pytest.mark.browser


def tab_to(page, predicate: str, limit: int = 120) -> None:
    """Press Tab until the focused element satisfies the JavaScript predicate `el => ...`."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(
            f"(() => {{ const el = document.activeElement; return ({predicate})(el); }})()"
        ):
            return
    raise AssertionError(f"never reached an element matching {predicate}")


def choose_municipality(page, name: str) -> None:
    tab_to(page, "el => el.id === 'id_gemeinde'")
    # A native select: type its name to pick the option, as keyboard users do.
    page.keyboard.type(name[:6], delay=30)
    # Beside the name the option may carry its spelling in the reader's script.
    chosen = page.evaluate("document.getElementById('id_gemeinde').selectedOptions[0].text")
    assert chosen == name or chosen.startswith(f"{name} · "), chosen
    tab_to(page, "el => el.type === 'submit'")
    with page.expect_navigation():
        page.keyboard.press("Enter")


def test_skip_link_is_first_and_moves_focus_to_the_main_content(page, portal_url):
    page.goto(f"{portal_url}/de/gemeinden/dornstadt/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.getAttribute('href')")
    assert focused == "#inhalt"
    box = page.evaluate("document.activeElement.getBoundingClientRect().top")
    assert box >= 0, "skip link must become visible when focused"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "inhalt"


@pytest.mark.parametrize(
    "selector",
    [".site-nav a", ".language-switcher a", ".kern-link", "#id_gemeinde", "button[type=submit]"],
)
def test_focus_is_visible(page, portal_url, selector):
    page.goto(f"{portal_url}/de/")
    tab_to(page, f"el => el.matches('{selector}')")
    # A stretched card link draws its focus ring on ::after, around the whole card.
    style = page.evaluate("""(() => {
        const el = document.activeElement;
        const pseudo = el.classList.contains('kern-link--stretched') ? '::after' : null;
        const s = getComputedStyle(el, pseudo);
        return {style: s.outlineStyle, width: parseFloat(s.outlineWidth),
                color: s.outlineColor}; })()""")
    assert style["style"] != "none" and style["width"] >= 2, style
    assert style["color"] not in ("transparent", "rgba(0, 0, 0, 0)"), style


@pytest.mark.parametrize("lang", ["de", "ar"])
def test_find_a_language_course_in_ehingen_and_open_it(page, portal_url, lang):
    page.goto(f"{portal_url}/{lang}/")
    choose_municipality(page, "Ehingen (Donau)")
    assert page.url.endswith(f"/{lang}/gemeinden/ehingen-donau/")
    tab_to(
        page,
        "el => (el.getAttribute('href') || '').endsWith('/angebote/integrationskurs-ehingen/')",
    )
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith(f"/{lang}/angebote/integrationskurs-ehingen/")
    assert page.locator("h1").is_visible()
    assert "Deutsch lernen" in page.content() or lang != "de"


@pytest.mark.parametrize("lang", ["de", "ar"])
def test_find_the_integration_manager_for_dornstadt(page, portal_url, lang):
    page.goto(f"{portal_url}/{lang}/")
    choose_municipality(page, "Dornstadt")
    assert page.url.endswith(f"/{lang}/gemeinden/dornstadt/")
    section = page.locator("section[aria-labelledby=im]")
    assert section.get_by_text("Mira Probe").is_visible()
    tab_to(page, "el => (el.getAttribute('href') || '').startsWith('mailto:mira.probe')")


@pytest.mark.parametrize("lang", ["de", "ar"])
def test_reach_the_volunteer_information(page, portal_url, lang):
    page.goto(f"{portal_url}/{lang}/")
    tab_to(page, f"el => el.getAttribute('href') === '/{lang}/mithelfen/'")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith(f"/{lang}/mithelfen/")
    assert page.locator("#helferkreise").is_visible()
    tab_to(page, "el => (el.getAttribute('href') || '').includes('/organisationen/helferkreis-')")
