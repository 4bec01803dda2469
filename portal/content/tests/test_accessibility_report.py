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


def test_report_is_stored_and_delivered_over_smtp(
    client, smtp_server, settings, django_capture_on_commit_callbacks
):
    settings.FEEDBACK_RECIPIENTS = ["barrierefreiheit@example.org"]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, VALID, follow=True)
    assert response.status_code == 200
    assert "Vielen Dank" in response.content.decode()
    report = AccessibilityReport.objects.get()
    assert report.message == VALID["message"]
    assert report.language == "de"
    assert len(smtp_server.messages) == 1
    mail = smtp_server.messages[0]
    assert mail["To"] == "barrierefreiheit@example.org"
    assert mail["Reply-To"] == "erika@example.org"
    assert "/de/themen/" in mail["Subject"]
    assert VALID["message"] in mail.get_content()
    assert OutboxMessage.objects.get().status == OutboxMessage.Status.SENT


def test_report_is_kept_when_the_mail_server_is_down_and_sent_later(
    client, smtp_down, settings, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, VALID, follow=True)
    assert "Vielen Dank" in response.content.decode()
    assert AccessibilityReport.objects.count() == 1
    waiting = OutboxMessage.objects.get()
    assert waiting.status == OutboxMessage.Status.PENDING
    assert waiting.attempts == 1
    assert "ConnectionRefusedError" in waiting.last_error


def test_send_outbox_delivers_waiting_mail_once_the_server_is_back(smtp_server, capsys):
    OutboxMessage.objects.create(recipients=["a@example.org"], subject="Wartet", body="Text")
    call_command("send_outbox")
    assert "1 gesendet, 0 nicht zustellbar" in capsys.readouterr().out
    assert [m["Subject"] for m in smtp_server.messages] == ["Wartet"]
    call_command("send_outbox")
    assert len(smtp_server.messages) == 1


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


def test_html_in_a_report_is_stored_as_text_and_escaped(client, django_capture_on_commit_callbacks):
    payload = {**VALID, "message": "<script>alert(1)</script> Knopf fehlt"}
    with django_capture_on_commit_callbacks(execute=True):
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
