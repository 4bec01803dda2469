"""Reference data kept per process: built once, built anew after any change of it (also a
change rolled back), never kept without the token row, and the token read once per request."""

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from portal.core import reference
from portal.core.models import ReferenceVersion
from portal.county.models import County
from portal.directory.models import Topic

pytestmark = pytest.mark.django_db


class Builds:
    def __init__(self):
        self.count = 0

    def __call__(self):
        self.count += 1
        return sorted(Topic.objects.values_list("slug", flat=True))


def test_kept_until_reference_data_changes():
    build = Builds()
    first = reference.kept("test:topics", build)
    assert reference.kept("test:topics", build) == first
    assert build.count == 1
    Topic.objects.create(slug="neu-im-test", name="Neu im Test", order=99)
    assert "neu-im-test" in reference.kept("test:topics", build)
    assert build.count == 2
    county = County.objects.current()
    county.name = "Anderer Kreis"
    county.save()
    reference.kept("test:topics", build)
    assert build.count == 3


def test_a_change_rolled_back_is_not_kept():
    build = Builds()
    reference.kept("test:topics", build)
    with pytest.raises(RuntimeError), transaction.atomic():
        Topic.objects.create(slug="gleich-wieder-weg", name="Gleich wieder weg", order=99)
        assert "gleich-wieder-weg" in reference.kept("test:topics", build)
        raise RuntimeError("rolled back")
    assert "gleich-wieder-weg" not in reference.kept("test:topics", build)


def test_nothing_is_kept_without_the_token_row():
    ReferenceVersion.objects.all().delete()
    build = Builds()
    reference.kept("test:topics", build)
    reference.kept("test:topics", build)
    assert build.count == 2
    Topic.objects.create(slug="legt-an", name="Legt an", order=99)  # the row comes back
    assert reference.token()


def test_a_request_reads_the_token_once(client):
    client.get("/de/")  # builds what the start page keeps
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/de/").status_code == 200
    reads = [q["sql"] for q in queries.captured_queries if "core_referenceversion" in q["sql"]]
    assert len(reads) == 1
    read = " ".join(q["sql"].split(" FROM ", 1)[1].split()[0] for q in queries.captured_queries)
    for kept in ("county_county", "directory_topic", "directory_municipality"):
        assert kept not in read  # the county, the topics and the picker's towns: kept
