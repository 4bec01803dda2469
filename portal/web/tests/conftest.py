from dataclasses import dataclass

import pytest

from portal.content.models import Event
from portal.core import testing
from portal.directory.models import Contact, Municipality, OrganisationKind


@dataclass
class Site:
    """A small directory built for the page tests: one course provider with an offer in
    Ehingen, the Helferkreis and the integration manager of Dornstadt, and events."""

    school: object
    course: object
    circle: object
    manager: object
    session_past: object
    session_next: object
    info_evening: object
    need: object


@pytest.fixture
def site(db) -> Site:
    ehingen = Municipality.objects.get(slug="ehingen-donau")
    dornstadt = Municipality.objects.get(slug="dornstadt")
    county_office = testing.organisation(
        name="Testamt", kind=OrganisationKind.objects.get(slug="kreisverwaltung")
    )
    school = testing.organisation(
        name="Sprachschule Donau",
        slug="sprachschule-donau",
        kind=OrganisationKind.objects.get(slug="volkshochschule"),
        is_runder_tisch_member=True,
        municipality=ehingen,
    )
    course = testing.offer(
        org=school,
        slug="deutschkurs-ehingen",
        title_de="Deutschkurs am Vormittag",
        summary_de="Deutsch lernen in kleinen Gruppen.",
        municipalities=[ehingen],
        languages=["de", "ar"],
    )
    circle = testing.organisation(
        name="Helferkreis Dornstadt",
        slug="helferkreis-dornstadt",
        kind=OrganisationKind.objects.get(slug="helferkreis"),
        municipality=dornstadt,
    )
    circle.municipalities_served.set([dornstadt])
    circle_contact = testing.contact(
        org=circle,
        name="Koordination Helferkreis Dornstadt",
        kind=Contact.Kind.VOLUNTEER_COORDINATION,
        municipalities=[dornstadt],
    )
    manager = testing.contact(
        org=county_office,
        name="Paula Beispiel",
        kind=Contact.Kind.INTEGRATION_MANAGER,
        phone="0731 000000-99",
        municipalities=[dornstadt],
    )
    return Site(
        school=school,
        course=course,
        circle=circle,
        manager=manager,
        session_past=testing.event(
            starts_in_days=-30,
            slug="runder-tisch-rueckblick",
            title_de="Sitzung im Herbst",
            kind=Event.Kind.RUNDER_TISCH,
            place_text="Haus des Landkreises, Ulm",
        ),
        session_next=testing.event(
            starts_in_days=30, title_de="Nächste Sitzung", kind=Event.Kind.RUNDER_TISCH
        ),
        info_evening=testing.event(
            starts_in_days=10,
            slug="infoabend-test",
            title_de="Infoabend Ehrenamt",
            kind=Event.Kind.INFO_EVENING,
            municipality=ehingen,
        ),
        need=testing.need(
            org=circle,
            municipality=dornstadt,
            answers_to=circle_contact,
            title="Fahrdienst zu Arztterminen",
            skills="Führerschein und ein Auto",
        ),
    )
