"""The partner area's lists cost the same number of queries for 5 and for 45 offers: nothing
is loaded once per entry."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from portal.core import testing

pytestmark = pytest.mark.django_db

PAGES = [
    ("partners:home", []),
    ("partners:translation-overview", []),
    ("partners:translation-list", ["en"]),
    ("partners:review-queue", []),
    ("partners:history", []),
    ("partners:entry-list", ["angebote"]),
    ("partners:entry-list", ["orte"]),
    ("partners:entry-list", ["ansprechpersonen"]),
    ("partners:entry-list", ["organisationen"]),
    ("partners:entry-list", ["gemeinden"]),
]
COUNTY_ONLY = {"partners:review-queue", "partners:history"}
BUDGET = 20  # queries per page, whatever the number of entries


def queries_per_page(client, county: bool) -> dict:
    counts = {}
    for name, args in PAGES:
        if name in COUNTY_ONLY and not county:
            continue
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse(name, args=args)).status_code == 200
        counts[(name, *args)] = len(queries)
    return counts


@pytest.mark.parametrize("who", ["county_editor", "partner_a"])
def test_partner_area_pages_do_not_grow_with_the_number_of_entries(client, area, who):
    for n in range(4):
        testing.offer(org=area.org_a, title_de=f"Kurs {n}")
    testing.sign_in(client, getattr(area, who))
    county = who == "county_editor"
    queries_per_page(client, county)  # warm Django's caches (content types)
    few = queries_per_page(client, county)
    for n in range(40):
        offer = testing.offer(org=area.org_a, title_de=f"Weiterer Kurs {n}")
        offer.locations.set([area.location_a])
    many = queries_per_page(client, county)
    assert many == few
    assert max(many.values()) <= BUDGET, many
