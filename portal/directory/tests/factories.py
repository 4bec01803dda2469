"""Plain factory functions for tests (no factory library: these are short and explicit)."""

import itertools

from django.utils import timezone

from portal.directory.models import (
    Contact,
    Language,
    Municipality,
    Offer,
    Organisation,
    OrganisationKind,
    Topic,
)

_seq = itertools.count(1)


def organisation(**fields) -> Organisation:
    n = next(_seq)
    defaults = {
        "name": f"Testverein {n}",
        "slug": f"testverein-{n}",
        "kind": OrganisationKind.objects.get(slug="verein"),
    }
    return Organisation.objects.create(**{**defaults, **fields})


def offer(org=None, topics=("sprache",), municipalities=(), **fields) -> Offer:
    n = next(_seq)
    now = timezone.now()
    defaults = {
        "organisation": org or organisation(),
        "title_de": f"Testangebot {n}",
        "slug": f"testangebot-{n}",
        "summary_de": "Kurz erklärt.",
        "status": Offer.Status.PUBLISHED,
        "last_verified_at": now,
        "published_at": now,
        "is_county_wide": not municipalities,
    }
    obj = Offer.objects.create(**{**defaults, **fields})
    obj.topics.set(Topic.objects.filter(slug__in=topics))
    if municipalities:
        obj.municipalities.set(municipalities)
    return obj


def many_offers(count: int, municipality: Municipality, topic_slug="sprache") -> None:
    """Bulk-create published offers in one topic and one municipality, with two languages."""
    org = organisation()
    now = timezone.now()
    start = next(_seq) * 100000
    offers = Offer.objects.bulk_create(
        [
            Offer(
                organisation=org,
                title=f"Massenangebot {start + i}",
                title_de=f"Massenangebot {start + i}",
                slug=f"massenangebot-{start + i}",
                summary_de="Zum Messen.",
                status=Offer.Status.PUBLISHED,
                last_verified_at=now,
                published_at=now,
            )
            for i in range(count)
        ]
    )
    topic = Topic.objects.get(slug=topic_slug)
    langs = list(Language.objects.filter(code__in=["de", "ar"]))
    Offer.topics.through.objects.bulk_create(
        [Offer.topics.through(offer=o, topic=topic) for o in offers]
    )
    Offer.municipalities.through.objects.bulk_create(
        [Offer.municipalities.through(offer=o, municipality=municipality) for o in offers]
    )
    Offer.languages.through.objects.bulk_create(
        [Offer.languages.through(offer=o, language=lang) for o in offers for lang in langs]
    )


def contact(org=None, **fields) -> Contact:
    n = next(_seq)
    defaults = {
        "organisation": org or organisation(),
        "name": f"Erika Test {n}",
        "kind": Contact.Kind.COUNSELLING,
        "email": f"test{n}@example.org",
    }
    return Contact.objects.create(**{**defaults, **fields})
