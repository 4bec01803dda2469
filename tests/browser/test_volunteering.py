"""Mithelfen end to end, as a neighbour who reads Arabic: the form in Chromium, the
confirmation mail at a real SMTP server, the link, the coordinator's mail, and the volunteer's
confirmation in Arabic."""

import os
import re
import subprocess
import sys

import pytest
from django.utils import translation

from portal.core.testing import running_smtp_server

from .helpers import database
from .test_accessibility import AXE_RUN, HEADINGS

pytestmark = pytest.mark.browser

COORDINATOR = "helferkreis-ehingen-donau@example.org"  # the demo data's Helferkreis Ehingen


def send_outbox(served, inbox_port: int) -> None:
    env = {
        **os.environ,
        **served.env,
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(inbox_port),
    }
    subprocess.run(
        [sys.executable, "manage.py", "send_outbox", "-v", "0"], env=env, check=True, timeout=60
    )


def text_of(message) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


def test_an_arabic_reader_signs_up_confirms_and_reaches_the_coordinator(
    browser, served, settings, axe_source
):
    page = browser.new_context(locale="ar").new_page()
    page.goto(f"{served.url}/ar/mithelfen/")
    page.locator("a[href='/ar/mithelfen/anmelden/']").first.click()
    assert page.locator("html").get_attribute("dir") == "rtl"
    page.evaluate(axe_source)
    assert page.evaluate(AXE_RUN) + page.evaluate(HEADINGS) == []
    page.select_option("#id_municipality", "ehingen-donau")
    page.check("input[name=topics][value=sprache]")
    page.check("input[name=languages][value=ar]")
    page.check("input[name=availability][value=abends]")
    page.fill("#id_message", "أستطيع المساعدة في الواجبات المدرسية مساءً.")
    page.fill("#id_name", "سلمى الأحمد")
    page.fill("#id_email", "salma@example.org")
    page.check("#id_consent")
    page.wait_for_timeout(3100)  # a person takes longer than the minimum fill time
    with page.expect_navigation():
        page.locator("form.stack-form button[type=submit]").click()
    assert page.url.endswith("/ar/mithelfen/anmelden/gesendet/")
    with translation.override("ar"):
        sent = translation.gettext("Bitte bestätigen Sie Ihre E-Mail-Adresse")
        confirmed_subject = translation.gettext("Ihre Anmeldung zum Mithelfen ist weitergegeben")
        request_subject = translation.gettext("Bitte bestätigen Sie Ihre Anmeldung zum Mithelfen")
    assert sent in page.locator("h1").inner_text()

    with running_smtp_server(settings) as inbox:
        send_outbox(served, settings.EMAIL_PORT)
        [request] = [m for m in inbox.messages if m["To"] == "salma@example.org"]
        assert (
            request["Subject"].strip() == request_subject
        )  # a folded header may start with a space
        assert request["List-Unsubscribe"].strip().startswith("<")
        link = re.search(r"http://[^/\s]+(/ar/mithelfen/bestaetigen/\S+/)", text_of(request))[1]
        assert not [m for m in inbox.messages if m["To"] == COORDINATOR]  # not before opt-in

        page.goto(served.url + link)
        assert page.locator("html").get_attribute("lang") == "ar"
        with translation.override("ar"):
            assert translation.gettext("Ihre Anmeldung ist bestätigt") in page.content()
        send_outbox(served, settings.EMAIL_PORT)

    [to_coordinator] = [m for m in inbox.messages if m["To"] == COORDINATOR]
    assert to_coordinator["Reply-To"] == "salma@example.org"
    body = text_of(to_coordinator)
    assert "سلمى الأحمد" in body and "Ehingen (Donau)" in body
    assert "Sprache des Formulars: ar" in body
    [confirmation] = [
        m for m in inbox.messages if m["To"] == "salma@example.org" and m is not request
    ]
    assert confirmation["Subject"].strip() == confirmed_subject
    html = confirmation.get_body(preferencelist=("html",)).get_content()
    assert 'lang="ar" dir="rtl"' in html
    (count,) = (
        database(served)
        .execute("SELECT count(*) FROM core_outboxmessage WHERE status != 'sent'")
        .fetchone()
    )
    assert count == 0
