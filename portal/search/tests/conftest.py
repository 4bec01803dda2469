from decimal import Decimal

import pytest

from portal.core import testing
from portal.directory.models import Municipality, Offer, TargetGroup


class Catalogue:
    """A small, fixed set of offers the search tests ask about (besides the county profile's
    municipalities, organisation and pages)."""

    def __init__(self):
        place = {m.slug: m for m in Municipality.objects.all()}
        self.ehingen, self.laichingen = place["ehingen-donau"], place["laichingen"]
        self.blaustein = place["blaustein"]
        vhs = testing.organisation(name="Volkshochschule Ehingen", slug="vhs-ehingen")
        caritas = testing.organisation(name="Caritas Ulm", slug="caritas-ulm")
        self.parents = testing.offer(
            org=vhs,
            slug="deutschkurs-eltern",
            title_de="Deutschkurs für Eltern",
            summary_de="Deutsch lernen am Vormittag, die Kinder werden betreut.",
            title_ar="دورة لغة ألمانية للآباء والأمهات",
            summary_ar="تعلم الألمانية صباحًا مع رعاية الأطفال.",
            municipalities=[self.ehingen],
            languages=["de", "ar"],
            cost=Offer.Cost.FREE,
        )
        self.parents.target_groups.set(TargetGroup.objects.filter(slug="eltern"))
        self.literacy = testing.offer(
            org=vhs,
            slug="integrationskurs-alphabetisierung",
            title_de="Integrationskurs mit Alphabetisierung",
            summary_de="Deutschkurs mit 600 Unterrichtseinheiten für Menschen, die lesen lernen.",
            municipalities=[self.laichingen],
            cost=Offer.Cost.PAID,
        )
        laichingen_school = testing.location(
            org=vhs,
            municipality=self.laichingen,
            latitude=Decimal("48.489"),
            longitude=Decimal("9.687"),
        )
        self.literacy.locations.set([laichingen_school])
        self.cafe = testing.offer(
            org=caritas,
            slug="sprachcafe-blaustein",
            title_de="Sprachcafé Blaustein",
            summary_de="Deutsch sprechen üben bei Tee und Kuchen.",
            description_de="Wer schon einen Deutschkurs besucht, übt hier das Sprechen.",
            municipalities=[self.blaustein],
            cost=Offer.Cost.FREE,
        )
        self.work = testing.offer(
            org=caritas,
            slug="beratung-arbeit",
            title_de="Beratung zu Arbeit und Ausbildung",
            summary_de="Bewerbung, Anerkennung von Abschlüssen, Praktikum.",
            title_ar="استشارات حول العمل والتدريب المهني",
            topics=("arbeit-ausbildung", "beratung"),
            municipalities=[self.ehingen],
            languages=["de", "fa"],
            cost=Offer.Cost.FREE,
        )
        self.online = testing.offer(
            org=vhs,
            slug="online-deutschkurs",
            title_de="Online-Deutschkurs am Abend",
            summary_de="Für alle im Landkreis, am Computer oder Handy.",
            languages=["fa"],
            cost=Offer.Cost.REDUCED,
        )
        self.kita = testing.offer(
            org=caritas,
            slug="kitaplatz",
            title_de="Hilfe bei der Suche nach einem Kitaplatz",
            summary_de="Wir begleiten Familien zur Anmeldung im Kindergarten.",
            topics=("schule-kinderbetreuung",),
            municipalities=[self.blaustein],
        )


@pytest.fixture
def catalogue(db):
    return Catalogue()
