from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.utils import timezone

from portal.core import testing
from portal.directory.models import Language, Municipality, Offer, TargetGroup


@dataclass
class Directory:
    offer: Offer  # published, in German and Arabic, with a place and a contact
    county_wide: Offer  # published, German only
    draft: Offer  # not published: never in the API
    organisation: object
    place: object
    archived_place: object
    contact: object
    hidden_place: object  # only at the draft


@pytest.fixture
def directory(db) -> Directory:
    ehingen = Municipality.objects.get(slug="ehingen-donau")
    org = testing.organisation(
        name="Volkshochschule Ehingen",
        email="info@vhs.example.org",
        website="https://vhs.example.org",
        phone="07391 000000",
        description_de="Kurse für Erwachsene.",
        description_ar="دورات للكبار.",
    )
    place = testing.location(
        org=org,
        municipality=ehingen,
        latitude=48.2836,
        longitude=9.7252,
        accessibility_de="Aufzug vorhanden.",
    )
    archived = testing.location(org=org, municipality=ehingen, archived_at=timezone.now())
    contact = testing.contact(org=org, phone="07391 000001", role_de="Kursberatung")
    offer = testing.offer(
        org=org,
        title_de="Deutschkurs für Frauen",
        title_ar="دورة لغة ألمانية للنساء",
        summary_de="Deutsch lernen in kleinen Gruppen.",
        description_de="Ein Kurs mit Kinderbetreuung.",
        schedule_de="Montags 9 bis 12 Uhr",
        registration_de="Anmeldung per Telefon.",
        cost=Offer.Cost.FREE,
        cost_note_de="Fahrtkosten werden erstattet.",
        municipalities=[ehingen],
        languages=["de", "ar"],
    )
    offer.locations.set([place, archived])
    offer.contacts.set([contact])
    offer.target_groups.set(TargetGroup.objects.filter(slug="frauen"))
    county_wide = testing.offer(org=org, title_de="Beratung im ganzen Landkreis")
    county_wide.languages.set(Language.objects.filter(code="de"))
    hidden = testing.location(org=org, municipality=ehingen, name="Nur für den Entwurf")
    draft = testing.offer(
        org=org,
        title_de="Entwurf eines Kurses",
        status=Offer.Status.DRAFT,
        published_at=None,
    )
    draft.locations.set([hidden])
    Offer.objects.filter(pk=county_wide.pk).update(updated_at=timezone.now() - timedelta(days=30))
    county_wide.refresh_from_db()
    return Directory(offer, county_wide, draft, org, place, archived, contact, hidden)
