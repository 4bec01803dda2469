import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from portal.content.models import Event
from portal.core import testing
from portal.directory.models import Contact, Location, Municipality, Offer

pytestmark = pytest.mark.django_db


def test_published_offer_without_verification_date_is_refused():
    offer = testing.offer()
    offer.last_verified_at = None
    with pytest.raises(ValidationError, match="Prüf- und ein Veröffentlichungsdatum"):
        offer.validate_constraints()
    with pytest.raises(IntegrityError), transaction.atomic():
        offer.save()


def test_draft_offer_needs_no_verification_date():
    offer = testing.offer(status=Offer.Status.DRAFT, last_verified_at=None, published_at=None)
    offer.full_clean()


def test_offer_title_may_not_be_empty():
    offer = testing.offer()
    offer.title = ""
    offer.title_de = ""
    with pytest.raises(ValidationError):
        offer.full_clean()


def test_contact_must_be_reachable():
    contact = testing.contact(email="", phone="0731 000000-99")
    contact.phone = ""
    with pytest.raises(ValidationError, match="E-Mail-Adresse oder eine Telefonnummer"):
        contact.validate_constraints()
    with pytest.raises(IntegrityError), transaction.atomic():
        contact.save()


@pytest.mark.parametrize("phone", ["+49 (731) 000000-1", "0731/000000"])
def test_contact_accepts_ordinary_phone_numbers(phone):
    testing.contact(phone=phone).full_clean()


@pytest.mark.parametrize("phone", ["call me", "0731<script>", "1" * 40])
def test_contact_rejects_phone_numbers_with_other_characters(phone):
    contact = testing.contact()
    contact.phone = phone
    with pytest.raises(ValidationError) as info:
        contact.full_clean()
    assert "phone" in info.value.message_dict


def test_event_cannot_end_before_it_starts():
    now = timezone.now()
    event = Event(
        title="Test",
        title_de="Test",
        slug="t",
        starts_at=now,
        ends_at=now - timezone.timedelta(hours=1),
    )
    with pytest.raises(ValidationError, match="vor ihrem Beginn"):
        event.validate_constraints()


def test_location_needs_both_coordinates():
    org = testing.organisation()
    location = Location(
        organisation=org, name="Ort", street="Weg 1", postcode="89073", city="Ulm", latitude=48.4
    )
    with pytest.raises(ValidationError, match="Breiten- und Längengrad müssen zusammen"):
        location.validate_constraints()


def test_municipality_key_must_have_eight_digits():
    municipality = Municipality.objects.get(name="Dornstadt")
    municipality.ags = "8425031"
    with pytest.raises(ValidationError) as info:
        municipality.full_clean()
    assert "ags" in info.value.message_dict


@pytest.mark.parametrize(
    "text, code",
    [
        ("Name\x00", "nul"),
        ("abc\u202egnp.exe", "bidi"),
        ("Zeile\x07", "control"),
    ],
)
def test_text_fields_reject_control_characters(text, code):
    org = testing.organisation()
    org.name = text
    with pytest.raises(ValidationError) as info:
        org.full_clean()
    assert info.value.error_dict["name"][0].code == code


def test_text_fields_accept_arabic_and_cyrillic():
    org = testing.organisation(name="جمعية الجيران – Сусіди")
    org.full_clean()


def test_archive_and_restore_keep_the_offer():
    offer = testing.offer()
    offer.archive()
    assert not Offer.objects.published().filter(pk=offer.pk).exists()
    offer.restore()
    assert Offer.objects.published().filter(pk=offer.pk).exists()


def test_offers_in_municipality_include_local_and_county_wide_ones():
    dornstadt = Municipality.objects.get(name="Dornstadt")
    ehingen = Municipality.objects.get(name="Ehingen (Donau)")
    local = testing.offer(municipalities=[dornstadt])
    elsewhere = testing.offer(municipalities=[ehingen])
    county_wide = testing.offer()
    found = set(Offer.objects.published().in_municipality(dornstadt))
    assert {local, county_wide} <= found
    assert elsewhere not in found


def test_every_published_object_has_a_stable_uuid():
    offer = testing.offer()
    uuid = offer.uuid
    offer.title_de = "Neu"
    offer.save()
    offer.refresh_from_db()
    assert offer.uuid == uuid


def test_contact_kinds_are_readable():
    assert Contact.Kind.INTEGRATION_MANAGER.label == "Integrationsmanagement"
