"""A prepared query gives the rows the ORM gives for the same values, in each language, with
each call's values (not the first call's), converted as Django converts them; a query it
cannot keep as SQL is refused when it is first run."""

import datetime

import pytest
from django.core.paginator import Paginator
from django.db.models import F
from django.utils import timezone, translation

from portal.content.models import Event
from portal.core import testing
from portal.core.prepared import Unpreparable, prepared
from portal.directory.models import Contact, Municipality, Offer, Topic
from portal.volunteering.models import Need

pytestmark = pytest.mark.django_db


@prepared
def town_offers(town):
    return (
        Offer.objects.published()
        .in_municipality(town)
        .order_by("title_de", "pk")
        .raw_values("pk", "slug", "is_demo", organisation_name=F("organisation__name"))
    )


@prepared
def offers_by_id(pks):
    return Offer.objects.filter(pk__in=pks).order_by("pk").rewrite(False).values_list("pk", "slug")


@prepared
def titled(title):
    return (
        Offer.objects.filter(title=title).order_by("pk").rewrite(False).values_list("pk", flat=True)
    )


@prepared
def upcoming(now, town):
    return (
        Event.objects.published()
        .in_municipality(town)
        .upcoming(now)
        .raw_values("slug", "starts_at", "is_published")[:3]
    )


def test_rows_are_the_orms_for_each_calls_values():
    ehingen, ulm = Municipality.objects.filter(slug__in=["ehingen-donau", "blaubeuren"])
    for town in (ehingen, ulm):
        testing.offer(municipalities=[town])
    testing.offer()  # county-wide: in both
    testing.offer(municipalities=[ehingen], status=Offer.Status.DRAFT)
    for town in (ehingen, ulm, ehingen):
        expected = list(
            Offer.objects.published()
            .in_municipality(town)
            .order_by("title_de", "pk")
            .raw_values("pk", "slug", "is_demo", organisation_name=F("organisation__name"))
        )
        assert town_offers(town=town.pk) == expected
        assert len(expected) == 2
        assert all(type(row["is_demo"]) is bool for row in expected)


def test_a_list_of_any_length_and_an_empty_one(django_assert_num_queries):
    offers = [testing.offer() for _ in range(4)]
    ids = [offer.pk for offer in offers]
    assert offers_by_id(pks=ids[:1]) == [(ids[0], offers[0].slug)]
    assert offers_by_id(pks=ids) == [(offer.pk, offer.slug) for offer in offers]
    assert offers_by_id(pks=(ids[3], ids[1])) == [
        (ids[1], offers[1].slug),
        (ids[3], offers[3].slug),
    ]
    with django_assert_num_queries(0):
        assert offers_by_id(pks=[]) == []
    with pytest.raises(ValueError):
        offers_by_id(pks=["1) OR (1=1"])


def test_a_translated_field_is_the_column_of_the_reading_language():
    offer = testing.offer(title_de="Sprachkurs", title_en="Language course")
    with translation.override("de"):
        assert titled(title="Sprachkurs") == [offer.pk]
        assert titled(title="Language course") == []
    with translation.override("en"):
        assert titled(title="Language course") == [offer.pk]
        assert titled(title="Sprachkurs") == []


def test_times_are_values_and_come_back_as_times():
    town = Municipality.objects.get(slug="ehingen-donau")
    now = timezone.now()
    soon = testing.event(starts_in_days=1, municipality=town)
    expected = list(
        Event.objects.published()
        .in_municipality(town)
        .upcoming(now)
        .raw_values("slug", "starts_at", "is_published")[:3]
    )
    found = upcoming(now=now, town=town.pk)
    assert found == expected
    assert soon.slug in [row["slug"] for row in found]
    assert found[[row["slug"] for row in found].index(soon.slug)]["starts_at"] == soon.starts_at
    later = now + datetime.timedelta(days=2)
    assert soon.slug not in [row["slug"] for row in upcoming(now=later, town=town.pk)]


def test_none_is_its_own_query():
    @prepared
    def of_organisation(org):
        return Contact.objects.filter(organisation=org).rewrite(False).values_list("pk", flat=True)

    contact = testing.contact()
    assert of_organisation(org=contact.organisation_id) == [contact.pk]
    assert of_organisation(org=None) == []
    assert of_organisation(org=contact.organisation_id) == [contact.pk]


def test_one_query_per_call_after_the_first(django_assert_num_queries):
    town = Municipality.objects.get(slug="ehingen-donau")
    town_offers(town=town.pk)
    with django_assert_num_queries(1):
        town_offers(town=town.pk)


def test_what_cannot_be_kept_is_refused():
    @prepared
    def containing(text):
        return Topic.objects.filter(slug__contains=text).rewrite(False).values_list("pk", flat=True)

    @prepared
    def ignoring(town):
        return Topic.objects.rewrite(False).values_list("pk", flat=True)

    @prepared
    def fallback(town):
        return Topic.objects.filter(pk=town).values_list("name")

    @prepared
    def objects(town):
        return Topic.objects.all()

    with pytest.raises(Unpreparable):
        containing(text="sprache")
    with pytest.raises(Unpreparable):
        ignoring(town=1)
    with pytest.raises(Unpreparable):
        objects(town=1)
    with pytest.raises(Unpreparable):  # modeltranslation's fallback rows are not Django's
        fallback(town=1)
    with pytest.raises(Unpreparable):
        titled(title=True)
    with pytest.raises(Unpreparable):
        titled(title=1.5)


def test_dates_are_values():
    @prepared
    def open_needs(today):
        return Need.objects.open(today).order_by("pk").values_list("pk", flat=True)

    need = testing.need(ends_in_days=3)
    today = timezone.localdate()
    for day in (today, today + datetime.timedelta(days=4), today):
        expected = list(Need.objects.open(day).order_by("pk").values_list("pk", flat=True))
        assert open_needs(today=day) == expected
        assert (need.pk in expected) == (day == today)


def test_model_objects_with_their_related_ones(django_assert_num_queries):
    @prepared
    def offer_by_slug(slug):
        return Offer.objects.published().select_related("organisation").filter(slug=slug)

    offers = [testing.offer(title_en=f"Course {n}") for n in range(2)]
    for offer in (*offers, offers[0]):
        [found] = offer_by_slug(slug=offer.slug)
        assert found == offer
        assert found.title_de == offer.title_de and found.last_verified_at == offer.last_verified_at
        with django_assert_num_queries(0), translation.override("en"):
            assert found.organisation.name == offer.organisation.name
            assert found.title == offer.title_en
    assert offer_by_slug(slug="keins") == []


def test_a_window_a_count_and_pages(django_assert_num_queries):
    offers = [testing.offer() for _ in range(5)]
    ids = [offer.pk for offer in offers]
    everything = offers_by_id(pks=ids)
    assert offers_by_id(pks=ids, window=(1, 2)) == everything[1:3]
    assert offers_by_id(pks=ids, window=(4, 20)) == everything[4:]
    assert offers_by_id.count(pks=ids) == 5
    assert offers_by_id.count(pks=ids[:2]) == 2
    assert offers_by_id.count(pks=[]) == 0
    paginator = Paginator(offers_by_id.pages(pks=ids), 2)
    with django_assert_num_queries(2):  # the count and the page
        page = paginator.get_page(3)
        assert list(page.object_list) == everything[4:]
    assert paginator.num_pages == 3
    town = Municipality.objects.get(slug="ehingen-donau")
    with pytest.raises(Unpreparable):  # sliced already
        upcoming(now=timezone.now(), town=town.pk, window=(0, 1))
