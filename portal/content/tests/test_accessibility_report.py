"""The "Barriere melden" form: stored, mailed through the outbox, never lost."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from portal.content.models import AccessibilityReport
from portal.core.models import OutboxMessage

pytestmark = pytest.mark.django_db

URL = reverse("web:accessibility-report")
VALID = {
    "page_url": "/de/themen/",
    "message": "Der Knopf „Anzeigen“ ist mit der Tastatur nicht erreichbar.",
    "name": "Erika Mustermann",
    "email": "erika@example.org",
}


def test_form_is_linked_from_every_page_with_the_current_page(client):
    text = client.get("/de/gemeinden/dornstadt/").content.decode()
    assert 'href="/de/barriere-melden/?seite=/de/gemeinden/dornstadt/"' in text
    form = client.get(URL, {"seite": "/de/gemeinden/dornstadt/"}).content.decode()
    assert 'value="/de/gemeinden/dornstadt/"' in form


def test_report_is_stored_queued_and_delivered_over_smtp_by_the_sender(
    client, smtp_server, settings
):
    settings.FEEDBACK_RECIPIENTS = ["barrierefreiheit@example.org"]
    response = client.post(URL, VALID, follow=True)
    assert response.status_code == 200
    assert "Vielen Dank" in response.content.decode()
    report = AccessibilityReport.objects.get()
    assert report.message == VALID["message"]
    assert report.language == "de"
    # The request only queued the mail: it never talked to the mail server.
    assert smtp_server.messages == []
    assert OutboxMessage.objects.get().attempts == 0
    call_command("send_outbox", verbosity=0)
    assert len(smtp_server.messages) == 1
    mail = smtp_server.messages[0]
    assert mail["To"] == "barrierefreiheit@example.org"
    assert mail["Reply-To"] == "erika@example.org"
    assert "/de/themen/" in mail["Subject"]
    assert VALID["message"] in mail.get_content()
    assert OutboxMessage.objects.get().status == OutboxMessage.Status.SENT


def test_report_is_accepted_at_once_while_the_mail_server_is_down(client, smtp_down):
    response = client.post(URL, VALID, follow=True)
    assert "Vielen Dank" in response.content.decode()
    assert AccessibilityReport.objects.count() == 1
    waiting = OutboxMessage.objects.get()
    assert waiting.status == OutboxMessage.Status.PENDING
    assert waiting.attempts == 0
    call_command("send_outbox", verbosity=0)
    waiting.refresh_from_db()
    assert waiting.status == OutboxMessage.Status.PENDING
    assert "ConnectionRefusedError" in waiting.last_error


@pytest.mark.parametrize(
    "field, value, stored",
    [
        ("page_url", "/de/themen/\r\nBcc: fremd@example.org", "/de/themen/ Bcc: fremd@example.org"),
        ("page_url", "/de/themen/\u2028Zeile", "/de/themen/ Zeile"),
        ("name", "Erika\nMustermann", "Erika Mustermann"),
    ],
)
def test_a_line_break_in_a_one_line_field_is_stored_on_one_line_and_the_mail_goes_out(
    client, smtp_server, field, value, stored
):
    response = client.post(URL, {**VALID, field: value})
    assert response.status_code == 302
    assert getattr(AccessibilityReport.objects.get(), field) == stored
    call_command("send_outbox", verbosity=0)
    assert len(smtp_server.messages) == 1
    mail = smtp_server.messages[0]
    assert mail["Bcc"] is None
    assert [str(to) for to in mail.get_all("To")] == ["barrierefreiheit@example.org"]
    if field == "page_url":
        assert mail["Subject"] == f"Barriere gemeldet: {stored}"


def test_arabic_reader_gets_errors_in_arabic(client):
    response = client.post("/ar/barriere-melden/", {"message": ""})
    assert response.status_code == 400
    text = response.content.decode()
    assert 'lang="ar" dir="rtl"' in text
    from django.utils import translation

    with translation.override("ar"):
        expected = translation.gettext("Bitte beschreiben Sie die Barriere.")
    assert expected in text


@pytest.mark.parametrize(
    "data, field, message",
    [
        ({"message": ""}, "message", "Bitte beschreiben Sie die Barriere."),
        ({"message": "kurz"}, "message", "mindestens 10 Zeichen"),
        ({"message": "x" * 5001}, "message", "höchstens 5000 Zeichen"),
        ({"message": "Eine Barriere\x00 mit Nullzeichen"}, "message", "Nullzeichen"),
        ({"message": "Text mit \u202eumgedrehter\u202c Richtung"}, "message", "Schreibrichtung"),
        ({**VALID, "email": "keine-adresse"}, "email", "gültige E-Mail-Adresse"),
        ({**VALID, "name": "N" * 201}, "name", "höchstens 200 Zeichen"),
        ({**VALID, "page_url": "/de/\x00"}, "page_url", "Nullzeichen"),
        ({**VALID, "email": "erika@exa\u202emple.org"}, "email", "Schreibrichtung"),
        ({**VALID, "email": "erika\u202e@example.org"}, "email", "Schreibrichtung"),
        ({**VALID, "email": "erika@bei spiel.org"}, "email", "gültige E-Mail-Adresse"),
        ({**VALID, "name": "Erika\x07"}, "name", "darf keine Steuerzeichen enthalten"),
    ],
)
def test_bad_input_gets_a_clear_message_and_changes_nothing(client, data, field, message):
    response = client.post(URL, data)
    assert response.status_code == 400
    text = response.content.decode()
    assert message in text
    assert f'id="id_{field}"' in text and 'aria-invalid="true"' in text
    assert 'href="#id_' + field + '"' in text  # error summary links to the field
    assert not AccessibilityReport.objects.exists()
    assert not OutboxMessage.objects.exists()


def test_html_in_a_report_is_stored_as_text_and_escaped(client):
    payload = {**VALID, "message": "<script>alert(1)</script> Knopf fehlt"}
    client.post(URL, payload)
    assert AccessibilityReport.objects.get().message.startswith("<script>")
    response = client.post(URL, {**payload, "email": "x"})
    assert "<script>alert(1)</script>" not in response.content.decode()
    assert "&lt;script&gt;" in response.content.decode()


def test_form_needs_a_csrf_token():
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post(URL, VALID)
    assert response.status_code == 403
    assert "Das Formular ist abgelaufen" in response.content.decode()
    assert not AccessibilityReport.objects.exists()


def test_overlong_email_address_is_refused_with_a_message(client):
    response = client.post(URL, {**VALID, "email": "a" * 300 + "@example.org"})
    assert response.status_code == 400
    assert "höchstens 254 Zeichen" in response.content.decode()
    assert not AccessibilityReport.objects.exists()


@pytest.mark.parametrize(
    "email", ["erika@exa\u200dmple.org", "erika\u00a0@example.org", "erika@-example.org"]
)
def test_an_address_mail_cannot_be_sent_to_is_refused(client, email):
    response = client.post(URL, {**VALID, "email": email})
    assert response.status_code == 400
    assert 'id="id_email"' in response.content.decode()
    assert not AccessibilityReport.objects.exists()
    assert not OutboxMessage.objects.exists()


def test_reports_are_deleted_after_the_retention_period(client, settings):
    from datetime import timedelta

    from django.utils import timezone

    client.post(URL, VALID)
    old = AccessibilityReport.objects.get()
    AccessibilityReport.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - timedelta(days=settings.RETENTION_DAYS + 1)
    )
    client.post(URL, VALID)
    call_command("apply_retention", verbosity=0)
    assert list(AccessibilityReport.objects.values_list("pk", flat=True)) != [old.pk]
    assert AccessibilityReport.objects.count() == 1
