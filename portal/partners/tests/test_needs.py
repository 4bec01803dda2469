"""Posting, changing and closing needs for the public needs board in the partner area."""

import pytest
from django.urls import reverse
from django.utils import timezone

from portal.core import testing
from portal.core.models import AuditEntry
from portal.volunteering.models import Need

pytestmark = pytest.mark.django_db


@pytest.fixture
def area(db):
    return testing.partner_area()


def need_form(area, **changes):
    today = timezone.localdate()
    data = {
        "title": "Fahrdienst zu Arztterminen in Laichingen",
        "description": "Zweimal im Monat, vormittags.",
        "skills": "Führerschein",
        "languages": [],
        "municipality": testing.Municipality.objects.get(slug="laichingen").pk,
        "starts_on": "",
        "ends_on": (today + timezone.timedelta(days=30)).isoformat(),
        "organisation": area.org_a.pk,
        "contact": area.contact_a.pk,
    }
    data.update(changes)
    return data


def test_a_partner_posts_a_need_that_appears_on_the_board_at_once(client, area):
    testing.sign_in(client, area.partner_a)
    response = client.post(reverse("partners:need-new"), need_form(area))
    assert response.status_code == 302
    need = Need.objects.get()
    assert need.created_by == area.partner_a
    assert need.contact == area.contact_a
    entry = AuditEntry.objects.get(object_id=str(need.pk))
    assert entry.action == AuditEntry.Action.CREATE
    board = client.get(reverse("web:need-list")).content.decode()
    assert "Fahrdienst zu Arztterminen in Laichingen" in board
    assert area.contact_a.email not in client.get(need.get_absolute_url()).content.decode()


def test_closing_takes_a_need_off_the_board(client, area):
    need = testing.need(org=area.org_a, answers_to=area.contact_a, title="Hausaufgabenhilfe")
    testing.sign_in(client, area.partner_a)
    client.post(reverse("partners:need-close", args=[need.pk]))
    need.refresh_from_db()
    assert need.closed_at is not None
    board = client.get(reverse("web:need-list")).content.decode()
    assert need.get_absolute_url() not in board
    assert AuditEntry.objects.filter(action=AuditEntry.Action.ARCHIVE).count() == 1


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"title": ""}, "Dieses Feld ist zwingend erforderlich."),
        ({"title": "x" * 151}, "höchstens 150 Zeichen"),
        ({"description": ""}, "Dieses Feld ist zwingend erforderlich."),
        ({"description": "Null\x00Zeichen"}, None),
        ({"ends_on": "2020-01-01"}, "Das Ende liegt in der Vergangenheit."),
        ({"ends_on": "2099-01-01"}, "Ein Gesuch läuft höchstens ein Jahr."),
        ({"ends_on": "kein Datum"}, "Bitte ein gültiges Datum eingeben."),
        ({"starts_on": "2099-01-01"}, "Der Beginn liegt nach dem Ende."),
        ({"municipality": "999999"}, "Bitte eine gültige Auswahl treffen."),
        ({"languages": ["999999"]}, None),
    ],
)
def test_bad_input_is_refused_and_changes_nothing(client, area, changes, message):
    testing.sign_in(client, area.partner_a)
    response = client.post(reverse("partners:need-new"), need_form(area, **changes))
    assert response.status_code == 400
    if message:
        assert message in response.content.decode()
    assert not Need.objects.exists()


def test_answers_can_only_go_to_a_contact_in_the_partners_own_scope(client, area):
    other = testing.contact(org=area.org_b, email="b-kontakt@example.org")
    archived = testing.contact(org=area.org_a, archived_at=timezone.now())
    testing.sign_in(client, area.partner_a)
    for contact in (other, archived):
        response = client.post(reverse("partners:need-new"), need_form(area, contact=contact.pk))
        assert response.status_code == 400
    response = client.post(
        reverse("partners:need-new"), need_form(area, organisation=area.org_b.pk)
    )
    assert response.status_code == 400
    assert not Need.objects.exists()
    page = client.get(reverse("partners:need-new")).content.decode()
    assert "b-kontakt@example.org" not in page and "Verein B" not in page
