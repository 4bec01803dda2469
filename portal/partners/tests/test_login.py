"""Signing in: password, then a TOTP code; lockout; invitations and password resets by signed
links; the second factor set up on first login; sessions that end."""

import re
import time

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from portal.accounts.models import Account
from portal.core import testing
from portal.core.models import AuditEntry, OutboxMessage

pytestmark = pytest.mark.django_db

LOGIN = reverse("partners:login")
CODE = reverse("partners:login-code")
HOME = reverse("partners:home")
PASSWORD = "ein-langes-Passwort-42"


def code_for(user) -> str:
    device = TOTPDevice.objects.get(user=user, confirmed=True)
    return f"{totp(device.bin_key, device.step, device.t0, device.digits):06d}"


def link_in(message: OutboxMessage) -> str:
    return re.search(r"http://testserver(/partnerbereich/\S+/)", message.body)[1]


def test_signing_in_takes_the_password_and_then_a_code(client, area):
    response = client.post(LOGIN, {"username": "A@example.org", "password": PASSWORD})
    assert response.status_code == 302 and response["Location"].startswith(CODE)
    assert client.get(HOME)["Location"].startswith(CODE)  # one factor is not enough
    response = client.post(CODE, {"code": code_for(area.partner_a)})
    assert response["Location"] == HOME
    assert client.get(HOME).status_code == 200


@pytest.mark.parametrize(
    "username, password",
    [("a@example.org", "falsch-falsch-falsch"), ("niemand@example.org", PASSWORD)],
)
def test_wrong_password_and_unknown_user_get_the_same_answer(client, area, username, password):
    response = client.post(LOGIN, {"username": username, "password": password})
    assert response.status_code == 400
    assert "E-Mail-Adresse oder Passwort stimmen nicht." in response.content.decode()


def test_a_deactivated_user_gets_the_same_answer(client, area):
    area.partner_a.is_active = False
    area.partner_a.save()
    response = client.post(LOGIN, {"username": "a@example.org", "password": PASSWORD})
    assert response.status_code == 400
    assert "E-Mail-Adresse oder Passwort stimmen nicht." in response.content.decode()


def test_five_failures_lock_the_account_even_for_the_right_password(client, area):
    for _ in range(5):
        client.post(LOGIN, {"username": "a@example.org", "password": "falsch-falsch-falsch"})
    response = client.post(LOGIN, {"username": "a@example.org", "password": PASSWORD})
    assert response.status_code == 429
    assert "vorübergehend gesperrt" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_wrong_code_is_refused_and_a_recovery_code_works_once(client, area):
    client.post(LOGIN, {"username": "a@example.org", "password": PASSWORD})
    response = client.post(CODE, {"code": "000000"})
    assert response.status_code == 400
    assert "Der Code stimmt nicht" in response.content.decode()
    from portal.partners.views.auth import new_recovery_codes

    codes = new_recovery_codes(area.partner_a)
    assert client.post(CODE, {"code": codes[0]})["Location"] == HOME
    client.post(reverse("partners:logout"))
    client.post(LOGIN, {"username": "a@example.org", "password": PASSWORD})
    assert client.post(CODE, {"code": codes[0]}).status_code == 400  # used up
    assert StaticToken.objects.filter(device__user=area.partner_a).count() == 9


def test_an_invitation_leads_to_a_password_a_second_factor_and_the_partner_area(client, area):
    admin = Client()
    testing.sign_in(admin, area.county_admin)
    response = admin.post(
        reverse("partners:user-invite"),
        {"email": "neu@example.org", "role": "editor", "organisations": [area.org_b.pk]},
    )
    assert response.status_code == 302
    mail = OutboxMessage.objects.get(recipients=["neu@example.org"])
    assert "3 Tage" in mail.body
    link = link_in(mail)
    page = client.get(link)
    assert page.status_code == 200 and "neu@example.org" in page.content.decode()
    weak = client.post(link, {"new_password1": "12345678", "new_password2": "12345678"})
    assert weak.status_code == 400
    response = client.post(link, {"new_password1": PASSWORD, "new_password2": PASSWORD})
    assert response["Location"] == reverse("partners:two-factor-setup")
    assert client.get(HOME)["Location"] == reverse("partners:two-factor-setup")
    setup = client.get(reverse("partners:two-factor-setup"))
    assert "<svg" in setup.content.decode() and 'aria-label="QR-Code"' in setup.content.decode()
    device = TOTPDevice.objects.get(user__email="neu@example.org", confirmed=False)
    token = f"{totp(device.bin_key):06d}"
    response = client.post(reverse("partners:two-factor-setup"), {"code": token})
    assert "Wiederherstellungscodes" in response.content.decode()
    assert len(re.findall(r"<li><code>\w+</code></li>", response.content.decode())) == 10
    assert client.get(HOME).status_code == 200
    assert client.get(link).status_code == 400  # the link works once
    assert AuditEntry.objects.filter(action="invite").count() == 1


def test_a_password_reset_does_not_tell_whether_an_address_exists(client, area):
    url = reverse("partners:password-reset")
    known = client.post(url, {"email": "a@example.org"}, follow=True).content.decode()
    unknown = client.post(url, {"email": "wer@example.org"}, follow=True).content.decode()
    message = "Wenn es zu dieser Adresse einen Zugang gibt"
    assert message in known and message in unknown
    [mail] = OutboxMessage.objects.all()
    assert mail.recipients == ["a@example.org"]
    link = link_in(mail)
    response = client.post(
        link, {"new_password1": "Neues-Passwort-2026", "new_password2": "Neues-Passwort-2026"}
    )
    assert response["Location"].startswith(CODE)  # the second factor still counts
    assert client.get(link).status_code == 400


def test_a_new_password_from_a_reset_link_ends_a_lockout(area, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        Client().post(LOGIN, {"username": "a@example.org", "password": "geraten"})
    assert (
        Client().post(LOGIN, {"username": "a@example.org", "password": PASSWORD}).status_code == 429
    )
    client = Client()
    client.post(reverse("partners:password-reset"), {"email": "a@example.org"})
    link = link_in(OutboxMessage.objects.get())
    new = "Neues-Passwort-2026"
    client.post(link, {"new_password1": new, "new_password2": new})
    response = Client().post(LOGIN, {"username": "a@example.org", "password": new})
    assert response.status_code == 302 and response["Location"].startswith(CODE)


def test_deactivating_a_user_ends_their_sessions_at_once(area):
    partner, admin = Client(), Client()
    testing.sign_in(partner, area.partner_b)
    assert partner.get(HOME).status_code == 200
    testing.sign_in(admin, area.county_admin)
    admin.post(reverse("partners:user-deactivate", args=[area.partner_b.account.pk]))
    response = partner.get(HOME)
    assert response.status_code == 302 and response["Location"].startswith(LOGIN)
    from django.contrib.sessions.models import Session

    assert not [
        s
        for s in Session.objects.all()
        if s.get_decoded().get("_auth_user_id") == str(area.partner_b.pk)
    ]


@pytest.mark.parametrize("key, age", [("seen_at", 31 * 60), ("started_at", 11 * 3600)])
def test_a_session_ends_after_a_pause_and_after_a_working_day(client, area, key, age):
    testing.sign_in(client, area.partner_a)
    assert client.get(HOME).status_code == 200
    session = client.session
    session[key] = int(time.time()) - age
    session.save()
    response = client.get(HOME, follow=True)
    assert "Sitzung abgelaufen" in response.content.decode()
    assert response.redirect_chain[-1][0].startswith(LOGIN)


def test_changing_the_e_mail_address_needs_the_password(client, area):
    testing.sign_in(client, area.partner_a)
    url = reverse("partners:account")
    response = client.post(
        url, {"action": "email", "email-email": "neu@example.org", "email-password": "falsch"}
    )
    assert response.status_code == 400
    area.partner_a.refresh_from_db()
    assert area.partner_a.email == "a@example.org"
    client.post(
        url, {"action": "email", "email-email": "Neu@Example.org", "email-password": PASSWORD}
    )
    area.partner_a.refresh_from_db()
    assert area.partner_a.email == area.partner_a.username == "neu@example.org"
    mail = OutboxMessage.objects.get(subject__contains="E-Mail-Adresse geändert")
    assert mail.recipients == ["a@example.org"]  # the old address learns of it


def test_a_new_authenticator_app_needs_the_password_and_a_code(client, area):
    testing.sign_in(client, area.partner_a)
    url = reverse("partners:account")
    old = TOTPDevice.objects.get(user=area.partner_a)
    client.post(url, {"action": "codes", "codes-password": PASSWORD})  # recovery codes first
    for password, code, message in [
        ("x", code_for(area.partner_a), "Das Passwort stimmt nicht."),
        (PASSWORD, "", "Dieses Feld ist zwingend erforderlich."),
        (PASSWORD, "123456", "Der Code stimmt nicht oder ist abgelaufen."),
    ]:
        data = {"action": "authenticator", "authenticator-password": password}
        response = client.post(url, {**data, "authenticator-code": code})
        assert response.status_code == 400 and message in response.content.decode()
        assert TOTPDevice.objects.filter(pk=old.pk).exists()
    old.refresh_from_db()
    old.throttle_reset()  # after a wrong code django-otp waits a moment before the next one
    data = {
        "action": "authenticator",
        "authenticator-password": PASSWORD,
        "authenticator-code": code_for(area.partner_a),
    }
    response = client.post(url, data)
    assert response["Location"] == reverse("partners:two-factor-setup")
    assert not TOTPDevice.objects.filter(pk=old.pk).exists()
    assert client.get(reverse("partners:two-factor-setup")).status_code == 200
    entry = AuditEntry.objects.filter(action="sign_in").latest("pk")
    assert entry.comment == "Authenticator-App ersetzt"
    assert OutboxMessage.objects.filter(subject__contains="Authenticator-App ersetzt").exists()


def test_a_recovery_code_stands_in_for_a_lost_phone(client, area):
    testing.sign_in(client, area.partner_a)
    url = reverse("partners:account")
    response = client.post(url, {"action": "codes", "codes-password": PASSWORD})
    recovery = re.findall(r"\b[a-z0-9]{8}\b", response.content.decode())
    stored = set(StaticToken.objects.values_list("token", flat=True))
    code = next(c for c in recovery if c in stored)
    data = {"action": "authenticator", "authenticator-password": PASSWORD}
    response = client.post(url, {**data, "authenticator-code": code})
    assert response["Location"] == reverse("partners:two-factor-setup")
    assert not StaticToken.objects.filter(token=code).exists()  # used once


def test_wrong_passwords_on_the_account_page_lock_the_account(client, area, settings):
    testing.sign_in(client, area.partner_a)
    url = reverse("partners:account")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(url, {"action": "codes", "codes-password": "geraten"})
    response = Client().post(LOGIN, {"username": "a@example.org", "password": PASSWORD})
    assert response.status_code == 429 and "gesperrt" in response.content.decode()


def test_the_lockout_counts_the_account_from_any_address(area, settings):
    for n in range(settings.AXES_FAILURE_LIMIT):
        Client(REMOTE_ADDR=f"203.0.113.{n}").post(
            LOGIN, {"username": "a@example.org", "password": "geraten"}
        )
    response = Client(REMOTE_ADDR="198.51.100.7").post(
        LOGIN, {"username": "a@example.org", "password": PASSWORD}
    )
    assert response.status_code == 429


def test_changing_the_password_checks_the_old_one_tells_the_user_and_keeps_this_session(
    client, area
):
    testing.sign_in(client, area.partner_a)
    other = Client()
    testing.sign_in(other, area.partner_a)
    url = reverse("partners:account")
    new = "ein-anderes-langes-Passwort-7"
    data = {"action": "password", "password-new_password1": new, "password-new_password2": new}
    response = client.post(url, {**data, "password-old_password": "falsch"})
    assert response.status_code == 400 and "Das Passwort stimmt nicht." in response.content.decode()
    assert client.post(url, {**data, "password-old_password": PASSWORD}).status_code == 302
    assert client.get(HOME).status_code == 200
    assert other.get(HOME).status_code == 302  # the other session has ended
    mail = OutboxMessage.objects.get(subject__contains="Passwort geändert")
    assert mail.recipients == ["a@example.org"]


def test_the_setup_page_shows_a_new_key_each_time_and_checks_the_one_shown(client, area):
    user = testing.partner_user("neu@example.org", Account.Role.EDITOR)
    TOTPDevice.objects.filter(user=user).delete()
    client.force_login(user)
    setup = reverse("partners:two-factor-setup")
    client.get(setup)
    first = TOTPDevice.objects.get(user=user)
    client.get(setup)
    second = TOTPDevice.objects.get(user=user)  # the first key is gone
    assert first.pk != second.pk
    code = f"{totp(first.bin_key, first.step, first.t0, first.digits):06d}"
    assert client.post(setup, {"code": code}).status_code == 400
    second.refresh_from_db()
    second.throttle_reset()  # after a wrong code django-otp waits a moment before the next one
    code = f"{totp(second.bin_key, second.step, second.t0, second.digits):06d}"
    response = client.post(setup, {"code": code})
    assert response.status_code == 200 and "Wiederherstellungscodes" in response.content.decode()
    assert TOTPDevice.objects.get(user=user, confirmed=True).pk == second.pk


def test_forms_need_a_csrf_token(area):
    client = Client(enforce_csrf_checks=True)
    response = client.post(LOGIN, {"username": "a@example.org", "password": PASSWORD})
    assert response.status_code == 403
    testing.sign_in(client, area.partner_a)
    response = client.post(reverse("partners:entry-archive", args=["angebote", area.offer_a.uuid]))
    assert response.status_code == 403
    area.offer_a.refresh_from_db()
    assert area.offer_a.status == "published"


def test_partner_pages_are_never_cached_and_carry_the_security_headers(client, area):
    testing.sign_in(client, area.partner_a)
    response = client.get(HOME)
    assert response["Cache-Control"] == "no-store"
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    csp = response["Content-Security-Policy"]
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert "frame-ancestors 'none'" in csp


def test_a_superuser_without_an_account_has_no_partner_area(client, personas):
    from django_otp.plugins.otp_totp.models import TOTPDevice as Device

    Device.objects.create(user=personas.alice, name="App", confirmed=True)
    testing.sign_in(client, personas.alice)
    assert client.get(HOME).status_code == 403
    assert not Account.objects.filter(user=personas.alice).exists()


def test_failed_logins_are_deleted_after_their_retention_period(client, area, settings):
    from datetime import timedelta

    from axes.models import AccessAttempt
    from django.core.management import call_command
    from django.utils import timezone

    client.post(LOGIN, {"username": "a@example.org", "password": "falsch-falsch-falsch"})
    assert AccessAttempt.objects.count() == 1
    AccessAttempt.objects.update(
        attempt_time=timezone.now() - timedelta(days=settings.LOGIN_ATTEMPT_RETENTION_DAYS + 1)
    )
    call_command("apply_retention", verbosity=0)
    assert not AccessAttempt.objects.exists()


def test_the_login_data_of_an_ended_access_are_deleted_a_year_later(area, settings):
    from datetime import timedelta

    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.utils import timezone

    from portal.accounts.services import deactivate

    deactivate(area.partner_b, area.county_admin)
    call_command("apply_retention", verbosity=0)
    assert get_user_model().objects.filter(pk=area.partner_b.pk).exists()
    Account.objects.filter(user=area.partner_b).update(
        ended_at=timezone.now() - timedelta(days=settings.ACCOUNT_RETENTION_DAYS + 1)
    )
    call_command("apply_retention", verbosity=0)
    assert not get_user_model().objects.filter(pk=area.partner_b.pk).exists()
    assert not TOTPDevice.objects.filter(user_id=area.partner_b.pk).exists()
    entry = AuditEntry.objects.get(action="deactivate")  # the history stays, without the person
    assert entry.object_repr == "gelöschter Zugang"
    assert not AuditEntry.objects.filter(object_repr__contains="b@example.org").exists()


def test_published_revisions_go_with_the_history(area, settings):
    from datetime import timedelta

    from django.core.management import call_command
    from django.utils import timezone

    from portal.review.editables import OFFER
    from portal.review.models import Revision
    from portal.review.services import open_revision

    old = timezone.now() - timedelta(days=settings.AUDIT_RETENTION_DAYS + 1)
    published = open_revision(OFFER, area.offer_a, area.org_a, area.partner_a)
    Revision.objects.filter(pk=published.pk).update(state="published", updated_at=old)
    draft = open_revision(OFFER, area.offer_a, area.org_a, area.partner_a)
    Revision.objects.filter(pk=draft.pk).update(updated_at=old)  # still being worked on
    call_command("apply_retention", verbosity=0)
    assert list(Revision.objects.values_list("pk", flat=True)) == [draft.pk]
