"""m2m_links reads the links of several many-to-many relations in one statement: the same
links the ORM gives, for any number of objects, and nothing for none."""

import pytest

from portal.core import testing
from portal.core.links import m2m_links
from portal.directory.models import Municipality, Offer, Topic

pytestmark = pytest.mark.django_db


def test_the_links_are_those_the_orm_gives():
    slugs = list(Topic.objects.values_list("slug", flat=True))
    towns = list(Municipality.objects.all()[:3])
    offers = [
        testing.offer(topics=slugs[:3], languages=["tr", "de"]),
        testing.offer(topics=slugs[-1:], languages=[]),
        testing.offer(topics=[], languages=["ar"]),
    ]
    offers[0].municipalities.set(towns)
    ids = [offer.pk for offer in offers]
    names = ("topics", "languages", "municipalities", "target_groups")
    found = sorted(m2m_links(Offer, names, ids))
    expected = sorted(
        (name, offer.pk, target.pk)
        for offer in offers
        for name in names
        for target in getattr(offer, name).all()
    )
    assert found == expected
    assert ("municipalities", offers[0].pk, towns[2].pk) in found
    assert {row[1] for row in m2m_links(Offer, ["topics"], ids[1:])} == {offers[1].pk}


def test_no_objects_or_relations_read_nothing(django_assert_num_queries):
    with django_assert_num_queries(0):
        assert list(m2m_links(Offer, ["topics"], [])) == []
        assert list(m2m_links(Offer, [], [1, 2])) == []


def test_ids_are_numbers_only():
    with pytest.raises(ValueError):
        list(m2m_links(Offer, ["topics"], ["1 OR 1=1"]))
