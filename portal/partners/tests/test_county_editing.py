"""County editors keep pages, topics, events and the Runder Tisch current; the profile loader
leaves what they changed alone."""

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from portal.content.models import Event, Page
from portal.core import testing
from portal.core.models import AuditEntry
from portal.directory.models import Topic

pytestmark = pytest.mark.django_db


@pytest.fixture
def county(client, area):
    testing.sign_in(client, area.county_editor)
    return client


def page_form(page, **changes):
    data = {
        "title_de": page.title_de,
        "summary_de": page.summary_de,
        "body_de": page.body_de,
        "kind": page.kind,
        "order": page.order,
        "is_published": "on",
        "version": page.updated_at.isoformat(),
    }
    return {**data, **changes}


def test_a_page_edited_in_the_partner_area_is_public_at_once_and_kept_by_the_loader(county, capsys):
    page = Page.objects.get(slug="impressum")
    url = reverse("partners:content-edit", args=["seiten", page.pk])
    response = county.post(url, page_form(page, body_de="## Herausgeber\n\nNeuer Text."))
    assert response.status_code == 302
    assert "Neuer Text." in Client().get("/de/seiten/impressum/").content.decode()
    entry = AuditEntry.objects.get(action="change")
    assert "Text (Markdown) [de]" in entry.changes
    call_command("load_profile")
    assert "im Partnerbereich bearbeitet, nicht überschrieben: impressum" in capsys.readouterr().out
    assert "Neuer Text." in Page.objects.get(slug="impressum").body_de


def test_a_changed_german_page_makes_its_translations_outdated(county):
    page = Page.objects.get(slug="nachbarn")
    assert page.translation_state("en") == "current"
    url = reverse("partners:content-edit", args=["seiten", page.pk])
    county.post(url, page_form(page, summary_de="Neu zusammengefasst."))
    assert Page.objects.get(pk=page.pk).translation_state("en") == "outdated"


def test_a_new_runder_tisch_session_shows_on_the_public_page(county):
    response = county.post(
        reverse("partners:content-new", args=["termine"]),
        {
            "title_de": "12. Sitzung des Runden Tisches",
            "kind": "runder-tisch",
            "starts_at": "2027-03-11T14:00",
            "ends_at": "2027-03-11T17:00",
            "is_published": "on",
        },
    )
    assert response.status_code == 302
    event = Event.objects.get(title_de="12. Sitzung des Runden Tisches")
    assert event.slug == "12-sitzung-des-runden-tisches"
    assert event.title_de in Client().get("/de/runder-tisch/").content.decode()


def test_an_event_that_ends_before_it_starts_is_refused(county):
    response = county.post(
        reverse("partners:content-new", args=["termine"]),
        {
            "title_de": "Falsch",
            "kind": "info",
            "starts_at": "2027-03-11T14:00",
            "ends_at": "2027-03-11T12:00",
        },
    )
    assert response.status_code == 400
    assert "vor ihrem Beginn" in response.content.decode()
    assert not Event.objects.filter(title_de="Falsch").exists()


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("title_de", "", "zwingend"),
        ("body_de", "Text\x00", "Nullzeichen"),
        ("summary_de", "a\u202eb", "Schreibrichtung"),
    ],
)
def test_bad_page_input_changes_nothing(county, field, value, message):
    page = Page.objects.get(slug="impressum")
    response = county.post(
        reverse("partners:content-edit", args=["seiten", page.pk]),
        page_form(page, **{field: value}),
    )
    assert response.status_code == 400 and message in response.content.decode()
    assert Page.objects.get(pk=page.pk).title_de == page.title_de


def test_a_concurrent_change_of_a_topic_is_not_overwritten(county, area):
    topic = Topic.objects.get(slug="sprache")
    version = topic.updated_at.isoformat()
    Topic.objects.filter(pk=topic.pk).update(name_de="Deutsch lernen (anders)")
    Topic.objects.get(pk=topic.pk).save()  # a newer updated_at
    response = county.post(
        reverse("partners:content-edit", args=["themen", topic.pk]),
        {"name_de": "Deutsch!", "order": 10, "version": version},
    )
    assert "Jemand anderes hat diesen Eintrag inzwischen gespeichert" in response.content.decode()
    assert Topic.objects.get(pk=topic.pk).name_de == "Deutsch lernen (anders)"


def test_runder_tisch_members_are_chosen_in_the_partner_area(county, area):
    response = county.post(reverse("partners:runder-tisch"), {"members": [area.org_b.pk]})
    assert response.status_code == 302
    text = Client().get("/de/runder-tisch/").content.decode()
    members = text[text.index('id="mitglieder"') : text.index('id="sitzungen"')]
    assert "Verein B" in members
    assert "Landratsamt Alb-Donau-Kreis" not in members  # no longer chosen
    assert AuditEntry.objects.filter(action="change").count() == 2


def test_the_loader_keeps_runder_tisch_members_and_published_profiles(county, area, client):
    from portal.directory.models import Organisation
    from portal.review.editables import ORGANISATION
    from portal.review.services import open_revision, publish, save_draft, submit

    county.post(reverse("partners:runder-tisch"), {"members": [area.org_b.pk]})
    office = Organisation.objects.get(slug="landratsamt-alb-donau-kreis")
    revision = open_revision(ORGANISATION, office, office, area.county_editor)
    data = {**revision.data, "phone": "0731 185-0"}
    revision = save_draft(revision, data, area.county_editor, revision.version)
    submit(revision, area.county_editor, "/")
    publish(revision, area.county_editor)
    call_command("load_profile")
    office.refresh_from_db()
    assert (office.phone, office.is_runder_tisch_member) == ("0731 185-0", False)
