"""Partners propose changes, county editors publish them: nothing reaches the public page
before that, nothing is overwritten silently, every step is recorded and mailed."""

import pytest
from django.test import Client
from django.urls import reverse

from portal.core import testing
from portal.core.models import AuditEntry, OutboxMessage
from portal.directory.models import Offer, Topic
from portal.review.models import Revision

pytestmark = pytest.mark.django_db


def offer_form(offer, **changes) -> dict:
    """What the edit form of `offer` posts, with some values changed."""
    data = {
        "title_de": offer.title_de,
        "summary_de": offer.summary_de,
        "description_de": offer.description_de,
        "registration_de": offer.registration_de,
        "schedule_de": offer.schedule_de,
        "cost": offer.cost,
        "cost_note_de": offer.cost_note_de,
        "external_url": offer.external_url,
        "topics": [t.pk for t in offer.topics.all()],
        "municipalities": [m.pk for m in offer.municipalities.all()],
        "locations": [x.pk for x in offer.locations.all()],
        "contacts": [x.pk for x in offer.contacts.all()],
    }
    if offer.is_county_wide:
        data["is_county_wide"] = "on"
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def edit(client, offer, version=None, **changes):
    response = client.get(reverse("partners:entry-edit", args=["angebote", offer.uuid]))
    url = response["Location"]
    revision = Revision.objects.open().get(object_id=offer.pk)
    data = {**offer_form(offer, **changes), "version": version or revision.version}
    return url, client.post(url, data)


@pytest.fixture
def partner(client, area):
    testing.sign_in(client, area.partner_a)
    return client


@pytest.fixture
def county(area):
    client = Client()
    testing.sign_in(client, area.county_editor)
    return client


def test_a_change_is_published_only_after_review_and_everybody_is_told(partner, county, area):
    _url, response = edit(partner, area.offer_a, title_de="Sprachkurs A am Abend")
    assert response.status_code == 302
    public = area.offer_a.get_absolute_url()
    assert "Sprachkurs A am Abend" not in Client().get(public).content.decode()
    revision = Revision.objects.get(object_id=area.offer_a.pk)
    partner.post(reverse("partners:revision-submit", args=[revision.pk]))
    review = county.get(reverse("partners:review-detail", args=[revision.pk])).content.decode()
    assert "Sprachkurs A<ins> am Abend</ins>" in review
    assert [m.recipients for m in OutboxMessage.objects.all()] == [
        ["redaktion@example.org"],
        ["zugaenge@example.org"],
    ]
    county.post(reverse("partners:review-detail", args=[revision.pk]), {"decision": "publish"})
    assert "Sprachkurs A am Abend" in Client().get(public).content.decode()
    mail = OutboxMessage.objects.get(recipients=["a@example.org"])
    assert mail.subject == "Veröffentlicht: Sprachkurs A am Abend"
    entry = AuditEntry.objects.get(action="publish")
    assert entry.user == area.county_editor
    assert entry.changes == {"Titel": ["Sprachkurs A", "Sprachkurs A am Abend"]}
    area.offer_a.refresh_from_db()
    assert area.offer_a.last_verified_at is not None


def test_sending_back_needs_a_comment_which_reaches_the_partner(partner, county, area):
    edit(partner, area.offer_a, summary_de="Neu zusammengefasst.")
    revision = Revision.objects.get(object_id=area.offer_a.pk)
    partner.post(reverse("partners:revision-submit", args=[revision.pk]))
    url = reverse("partners:review-detail", args=[revision.pk])
    response = county.post(url, {"decision": "return", "comment": ""})
    assert response.status_code == 400
    assert "Bitte schreiben Sie, was geändert werden soll." in response.content.decode()
    county.post(url, {"decision": "return", "comment": "Bitte die Uhrzeit ergänzen."})
    revision.refresh_from_db()
    assert revision.state == "returned"
    mail = OutboxMessage.objects.get(recipients=["a@example.org"])
    assert "Bitte die Uhrzeit ergänzen." in mail.body
    page = partner.get(reverse("partners:revision-edit", args=[revision.pk])).content.decode()
    assert "Bitte die Uhrzeit ergänzen." in page


def test_fields_a_partner_may_not_set_are_ignored(partner, county, area):
    other = area.org_b
    _url, _response = edit(
        partner,
        area.offer_a,
        title_de="Sprachkurs A neu",
        status="archived",
        organisation=other.pk,
        last_verified_at="2000-01-01T00:00:00",
        is_demo="on",
        slug="gekapert",
    )
    revision = Revision.objects.get(object_id=area.offer_a.pk)
    assert set(revision.data) <= set(offer_fields())
    partner.post(reverse("partners:revision-submit", args=[revision.pk]))
    county.post(reverse("partners:review-detail", args=[revision.pk]), {"decision": "publish"})
    offer = Offer.objects.get(pk=area.offer_a.pk)
    assert offer.title_de == "Sprachkurs A neu"
    assert (offer.status, offer.organisation, offer.slug, offer.is_demo) == (
        "published",
        area.org_a,
        "angebot-a",
        False,
    )
    assert offer.last_verified_at.year > 2000


def offer_fields():
    from portal.review.editables import OFFER

    return OFFER.all_fields


def test_a_second_concurrent_save_gets_a_conflict_and_overwrites_nothing(partner, area):
    other = Client()
    testing.sign_in(other, area.partner_a)
    _url, first = edit(partner, area.offer_a, version=1, title_de="Erste Fassung")
    assert first.status_code == 302
    _url, second = edit(other, area.offer_a, version=1, title_de="Zweite Fassung")
    assert second.status_code == 400
    assert "Jemand anderes hat diesen Eintrag inzwischen gespeichert" in second.content.decode()
    assert Revision.objects.get(object_id=area.offer_a.pk).data["title_de"] == "Erste Fassung"
    page = second.content.decode()
    assert 'value="Zweite Fassung"' in page  # what they typed is still in the form
    assert "<del>Zweite</del><ins>Erste</ins> Fassung" in page  # and what is stored instead
    assert 'name="version" value="2"' in page  # saving again replaces it knowingly


def test_publishing_over_a_newer_change_is_refused(partner, county, area):
    edit(partner, area.offer_a, title_de="Titel von A")
    revision = Revision.objects.get(object_id=area.offer_a.pk)
    partner.post(reverse("partners:revision-submit", args=[revision.pk]))
    Offer.objects.filter(pk=area.offer_a.pk).update(title_de="Inzwischen anders")
    response = county.post(
        reverse("partners:review-detail", args=[revision.pk]), {"decision": "publish"}
    )
    assert "inzwischen geändert" in response.content.decode()
    assert Offer.objects.get(pk=area.offer_a.pk).title_de == "Inzwischen anders"


def test_a_new_offer_is_created_when_published(partner, county, area):
    response = partner.post(
        reverse("partners:entry-new", args=["angebote"]), {"organisation": area.org_a.uuid}
    )
    revision = Revision.objects.get(object_id__isnull=True)
    data = {
        "title_de": "Nähcafé",
        "summary_de": "Gemeinsam nähen und Deutsch sprechen.",
        "cost": "free",
        "topics": [Topic.objects.get(slug="alltag-freizeit").pk],
        "is_county_wide": "on",
        "version": revision.version,
    }
    assert partner.post(response["Location"], data).status_code == 302
    partner.post(reverse("partners:revision-submit", args=[revision.pk]))
    county.post(reverse("partners:review-detail", args=[revision.pk]), {"decision": "publish"})
    offer = Offer.objects.get(title_de="Nähcafé")
    assert (offer.organisation, offer.status, offer.slug) == (area.org_a, "published", "naehcafe")
    assert Client().get(offer.get_absolute_url()).status_code == 200


def test_archive_and_restore_take_an_offer_off_and_back(partner, area):
    url = area.offer_a.get_absolute_url()
    partner.post(reverse("partners:entry-archive", args=["angebote", area.offer_a.uuid]))
    assert Client().get(url).status_code == 404
    partner.post(reverse("partners:entry-restore", args=["angebote", area.offer_a.uuid]))
    assert Client().get(url).status_code == 200
    assert [e.action for e in AuditEntry.objects.order_by("pk")] == ["archive", "restore"]


def test_the_preview_shows_the_change_without_saving_it(partner, area):
    edit(partner, area.offer_a, title_de="Vorschau-Titel")
    revision = Revision.objects.get(object_id=area.offer_a.pk)
    page = partner.get(reverse("partners:revision-preview", args=[revision.pk])).content.decode()
    assert "Vorschau-Titel" in page and "Vorschau: So sähe die Seite" in page
    assert Offer.objects.get(pk=area.offer_a.pk).title_de == "Sprachkurs A"


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("title_de", "", "Dieses Feld ist zwingend erforderlich."),
        ("title_de", "Kurs\x00", "Nullzeichen"),
        ("title_de", "x" * 201, "höchstens 200 Zeichen"),
        ("summary_de", "abc\u202eevil", "Schreibrichtung"),
        ("external_url", "javascript:alert(1)", "https://"),
        ("external_url", "ftp://example.org/kurs", "https://"),
        ("topics", [], "Dieses Feld ist zwingend erforderlich."),
        ("topics", ["999999"], "keine gültige Auswahl"),
        ("municipalities", ["abc"], "gültig"),
        ("cost", "umsonst", "keine gültige Auswahl"),
    ],
)
def test_bad_input_gets_a_message_and_changes_nothing(partner, area, field, value, message):
    _url, response = edit(partner, area.offer_a, **{field: value})
    assert response.status_code == 400
    assert message in response.content.decode()
    revision = Revision.objects.get(object_id=area.offer_a.pk)
    assert revision.version == 1 and revision.data["title_de"] == "Sprachkurs A"


def test_a_title_on_several_lines_is_stored_on_one(partner, area):
    edit(partner, area.offer_a, title_de="Sprachkurs\r\nam Abend")
    assert Revision.objects.get(object_id=area.offer_a.pk).data["title_de"] == "Sprachkurs am Abend"


def test_a_municipality_editor_keeps_the_helferkreis_of_their_town_current(client, area):
    testing.sign_in(client, area.municipality_editor)
    response = client.get(reverse("partners:entry-edit", args=["organisationen", area.circle.uuid]))
    assert response.status_code == 302
    page = client.get(response["Location"])
    assert page.status_code == 200 and "Helferkreis Dornstadt" in page.content.decode()
    listed = client.get(reverse("partners:entry-list", args=["organisationen"])).content.decode()
    assert "Helferkreis Dornstadt" in listed and "Verein A" not in listed


def test_a_municipality_editor_proposes_the_note_of_their_town(client, county, area):
    testing.sign_in(client, area.municipality_editor)
    response = client.get(reverse("partners:entry-edit", args=["gemeinden", area.dornstadt.uuid]))
    revision = Revision.objects.get(object_id=area.dornstadt.pk)
    data = {"note_de": "Sprechstunde dienstags im Rathaus.", "version": revision.version}
    assert client.post(response["Location"], data).status_code == 302
    client.post(reverse("partners:revision-submit", args=[revision.pk]))
    county.post(reverse("partners:review-detail", args=[revision.pk]), {"decision": "publish"})
    assert (
        "Sprechstunde dienstags im Rathaus."
        in Client().get("/de/gemeinden/dornstadt/").content.decode()
    )
    blaustein = testing.Municipality.objects.get(slug="blaustein")  # not one of theirs
    url = reverse("partners:entry-edit", args=["gemeinden", blaustein.uuid])
    assert client.get(url).status_code == 404


def test_restoring_a_draft_does_not_publish_it(partner, area):
    draft = testing.offer(org=area.org_a, status=Offer.Status.DRAFT, title_de="Entwurf")
    response = partner.post(
        reverse("partners:entry-restore", args=["angebote", draft.uuid]), follow=True
    )
    assert "nicht archiviert" in response.content.decode()
    assert Offer.objects.get(pk=draft.pk).status == "draft"
    assert not AuditEntry.objects.exists()


def test_a_municipality_editor_does_not_take_a_helferkreis_offer_offline(client, area):
    circle_offer = testing.offer(org=area.circle, title_de="Fahrradwerkstatt")
    testing.sign_in(client, area.municipality_editor)
    listed = client.get(reverse("partners:entry-list", args=["angebote"])).content.decode()
    assert "Fahrradwerkstatt" in listed and "Archivieren" not in listed
    url = reverse("partners:entry-archive", args=["angebote", circle_offer.uuid])
    assert client.post(url).status_code == 404
    assert Offer.objects.get(pk=circle_offer.pk).status == "published"


def test_an_archived_offer_stays_offline_when_a_change_to_it_is_published(partner, county, area):
    _url, _response = edit(partner, area.offer_a, title_de="Sprachkurs A, neu")
    revision = Revision.objects.get(object_id=area.offer_a.pk)
    partner.post(reverse("partners:revision-submit", args=[revision.pk]))
    partner.post(reverse("partners:entry-archive", args=["angebote", area.offer_a.uuid]))
    county.post(reverse("partners:review-detail", args=[revision.pk]), {"decision": "publish"})
    offer = Offer.objects.get(pk=area.offer_a.pk)
    assert (offer.title_de, offer.status) == ("Sprachkurs A, neu", "archived")


def test_a_location_the_form_does_not_offer_stays_linked(partner, area):
    elsewhere = testing.location(org=area.org_b, name="Halle von B")
    area.offer_a.locations.add(elsewhere)
    area.location_a.archive()
    edit(partner, area.offer_a, title_de="Sprachkurs A, neu", locations=[])
    data = Revision.objects.get(object_id=area.offer_a.pk).data
    assert data["locations"] == sorted([elsewhere.pk, area.location_a.pk])


def test_an_empty_new_entry_is_neither_submitted_nor_previewed(partner, area):
    partner.post(
        reverse("partners:entry-new", args=["angebote"]), {"organisation": area.org_a.uuid}
    )
    revision = Revision.objects.get(object_id__isnull=True)
    for name in ("revision-submit", "revision-preview"):
        method = partner.post if name == "revision-submit" else partner.get
        response = method(reverse(f"partners:{name}", args=[revision.pk]), follow=True)
        assert "Der Eintrag ist noch leer" in response.content.decode()
    revision.refresh_from_db()
    assert revision.state == "draft"


def test_a_draft_that_no_longer_fits_the_rules_is_not_submitted(partner, area):
    edit(partner, area.offer_a, title_de="Sprachkurs A, neu")
    revision = Revision.objects.get(object_id=area.offer_a.pk)
    Revision.objects.filter(pk=revision.pk).update(data={**revision.data, "topics": []})
    response = partner.post(reverse("partners:revision-submit", args=[revision.pk]), follow=True)
    assert "Themen: Dieses Feld ist zwingend erforderlich." in response.content.decode()
    revision.refresh_from_db()
    assert revision.state == "draft" and not OutboxMessage.objects.exists()


def test_a_returned_town_note_waits_on_the_integration_managers_start_page(client, county, area):
    testing.sign_in(client, area.municipality_editor)
    response = client.get(reverse("partners:entry-edit", args=["gemeinden", area.dornstadt.uuid]))
    revision = Revision.objects.get(object_id=area.dornstadt.pk)
    client.post(response["Location"], {"note_de": "Sprechstunde.", "version": revision.version})
    client.post(reverse("partners:revision-submit", args=[revision.pk]))
    county.post(
        reverse("partners:review-detail", args=[revision.pk]),
        {"decision": "return", "comment": "Bitte mit Uhrzeit."},
    )
    home = client.get(reverse("partners:home")).content.decode()
    assert "Zurückgegeben" in home and "Bitte mit Uhrzeit." in home
    testing.sign_in(client, area.partner_b)  # not theirs
    assert "Bitte mit Uhrzeit." not in client.get(reverse("partners:home")).content.decode()


def test_the_partner_area_mails_go_out_over_smtp(partner, county, area, smtp_server):
    from django.core.management import call_command

    edit(partner, area.offer_a, title_de="Sprachkurs A für Mütter")
    revision = Revision.objects.get(object_id=area.offer_a.pk)
    partner.post(reverse("partners:revision-submit", args=[revision.pk]))
    county.post(
        reverse("partners:review-detail", args=[revision.pk]),
        {"decision": "return", "comment": "Bitte die Uhrzeit ergänzen."},
    )
    call_command("send_outbox", verbosity=0)
    by_recipient = {mail["To"]: mail for mail in smtp_server.messages}
    assert set(by_recipient) == {"redaktion@example.org", "zugaenge@example.org", "a@example.org"}
    assert "Zur Prüfung: " in by_recipient["redaktion@example.org"]["Subject"]
    returned = by_recipient["a@example.org"]
    assert "Bitte die Uhrzeit ergänzen." in returned.get_content()
    assert "/partnerbereich/" in returned.get_content()
    assert not OutboxMessage.objects.exclude(status="sent").exists()
