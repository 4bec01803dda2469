"""The partner area in Chromium: the whole journey from an invitation to a published change,
with the keyboard only, and axe-core on every page type of the partner area."""

import json
import re

import pytest

from .helpers import codes, database, follow_link, press_button, sign_in, type_into
from .test_accessibility import AXE_RUN, HEADINGS
from .test_keyboard import tab_to

pytestmark = pytest.mark.browser

COURSE = "Integrationskurs mit Alphabetisierung in Ehingen"


def axe_problems(page, label, axe_source) -> dict:
    problems = no_axe_violations(page, axe_source)
    return {label: problems} if problems else {}


def no_axe_violations(page, axe_source) -> list:
    page.evaluate(axe_source)
    return page.evaluate(AXE_RUN) + page.evaluate(HEADINGS)


def test_from_an_invitation_to_a_published_change_with_the_keyboard_only(
    browser, served, demo_accounts, axe_source
):
    base = served.url
    admin = browser.new_context().new_page()
    sign_in(admin, served, "demo-zugaenge@example.org", demo_accounts["demo-zugaenge@example.org"])
    follow_link(admin, "Zugänge")
    follow_link(admin, "Jemanden einladen")
    type_into(admin, "id_email", "neue.redaktion@example.org")
    tab_to(
        admin,
        "el => el.labels && el.labels[0] && el.labels[0].textContent === 'Volkshochschule Ehingen'",
    )
    admin.keyboard.press("Space")
    press_button(admin, "Einladung senden")
    assert "Die Einladung an neue.redaktion@example.org ist unterwegs." in admin.content()

    (body,) = (
        database(served)
        .execute("SELECT body FROM core_outboxmessage WHERE recipients LIKE '%neue.redaktion%'")
        .fetchone()
    )
    # The mail names SITE_URL; this test server listens on a port of its own.
    link = base + re.search(r"http://[^/\s]+(/partnerbereich/einladung/\S+/)", body)[1]
    partner = browser.new_context().new_page()
    partner.goto(link)
    type_into(partner, "id_new_password1", "Ein-gutes-Passwort-2026")
    type_into(partner, "id_new_password2", "Ein-gutes-Passwort-2026")
    press_button(partner, "Passwort festlegen")
    assert no_axe_violations(partner, axe_source) == []  # setting up the authenticator app
    key = partner.locator(".otp-secret").inner_text().replace(" ", "")
    type_into(partner, "id_code", codes(key)[0])
    press_button(partner, "Einrichten")
    assert partner.locator(".recovery-codes li").count() == 10
    assert no_axe_violations(partner, axe_source) == []
    follow_link(partner, "Weiter zur Übersicht")
    follow_link(partner, "Angebote")
    follow_link(partner, COURSE)
    type_into(partner, "id_title_de", "Integrationskurs mit Alphabetisierung (Ehingen)")
    press_button(partner, "Speichern")
    assert "Gespeichert" in partner.content()
    press_button(partner, "Zur Prüfung einreichen")
    assert "Eingereicht" in partner.content()

    editor = browser.new_context().new_page()
    sign_in(
        editor, served, "demo-redaktion@example.org", demo_accounts["demo-redaktion@example.org"]
    )
    follow_link(editor, "Prüfung")
    follow_link(editor, "Integrationskurs mit Alphabetisierung (Ehingen)")
    assert "<ins>(Ehingen)</ins>" in editor.content()
    tab_to(editor, "el => el.type === 'radio' && el.value === 'publish'")
    editor.keyboard.press("Space")
    press_button(editor, "Entscheidung speichern")
    public = editor.context.new_page()
    public.goto(f"{base}/de/angebote/integrationskurs-ehingen/")
    assert public.locator("h1").inner_text() == "Integrationskurs mit Alphabetisierung (Ehingen)"


def test_login_pages_have_no_axe_violations(browser, served, axe_source):
    base = served.url
    failures = {}
    anonymous = browser.new_context().new_page()
    for path in ("anmelden/", "passwort-vergessen/", "passwort/MQ/falsch/"):
        anonymous.goto(f"{base}/partnerbereich/{path}")
        failures.update(axe_problems(anonymous, path, axe_source))
    anonymous.goto(f"{base}/partnerbereich/anmelden/")
    type_into(anonymous, "id_username", "niemand@example.org")
    press_button(anonymous, "Weiter")
    failures.update(axe_problems(anonymous, "login with errors", axe_source))

    assert not failures, json.dumps(failures, indent=1, ensure_ascii=False)


def test_every_partner_area_page_type_has_no_axe_violations(
    browser, served, demo_accounts, axe_source
):
    base = served.url
    failures = {}

    def check(page, label):
        failures.update(axe_problems(page, label, axe_source))

    page = browser.new_context().new_page()
    sign_in(page, served, "demo-zugaenge@example.org", demo_accounts["demo-zugaenge@example.org"])
    for path in (
        "",
        "angebote/",
        "orte/",
        "ansprechpersonen/",
        "organisationen/",
        "pruefung/",
        "uebersetzungen/",
        "uebersetzungen/ar/",
        "benutzer/",
        "benutzer/einladen/",
        "verlauf/",
        "konto/",
        "redaktion/seiten/",
        "redaktion/themen/",
        "redaktion/termine/",
        "redaktion/runder-tisch/",
        "gemeinden/",
    ):
        page.goto(f"{base}/partnerbereich/{path}")
        check(page, path)
    page.goto(f"{base}/partnerbereich/benutzer/einladen/")
    press_button(page, "Einladung senden")
    check(page, "invite with errors")
    page.goto(f"{base}/partnerbereich/konto/")
    press_button(page, "E-Mail-Adresse ändern")
    check(page, "account with errors")
    page.goto(f"{base}/partnerbereich/redaktion/seiten/")
    follow_link(page, "Impressum")
    check(page, "page")
    page.goto(f"{base}/partnerbereich/redaktion/termine/neu/")
    press_button(page, "Speichern und veröffentlichen")
    check(page, "new event with errors")
    page.goto(f"{base}/partnerbereich/angebote/")
    follow_link(page, "Deutschkurs für Eltern mit Kinderbetreuung")
    check(page, "revision")
    type_into(page, "id_title_de", "")
    press_button(page, "Speichern")
    check(page, "revision with errors")
    type_into(page, "id_title_de", "Deutschkurs für Eltern, mit Kinderbetreuung")
    press_button(page, "Speichern")
    edit_url = page.url
    follow_link(page, "Vorschau der öffentlichen Seite")
    check(page, "preview")
    page.goto(edit_url)
    press_button(page, "Zur Prüfung einreichen")
    revision = re.search(r"/aenderungen/(\d+)/", page.url)[1]
    page.goto(f"{base}/partnerbereich/pruefung/{revision}/")
    check(page, "review")
    tab_to(page, "el => el.type === 'radio' && el.value === 'publish'")
    page.keyboard.press("ArrowDown")  # within a radio group the arrow keys choose
    press_button(page, "Entscheidung speichern")
    check(page, "review with errors")
    page.goto(f"{base}/partnerbereich/uebersetzungen/ar/")
    follow_link(page, "Deutschkurs für Eltern")
    check(page, "translate (right to left)")
    assert not failures, json.dumps(failures, indent=1, ensure_ascii=False)
