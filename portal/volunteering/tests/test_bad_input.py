"""Every kind of bad input to the sign-up and relay forms: a clear message, nothing stored, no
mail queued; and the guards against scripts (honeypot, minimum fill time, rate limit)."""

import pytest
from django.core import signing
from django.urls import reverse

from portal.core import testing
from portal.core.models import OutboxMessage
from portal.volunteering.models import SignUp

from .test_signup import URL, form_data

pytestmark = pytest.mark.django_db

BAD = [
    ({"municipality": ""}, "Bitte wählen Sie eine Stadt oder Gemeinde aus."),
    ({"municipality": "berlin"}, "Diese Stadt oder Gemeinde gehört nicht zum Landkreis."),
    ({"municipality": "' OR 1=1 --"}, "Diese Stadt oder Gemeinde gehört nicht zum Landkreis."),
    ({"topics": ["gibtsnicht"]}, "Dieses Thema gibt es nicht."),
    ({"languages": ["xx"]}, "Diese Sprache gibt es in der Auswahl nicht."),
    ({"availability": ["nachts"]}, "Bitte wählen Sie nur aus den genannten Zeiten."),
    ({"message": "x" * 2001}, "höchstens 2000 Zeichen"),
    ({"message": "Hallo\x00Welt"}, None),
    ({"message": "Hallo \u202egefährlich"}, None),
    ({"name": ""}, "Bitte geben Sie Ihren Namen an."),
    ({"name": "x" * 10_000}, "höchstens 100 Zeichen"),
    ({"name": "Erika\x00"}, None),
    ({"email": ""}, "Bitte geben Sie Ihre E-Mail-Adresse an."),
    ({"email": "keine-adresse"}, "Bitte geben Sie eine gültige E-Mail-Adresse ein."),
    ({"email": "erika@example.org\r\nBcc: alle@example.org"}, "gültige E-Mail-Adresse"),
    ({"email": "erika@exa\u200bmple.org"}, "gültige E-Mail-Adresse"),
    ({"phone": "0731 / abc"}, "Telefonnummer"),
    ({"phone": "1" * 31}, "Telefonnummer"),
    ({"consent": None}, "Ohne Ihr Einverständnis"),
    ({"homepage": "http://spam.example"}, "Bitte dieses Feld leer lassen"),
    ({"started": None}, "unvollständig angekommen"),
    ({"started": "1700000000:forged"}, "unvollständig angekommen"),
]


@pytest.mark.parametrize(("changes", "message"), BAD)
def test_bad_input_is_refused_with_a_clear_message_and_changes_nothing(client, changes, message):
    response = client.post(URL, form_data(**changes))
    assert response.status_code == 400
    text = response.content.decode()
    assert "Bitte prüfen Sie Ihre Eingaben." in text
    if message:
        assert message in text
    assert not SignUp.objects.exists()
    assert not OutboxMessage.objects.exists()


def test_what_a_person_typed_is_kept_when_the_form_comes_back(client):
    text = client.post(URL, form_data(consent=None)).content.decode()
    assert 'value="Erika Mustermann"' in text
    assert "Hausaufgabenhilfe" in text
    assert 'value="ehingen-donau" selected' in text


def test_bad_input_is_explained_in_the_readers_language(client):
    from django.utils import translation

    text = client.post("/ar/mithelfen/anmelden/", form_data(name="")).content.decode()
    with translation.override("ar"):
        assert translation.gettext("Bitte geben Sie Ihren Namen an.") in text
    assert 'lang="ar"' in text


def test_a_line_break_in_the_name_cannot_inject_a_mail_header(client):
    client.post(URL, form_data(name="Erika\r\nBcc: alle@example.org"))
    signup = SignUp.objects.get()
    assert "\n" not in signup.name and "\r" not in signup.name
    [mail] = OutboxMessage.objects.all()
    message = built_message(mail)
    assert message["Bcc"] is None
    assert mail.recipients == ["erika@example.org"]


def built_message(mail):
    from portal.core.mail import _build

    return _build(mail).message()


def test_a_form_sent_too_fast_is_shown_again_and_stores_nothing(client, settings):
    settings.FORM_MIN_SECONDS = 3
    started = signing.TimestampSigner(salt="portal.forms.started").sign("9999999999")
    response = client.post(URL, form_data(started=started))
    assert response.status_code == 400
    assert "Das ging sehr schnell" in response.content.decode()
    assert not SignUp.objects.exists()


def test_a_person_who_took_their_time_gets_through(client, settings):
    settings.FORM_MIN_SECONDS = 3
    page = client.get(URL).content.decode()
    assert 'name="started"' in page and 'name="homepage"' in page
    assert client.post(URL, form_data()).status_code == 302  # opened long ago


def test_the_sixth_sign_up_within_ten_minutes_gets_a_friendly_429(client, settings):
    settings.FORM_RATE_LIMIT = 5
    for number in range(5):
        assert client.post(URL, form_data(email=f"p{number}@example.org")).status_code == 302
    response = client.post(URL, form_data(email="p6@example.org"))
    assert response.status_code == 429
    assert response["Retry-After"] == str(settings.FORM_RATE_MINUTES * 60)
    assert "Bitte warten Sie einen Moment" in response.content.decode()
    assert SignUp.objects.count() == 5
    # Another client is not affected.
    other = client.post(URL, form_data(email="q@example.org"), REMOTE_ADDR="192.0.2.9")
    assert other.status_code == 302


def test_the_rate_limit_is_shared_by_all_workers_through_redis(client, settings):
    """Configured with Redis (as in production with several workers), the count lives in
    Redis, where every worker and machine reads it."""
    import uuid

    import redis
    from django.core.cache import caches

    prefix = f"test-{uuid.uuid4().hex}"
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:6379/0",
            "KEY_PREFIX": prefix,
        }
    }
    settings.FORM_RATE_LIMIT = 2
    server = redis.Redis(host="127.0.0.1", port=6379)
    try:
        assert client.post(URL, form_data()).status_code == 302
        [key] = server.keys(f"{prefix}:*ratelimit:volunteer:*")
        assert int(server.get(key)) == 1
        assert 0 < server.ttl(key) <= settings.FORM_RATE_MINUTES * 60
        # Another worker's submission (written into the same key) counts here too: without
        # it this second one would be allowed.
        server.incr(key)
        caches["default"].close()
        assert client.post(URL, form_data(email="b@example.org")).status_code == 429
    finally:
        for key in server.keys(f"{prefix}:*"):
            server.delete(key)
    assert SignUp.objects.count() == 1


def test_only_get_head_and_post_are_answered(client):
    assert client.put(URL).status_code == 405
    assert client.delete(URL).status_code == 405


# The needs board and its relay form.


def test_the_board_shows_open_needs_only_and_filters_by_municipality(client):
    open_need = testing.need(title="Hausaufgabenhilfe in Ehingen")
    testing.need(title="Vorbei", ends_in_days=-1)
    closed = testing.need(title="Geschlossen")
    closed.closed_at = closed.created_at
    closed.save()
    laichingen = testing.need(
        title="Fahrdienst in Laichingen",
        municipality=testing.Municipality.objects.get(slug="laichingen"),
    )
    text = client.get(reverse("web:need-list")).content.decode()
    assert open_need.title in text and laichingen.title in text
    assert "Vorbei" not in text and "Geschlossen" not in text
    text = client.get(reverse("web:need-list"), {"gemeinde": "laichingen"}).content.decode()
    assert laichingen.title in text and open_need.title not in text
    bad = client.get(reverse("web:need-list"), {"gemeinde": "berlin"})
    assert bad.status_code == 400
    assert "gehört nicht zum Landkreis" in bad.content.decode()


def test_a_need_closes_itself_after_its_end_date(client):
    need = testing.need(ends_in_days=-1)
    response = client.get(need.get_absolute_url())
    assert response.status_code == 410
    assert "Dieses Gesuch ist beendet" in response.content.decode()
    assert 'name="message"' not in response.content.decode()
    answer = {**relay_data(), "started": form_data()["started"]}
    assert client.post(need.get_absolute_url(), answer).status_code == 404
    assert not OutboxMessage.objects.exists()


def relay_data(**changes):
    data = {
        "message": "Ich kann dienstags fahren.",
        "name": "Max Helfer",
        "email": "max@example.org",
        "phone": "",
        "homepage": "",
        "started": signing.TimestampSigner(salt="portal.forms.started").sign("0"),
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def test_the_relay_passes_the_answer_on_without_showing_any_address(client):
    coordinator = testing.contact(email="geheim-hk@example.org")
    need = testing.need(answers_to=coordinator, title="Fahrdienst zu Arztterminen")
    page = client.get(need.get_absolute_url()).content.decode()
    assert "geheim-hk@example.org" not in page
    response = client.post(need.get_absolute_url(), relay_data())
    assert response.status_code == 302
    assert "Ihre Nachricht ist unterwegs" in client.get(response["Location"]).content.decode()
    [mail] = OutboxMessage.objects.all()
    assert mail.recipients == ["geheim-hk@example.org"]
    assert mail.reply_to == "max@example.org"
    assert "Fahrdienst zu Arztterminen" in mail.subject
    assert "Ich kann dienstags fahren." in mail.body
    assert not SignUp.objects.exists()  # an answer is not a sign-up


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"message": ""}, "Bitte schreiben Sie eine Nachricht."),
        ({"message": "kurz"}, "mindestens 10 Zeichen"),
        ({"message": "x" * 2001}, "höchstens 2000 Zeichen"),
        ({"name": ""}, "Bitte geben Sie Ihren Namen an."),
        ({"email": "max@example.org\nBcc: x@example.org"}, "gültige E-Mail-Adresse"),
        ({"homepage": "spam"}, "Bitte dieses Feld leer lassen"),
        ({"started": ""}, "unvollständig angekommen"),
        ({"message": "Hallo\x00 Welt, ich helfe"}, None),
    ],
)
def test_bad_answers_are_refused_and_nothing_is_sent(client, changes, message):
    need = testing.need()
    response = client.post(need.get_absolute_url(), relay_data(**changes))
    assert response.status_code == 400
    if message:
        assert message in response.content.decode()
    assert not OutboxMessage.objects.exists()


def test_answers_to_needs_are_rate_limited_too(client, settings):
    settings.FORM_RATE_LIMIT = 2
    need = testing.need()
    for _ in range(2):
        assert client.post(need.get_absolute_url(), relay_data()).status_code == 302
    assert client.post(need.get_absolute_url(), relay_data()).status_code == 429
    assert OutboxMessage.objects.count() == 2


def test_an_unknown_need_is_404(client):
    assert client.get("/de/mithelfen/gesuche/999999/").status_code == 404
    assert client.get("/de/mithelfen/gesuche/abc/").status_code == 404


def test_a_need_whose_contact_is_gone_or_has_no_address_takes_no_answers(client):
    archived = testing.need(title="Kontakt archiviert")
    archived.contact.archived_at = archived.created_at
    archived.contact.save()
    no_address = testing.need(
        title="Kontakt ohne Adresse", answers_to=testing.contact(email="", phone="0731 1")
    )
    board = client.get(reverse("web:need-list")).content.decode()
    for need in (archived, no_address):
        assert need.get_absolute_url() not in board
        assert client.get(need.get_absolute_url()).status_code == 410
        assert client.post(need.get_absolute_url(), relay_data()).status_code == 404
    assert not OutboxMessage.objects.exists()


@pytest.mark.parametrize(
    "url",
    [
        "/de/mithelfen/anmelden/?gemeinde=%00",
        "/de/mithelfen/gesuche/?gemeinde=%00",
        "/de/mithelfen/gesuche/?gemeinde=" + "x" * 10_000,
    ],
)
def test_a_nul_byte_or_a_huge_value_in_the_address_is_no_server_error(client, url):
    assert client.get(url).status_code in (200, 400)


def test_a_nul_byte_in_a_choice_of_the_form_is_refused(client):
    response = client.post(URL, form_data(municipality="\x00", topics=["\x00"], languages=["\x00"]))
    assert response.status_code == 400
    assert not SignUp.objects.exists()
