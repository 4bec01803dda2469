"""Mithelfen: sign-up, double opt-in, routing to the coordinator, renewal, withdrawal, the
data download, and every kind of bad input of the form."""

import json
import re
from datetime import timedelta

import pytest
from django.core import signing
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone, translation

from portal.core import testing
from portal.core.models import OutboxMessage
from portal.directory.models import Contact, Municipality, Organisation
from portal.volunteering import links, services
from portal.volunteering.models import SignUp

pytestmark = pytest.mark.django_db

URL = reverse("web:volunteer-signup")


def form_data(**changes):
    data = {
        "municipality": "ehingen-donau",
        "topics": ["sprache"],
        "languages": ["de", "ar"],
        "availability": ["abends"],
        "message": "Ich kann abends Hausaufgabenhilfe geben.",
        "name": "Erika Mustermann",
        "email": "erika@example.org",
        "phone": "0731 123456",
        "consent": "on",
        "homepage": "",
        "started": signing.TimestampSigner(salt="portal.forms.started").sign("0"),
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def coordinator(slug="ehingen-donau", kind=Contact.Kind.VOLUNTEER_COORDINATION, **fields):
    municipality = Municipality.objects.get(slug=slug)
    return testing.contact(municipalities=[municipality], kind=kind, **fields)


def link_in(message: OutboxMessage, view: str) -> str:
    path = reverse(view, args=["TOKEN"]).split("TOKEN")[0]
    match = re.search(re.escape(path) + r"([^/\s]+)/", message.body)
    assert match, message.body
    return match.group(0)


def test_the_form_stores_a_sign_up_and_only_asks_to_confirm(client):
    response = client.post(URL, form_data())
    assert response.status_code == 302
    assert response["Location"] == reverse("web:volunteer-sent")
    signup = SignUp.objects.get()
    assert (signup.name, signup.email, signup.municipality.slug) == (
        "Erika Mustermann",
        "erika@example.org",
        "ehingen-donau",
    )
    assert [t.slug for t in signup.topics.all()] == ["sprache"]
    assert sorted(lang.code for lang in signup.languages.all()) == ["ar", "de"]
    assert signup.availability == ["abends"]
    assert signup.consent_version == services.CONSENT_VERSION
    assert signup.language == "de"
    assert signup.confirmed_at is None
    [mail] = OutboxMessage.objects.all()
    assert mail.recipients == ["erika@example.org"]
    assert mail.attempts == 0  # queued, not sent inside the request
    assert "/de/mithelfen/bestaetigen/" in mail.body
    assert "/de/mithelfen/abmelden/" in mail.body
    assert mail.headers["List-Unsubscribe"].startswith("<http://testserver/de/mithelfen/abmelden/")
    assert mail.headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert 'lang="de"' in mail.html_body and "bestaetigen" in mail.html_body


def test_the_sign_up_page_and_the_thank_you_page_answer_head_and_get(client):
    for url in (URL, reverse("web:volunteer-sent"), reverse("web:volunteer")):
        assert client.head(url).status_code == 200
        assert client.get(url).status_code == 200
    page = client.get(URL + "?gemeinde=laichingen").content.decode()
    assert 'value="laichingen" selected' in page


def test_confirming_sends_the_sign_up_to_the_helferkreis_coordinator(client):
    coordinator(email="hk-ehingen@example.org", name="Koordination HK Ehingen")
    coordinator(kind=Contact.Kind.INTEGRATION_MANAGER, email="im@example.org")
    client.post(URL, form_data())
    confirm = link_in(OutboxMessage.objects.get(), "web:volunteer-confirm")
    page = client.get(confirm)
    assert page.status_code == 200
    assert page["Cache-Control"] == "no-store, private"
    assert page["Referrer-Policy"] == "no-referrer"
    signup = SignUp.objects.get()
    assert signup.confirmed_at is not None
    assert signup.delete_after.date() == (signup.confirmed_at + timedelta(days=365)).date()
    to_coordinator = OutboxMessage.objects.get(recipients=["hk-ehingen@example.org"])
    assert to_coordinator.reply_to == "erika@example.org"
    assert "Erika Mustermann" in to_coordinator.body
    assert "Hausaufgabenhilfe" in to_coordinator.body
    assert not to_coordinator.headers  # a coordinator is not on a list
    confirmation = OutboxMessage.objects.filter(recipients=["erika@example.org"]).last()
    assert "Koordination HK Ehingen" in confirmation.body
    assert "List-Unsubscribe" in confirmation.headers
    # A second click changes nothing and sends nothing.
    count = OutboxMessage.objects.count()
    assert client.get(confirm).status_code == 200
    assert OutboxMessage.objects.count() == count


@pytest.mark.parametrize(
    ("has_circle", "has_manager", "expected"),
    [
        (True, True, "hk@example.org"),
        (False, True, "im@example.org"),
        (False, False, "office"),
    ],
)
def test_routing_helferkreis_then_integration_management_then_county_office(
    has_circle, has_manager, expected
):
    if has_circle:
        coordinator("blaustein", email="hk@example.org")
    if has_manager:
        coordinator("blaustein", kind=Contact.Kind.INTEGRATION_MANAGER, email="im@example.org")
    # Another town's coordinator and an archived one never receive it.
    coordinator("dornstadt", email="other@example.org")
    coordinator("blaustein", email="archived@example.org", archived_at=timezone.now())
    office = Organisation.objects.filter(kind__is_county_office=True).order_by("pk").first()
    office.email = "landratsamt@example.org"
    office.save()
    recipient = services.coordinator_for(Municipality.objects.get(slug="blaustein"))
    assert recipient.email == ("landratsamt@example.org" if expected == "office" else expected)


def test_the_volunteer_hears_back_in_the_language_they_used(client):
    coordinator(email="hk@example.org")
    client.post("/ar/mithelfen/anmelden/", form_data())
    signup = SignUp.objects.get()
    assert signup.language == "ar"
    request = OutboxMessage.objects.get()
    assert "/ar/mithelfen/bestaetigen/" in request.body
    assert 'lang="ar" dir="rtl"' in request.html_body
    with translation.override("ar"):
        assert translation.gettext("Bitte bestätigen Sie Ihre Anmeldung zum Mithelfen") in (
            request.subject
        )
    client.get(link_in(request, "web:volunteer-confirm"))
    coordinator_mail = OutboxMessage.objects.get(recipients=["hk@example.org"])
    assert coordinator_mail.subject.startswith("Neue Anmeldung zum Mithelfen")  # German
    confirmation = OutboxMessage.objects.filter(recipients=["erika@example.org"]).last()
    with translation.override("ar"):
        assert translation.gettext("Ihre Anmeldung zum Mithelfen ist weitergegeben") in (
            confirmation.subject
        )


def test_a_confirmation_link_expires(client, settings):
    client.post(URL, form_data())
    confirm = link_in(OutboxMessage.objects.get(), "web:volunteer-confirm")
    later = timezone.now() + timedelta(days=settings.VOLUNTEER_UNCONFIRMED_DAYS, seconds=5)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("time.time", lambda: later.timestamp())
        response = client.get(confirm)
    assert response.status_code == 410
    assert "abgelaufen" in response.content.decode()
    assert SignUp.objects.get().confirmed_at is None
    assert OutboxMessage.objects.count() == 1  # nothing went to a coordinator


@pytest.mark.parametrize(
    "token",
    ["unsinn", "a" * 300, "1:2:3", "%00", signing.dumps([1, "falsch"], salt="x")],
)
def test_a_broken_or_forged_link_is_a_clear_404(client, token):
    client.post(URL, form_data())
    for view in ("web:volunteer-confirm", "web:volunteer-manage", "web:volunteer-withdraw"):
        response = client.get(reverse(view, args=[token]))
        assert response.status_code == 404
        assert "Diesen Link gibt es nicht" in response.content.decode()
    assert SignUp.objects.get().confirmed_at is None


def test_a_manage_link_does_not_confirm_and_a_confirm_link_does_not_manage(client):
    client.post(URL, form_data())
    signup = SignUp.objects.get()
    manage_token = links.token(signup, links.MANAGE)
    confirm_token = links.token(signup, links.CONFIRM)
    assert client.get(reverse("web:volunteer-confirm", args=[manage_token])).status_code == 404
    assert client.get(reverse("web:volunteer-manage", args=[confirm_token])).status_code == 404


def test_withdrawing_deletes_the_sign_up_its_mails_and_tells_the_coordinator(client):
    coordinator(email="hk@example.org")
    client.post(URL, form_data())
    signup = SignUp.objects.get()
    client.get(reverse("web:volunteer-confirm", args=[links.token(signup, links.CONFIRM)]))
    assert OutboxMessage.objects.filter(about=signup.mail_key).count() == 3
    withdraw = reverse("web:volunteer-withdraw", args=[links.token(signup, links.MANAGE)])
    page = client.get(withdraw)
    assert page.status_code == 200  # opening the link alone deletes nothing
    assert SignUp.objects.count() == 1
    response = client.post(withdraw)
    assert response.status_code == 200
    assert not SignUp.objects.exists()
    assert not OutboxMessage.objects.filter(about=signup.mail_key).exists()
    [notice] = OutboxMessage.objects.all()
    assert notice.recipients == ["hk@example.org"]
    assert "zurückgezogen" in notice.subject
    assert client.get(withdraw).status_code == 404  # the link is dead now


def test_one_click_unsubscribe_needs_no_csrf_token():
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.post(URL, form_data())  # refused: no CSRF token
    assert not SignUp.objects.exists()
    signup = services.sign_up(
        {"name": "A", "email": "a@example.org", "municipality": Municipality.objects.first()},
        "de",
    )
    url = reverse("web:volunteer-withdraw", args=[links.token(signup, links.MANAGE)])
    response = client.post(url, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert not SignUp.objects.exists()


def test_the_manage_page_shows_the_data_renews_and_withdraws(client):
    coordinator(email="hk@example.org")
    client.post(URL, form_data())
    signup = SignUp.objects.get()
    services.confirm(signup, now=timezone.now() - timedelta(days=300))
    signup.refresh_from_db()
    url = reverse("web:volunteer-manage", args=[links.token(signup, links.MANAGE)])
    page = client.get(url).content.decode()
    assert "Erika Mustermann" in page and "erika@example.org" in page
    assert "Anmeldung verlängern" in page
    assert client.post(url, {"action": "unbekannt"}).status_code == 400
    response = client.post(url, {"action": "renew"})
    assert response.status_code == 200
    signup.refresh_from_db()
    assert signup.delete_after > timezone.now() + timedelta(days=364)
    client.post(url, {"action": "withdraw"})
    assert not SignUp.objects.exists()


def test_the_volunteer_downloads_everything_stored_about_them(client):
    client.post(URL, form_data())
    signup = SignUp.objects.get()
    url = reverse("web:volunteer-data", args=[links.token(signup, links.MANAGE)])
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    assert response["Cache-Control"] == "no-store, private"
    data = json.loads(response.content)
    assert data["name"] == "Erika Mustermann"
    assert data["email"] == "erika@example.org"
    assert data["phone"] == "0731 123456"
    assert data["municipality"] == "Ehingen (Donau)"
    assert data["languages"] == ["Deutsch", "Arabisch"]
    assert data["availability"] == ["werktags abends"]
    assert data["consent_version"] == services.CONSENT_VERSION
    assert data["confirmed_at"] is None
    assert data["mails_waiting"] == 1


def test_retention_deletes_unconfirmed_after_seven_days_and_confirmed_after_a_year(client):
    now = timezone.now()
    coordinator(email="hk@example.org")
    fresh = services.sign_up(form_fields(), "de")
    old = services.sign_up(form_fields(email="alt@example.org"), "de")
    SignUp.objects.filter(pk=old.pk).update(created_at=now - timedelta(days=7, minutes=1))
    confirmed = services.sign_up(form_fields(email="b@example.org"), "de")
    services.confirm(confirmed, now=now - timedelta(days=366))
    renewed = services.sign_up(form_fields(email="c@example.org"), "de")
    services.confirm(renewed, now=now - timedelta(days=366))
    services.renew(SignUp.objects.get(pk=renewed.pk), now=now - timedelta(days=10))
    call_command("apply_retention", verbosity=0)
    assert set(SignUp.objects.values_list("pk", flat=True)) == {fresh.pk, renewed.pk}
    # Their mails went with them; only the notices about them remain.
    assert not OutboxMessage.objects.filter(about=old.mail_key).exists()
    assert not OutboxMessage.objects.filter(about=confirmed.mail_key).exists()


def test_a_volunteer_is_reminded_once_before_deletion_with_the_link_to_renew():
    now = timezone.now()
    signup = services.sign_up(form_fields(), "en")
    services.confirm(signup, now=now - timedelta(days=340))
    call_command("apply_retention", verbosity=0)
    call_command("apply_retention", verbosity=0)
    reminders = OutboxMessage.objects.filter(
        about=signup.mail_key, subject__icontains="delet"
    ) | OutboxMessage.objects.filter(about=signup.mail_key, subject__icontains="lösch")
    [reminder] = reminders
    assert "/en/mithelfen/anmeldung/" in reminder.body
    assert SignUp.objects.get().reminded_at is not None


def test_retention_logs_name_no_person(caplog):
    signup = services.sign_up(form_fields(name="Geheim Name", email="geheim@example.org"), "de")
    services.confirm(signup, now=timezone.now() - timedelta(days=340))
    with caplog.at_level("DEBUG"):
        call_command("apply_retention", verbosity=0)
    assert "geheim" not in caplog.text.lower()


def form_fields(**changes):
    data = {
        "name": "Erika Mustermann",
        "email": "erika@example.org",
        "municipality": Municipality.objects.get(slug="ehingen-donau"),
        "message": "Ich helfe gern.",
    }
    return {**data, **changes}


def test_a_town_page_links_to_the_form_with_the_town_chosen(client):
    page = client.get(reverse("web:municipality-detail", args=["laichingen"])).content.decode()
    assert f'href="{URL}?gemeinde=laichingen"' in page


def test_a_head_request_to_the_confirmation_link_confirms_nothing(client):
    client.post(URL, form_data())
    signup = SignUp.objects.get()
    url = reverse("web:volunteer-confirm", args=[links.token(signup, links.CONFIRM)])
    assert client.head(url).status_code == 200
    signup.refresh_from_db()
    assert signup.confirmed_at is None
    assert OutboxMessage.objects.count() == 1
