"""axe-core (WCAG 2.0/2.1/2.2 A and AA) on every public page type in every UI language,
plus the heading outline."""

import json

import pytest

from .conftest import LANGUAGES

pytestmark = pytest.mark.browser

PAGE_TYPES = [
    "/",
    "/runder-tisch/",
    "/ansprechpartner/",
    "/themen/",
    "/themen/sprache/",
    "/partner/",
    "/organisationen/volkshochschule-ehingen/",
    "/gemeinden/",
    "/gemeinden/ehingen-donau/",
    "/angebote/integrationskurs-ehingen/",
    "/veranstaltungen/",
    "/veranstaltungen/runder-tisch-11-sitzung/",
    "/mithelfen/",
    "/mithelfen/anmelden/",
    "/mithelfen/anmelden/gesendet/",
    "/mithelfen/gesuche/",
    "/mithelfen/gesuche/1/",  # the first demo need
    "/mithelfen/bestaetigen/ungueltig/",
    "/weitere-informationen/",
    "/seiten/leichte-sprache/",
    "/seiten/gebaerdensprache/",
    "/seiten/barrierefreiheit/",
    "/seiten/impressum/",
    "/barriere-melden/",
    "/gemeinden/?gemeinde=unbekannt",
    "/gemeinden/ehingen-donau/?thema=sprache&kostenlos=1",
    "/suche/?q=Deutschkurs",
    "/suche/?q=kurs&thema=sprache&kostenlos=1",
    "/suche/?q=qqxqq",
    "/suche/?thema=unbekannt",
    "/karte/",
    "/gibt-es-nicht/",
]

AXE_RUN = """async () => {
  const result = await axe.run(document, {
    runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']},
    resultTypes: ['violations'],
  });
  return result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}));
}"""

HEADINGS = """() => {
  const levels = [...document.querySelectorAll('h1,h2,h3,h4,h5,h6')]
    .filter(h => h.offsetParent !== null || h.closest('.kern-sr-only'))
    .map(h => [Number(h.tagName[1]), h.textContent.trim().slice(0, 60)]);
  const problems = [];
  if (levels.length === 0 || levels[0][0] !== 1) problems.push('first heading is not h1');
  if (levels.filter(l => l[0] === 1).length !== 1) problems.push('not exactly one h1');
  for (let i = 1; i < levels.length; i++) {
    if (levels[i][0] > levels[i - 1][0] + 1) problems.push(`skip: ${levels[i-1][1]} -> ${levels[i][1]}`);
  }
  return problems;
}"""


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_axe_violations_and_no_skipped_headings(browser, portal_url, axe_source, lang):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    failures = {}
    for path in PAGE_TYPES:
        url = f"{portal_url}/{lang}{path}"
        response = page.goto(url)
        assert response.status in (200, 400, 404), url
        page.evaluate(axe_source)
        violations = page.evaluate(AXE_RUN)
        headings = page.evaluate(HEADINGS)
        if violations or headings:
            failures[path] = {"axe": violations, "headings": headings}
    context.close()
    assert not failures, json.dumps(failures, indent=1, ensure_ascii=False)


def test_accessibility_report_with_errors_has_no_axe_violations(page, portal_url, axe_source):
    page.goto(f"{portal_url}/de/barriere-melden/")
    page.click("button[type=submit]")
    assert page.locator("#fehler").is_visible()
    page.evaluate(axe_source)
    assert page.evaluate(AXE_RUN) == []


@pytest.mark.parametrize("path", ["/mithelfen/anmelden/", "/mithelfen/gesuche/1/"])
def test_volunteer_forms_with_errors_have_no_axe_violations(page, portal_url, axe_source, path):
    page.goto(f"{portal_url}/ar{path}")
    page.locator("form.stack-form button[type=submit]").click()
    assert page.locator("#fehler").is_visible()
    page.evaluate(axe_source)
    assert page.evaluate(AXE_RUN) == []


def test_phone_layout_has_no_axe_violations_and_no_horizontal_scrolling(
    phone, portal_url, axe_source
):
    for lang in ("de", "ar"):
        for path in (
            "/",
            "/angebote/integrationskurs-ehingen/",
            "/gemeinden/dornstadt/",
            "/mithelfen/anmelden/",
        ):
            phone.goto(f"{portal_url}/{lang}{path}")
            phone.evaluate(axe_source)
            assert phone.evaluate(AXE_RUN) == [], (lang, path)
            overflow = phone.evaluate(
                "document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            assert overflow <= 0, (lang, path, overflow)
