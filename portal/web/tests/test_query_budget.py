"""Every public page runs a small, fixed number of queries, whatever the number of offers."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from portal.directory.models import Municipality
from portal.directory.tests import factories

pytestmark = pytest.mark.django_db

PAGES = [
    ("web:home", [], 5),
    ("web:runder-tisch", [], 5),
    ("web:contact-list", [], 2),
    ("web:topic-list", [], 1),
    ("web:topic-detail", ["sprache"], 5),
    ("web:partner-list", [], 4),
    ("web:organisation-detail", ["volkshochschule-ehingen"], 7),
    ("web:municipality-list", [], 3),
    ("web:municipality-detail", ["ehingen-donau"], 10),
    ("web:offer-detail", ["integrationskurs-ehingen"], 9),
    ("web:event-list", [], 2),
    ("web:event-detail", ["runder-tisch-11-sitzung"], 1),
    ("web:volunteer", [], 4),
    ("web:further-information", [], 1),
    ("web:page-detail", ["impressum"], 1),
    ("web:accessibility-report", [], 0),
]


@pytest.fixture(params=[10, 1000], ids=["10-offers", "1000-offers"])
def offers(request):
    ehingen = Municipality.objects.get(slug="ehingen-donau")
    factories.many_offers(request.param, ehingen)
    return request.param


@pytest.mark.parametrize("name, args, budget", PAGES)
def test_page_stays_within_its_query_budget(
    client, offers, name, args, budget, django_assert_max_num_queries
):
    url = reverse(name, args=args)
    with django_assert_max_num_queries(budget):
        response = client.get(url)
    assert response.status_code == 200


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_budget_holds_in_other_languages(client, offers, lang, django_assert_max_num_queries):
    with django_assert_max_num_queries(10):
        response = client.get(f"/{lang}/gemeinden/ehingen-donau/")
    assert response.status_code == 200


def test_query_count_does_not_grow_with_offers(client):
    ehingen = Municipality.objects.get(slug="ehingen-donau")
    urls = [reverse(n, args=a) for n, a, _b in PAGES]
    factories.many_offers(10, ehingen)
    before = {}
    for url in urls:
        with CaptureQueriesContext(connection) as ctx:
            client.get(url)
        before[url] = len(ctx)
    factories.many_offers(990, ehingen)
    for url in urls:
        with CaptureQueriesContext(connection) as ctx:
            client.get(url)
        assert len(ctx) == before[url], url
