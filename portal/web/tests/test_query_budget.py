"""Every public page runs a small, fixed number of queries, whatever the number of offers.

Counted on a page's second request: the first after a start or an edit of reference data also
reads what `portal.core.reference` keeps (county, topics, municipalities, languages, target
groups), once per process. Each page reads the reference token once."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from portal.content.models import Event
from portal.core import testing
from portal.directory.models import Contact, Municipality, Offer, Organisation, OrganisationKind
from portal.search.documents import deferred, rebuild
from portal.volunteering.models import Need

PAGES = [
    ("web:home", [], 3),
    ("web:runder-tisch", [], 6),
    ("web:contact-list", [], 3),
    ("web:topic-list", [], 2),
    ("web:topic-detail", ["sprache"], 5),
    ("web:partner-list", [], 5),
    ("web:organisation-detail", ["budget-anbieter"], 8),
    ("web:municipality-list", [], 2),
    # no paging count; the offers grouped by ids first, then only the shown ones loaded, with
    # the links to their topics and languages
    ("web:municipality-detail", ["ehingen-donau"], 11),
    ("web:offer-detail", ["budget-angebot"], 9),
    ("web:event-list", [], 3),
    ("web:event-detail", ["budget-termin"], 2),
    ("web:volunteer", [], 6),  # + the open needs, their number and the coordinators
    ("web:volunteer-signup", [], 3),
    ("web:need-list", [], 3),
    ("web:need-detail", ["BUDGET_NEED"], 3),
    ("web:further-information", [], 2),
    ("web:page-detail", ["impressum"], 2),
    ("web:accessibility-report", [], 1),
]


@pytest.fixture(scope="module", params=[10, 1000], ids=["10-offers", "1000-offers"])
def offers(request, django_db_setup, django_db_blocker):
    """Built once per module and size (committed, then removed), not once per test."""
    with django_db_blocker.unblock():
        ehingen = Municipality.objects.get(slug="ehingen-donau")
        bulk = testing.many_offers(request.param, ehingen)
        provider = testing.organisation(
            slug="budget-anbieter",
            kind=OrganisationKind.objects.get(slug="helferkreis"),
            is_runder_tisch_member=True,
            municipality=ehingen,
        )
        provider.municipalities_served.set([ehingen])
        manager = testing.contact(
            org=provider, kind=Contact.Kind.INTEGRATION_MANAGER, municipalities=[ehingen]
        )
        offer = testing.offer(org=provider, slug="budget-angebot", municipalities=[ehingen])
        offer.contacts.set([manager])
        event = testing.event(slug="budget-termin", offer=offer, organisation=provider)
        for _ in range(3):
            testing.need(org=provider, answers_to=manager)
        rebuild()  # the bulk-created offers into the search index
        yield request.param
        with deferred():  # the index follows once, not once per deleted offer
            event.delete()
            Offer.objects.filter(organisation__in=[bulk, provider]).delete()
            Contact.objects.filter(organisation=provider).delete()
            Organisation.objects.filter(pk__in=[bulk.pk, provider.pk]).delete()
        assert not Event.objects.exists()


SEARCHES = [
    "?q=Testangebot",  # every offer matches
    "?q=Testangebot+Ehingen",  # a place in the query
    "?q=Testangebt&thema=sprache&gemeinde=ehingen-donau&kostenlos=1",  # a typo and filters
    "?thema=sprache&sprache=ar&zielgruppe=eltern&bei=laichingen",  # browsing with filters
    "?q=qqqxyz",  # nothing found (and counted)
]


def resolved(args: list) -> list:
    """A need has no slug: its number is known only once the test data exists."""
    return [Need.objects.order_by("pk").first().pk] if args == ["BUDGET_NEED"] else args


@pytest.mark.django_db
@pytest.mark.parametrize("params", SEARCHES)
def test_search_stays_within_its_query_budget(
    client, offers, params, django_assert_max_num_queries
):
    with django_assert_max_num_queries(30):
        response = client.get(reverse("web:search") + params)
    assert response.status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/de/karte/", "/de/karte/?thema=sprache&q=Testangebot"])
def test_the_map_stays_within_its_query_budget(client, offers, url, django_assert_max_num_queries):
    with django_assert_max_num_queries(16):
        response = client.get(url)
    assert response.status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("name, args, budget", PAGES)
def test_page_stays_within_its_query_budget(
    client, offers, name, args, budget, django_assert_max_num_queries
):
    url = reverse(name, args=resolved(args))
    client.get(url)
    with django_assert_max_num_queries(budget):
        response = client.get(url)
    assert response.status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("lang", ["en", "ar"])
def test_budget_holds_in_other_languages(client, offers, lang, django_assert_max_num_queries):
    client.get(f"/{lang}/gemeinden/ehingen-donau/")
    with django_assert_max_num_queries(11):
        response = client.get(f"/{lang}/gemeinden/ehingen-donau/")
    assert response.status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("offers", [10], indirect=True, ids=["10-then-1000-offers"])
def test_query_count_does_not_grow_with_offers(client, offers):
    ehingen = Municipality.objects.get(slug="ehingen-donau")
    urls = [reverse(n, args=resolved(a)) for n, a, _b in PAGES]
    urls += [reverse("web:search") + params for params in SEARCHES[:-1]]  # not the counted one
    urls += ["/de/karte/?thema=sprache"]
    before = {}
    for url in urls:
        client.get(url)  # the first of a kind may fill a cache (content types, the area)
        with CaptureQueriesContext(connection) as ctx:
            client.get(url)
        before[url] = len(ctx)
    testing.many_offers(990, ehingen)
    rebuild()
    for url in urls:
        with CaptureQueriesContext(connection) as ctx:
            client.get(url)
        assert len(ctx) == before[url], url
