"""Searches without results are counted in aggregate only, shown from three on, and deleted
after 12 months."""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from portal.search.models import UnansweredSearch
from portal.search.query import Query, search
from portal.search.retention import delete_old_unanswered_searches

pytestmark = pytest.mark.django_db


def test_a_search_without_results_is_counted_per_day_language_and_municipality(catalogue):
    for _ in range(3):
        search(Query(text="Schwimmkurs  FÜR Frauen", lang="de", near=catalogue.ehingen))
    search(Query(text="Schwimmkurs für Frauen", lang="ar"))
    search(Query(text="Deutschkurs", lang="de"))  # found something: not counted
    rows = sorted(
        UnansweredSearch.objects.values_list("language", "municipality", "query", "count")
    )
    assert rows == [
        ("ar", "", "schwimmkurs frauen", 1),
        ("de", "ehingen-donau", "schwimmkurs frauen", 3),
    ]
    fields = {f.name for f in UnansweredSearch._meta.get_fields()}
    assert fields == {"id", "day", "language", "municipality", "query", "count"}  # nothing else


def test_the_command_shows_only_queries_asked_at_least_three_times(catalogue, capsys):
    for _ in range(3):
        search(Query(text="Schwimmkurs", lang="de"))
    search(Query(text="Tanja Mustermann", lang="de"))  # a name typed once is never shown
    call_command("unanswered_searches")
    out = capsys.readouterr().out
    assert "3  schwimmkurs" in out and "mustermann" not in out


def test_the_command_says_when_there_is_nothing_to_show(db, capsys):
    call_command("unanswered_searches", "--tage", "7")
    assert "keine Suche ohne Treffer" in capsys.readouterr().out


def test_counts_are_deleted_after_twelve_months(db):
    today = timezone.localdate()
    UnansweredSearch.objects.create(day=today - timedelta(days=366), language="de", query="alt")
    UnansweredSearch.objects.create(day=today - timedelta(days=300), language="de", query="neu")
    assert delete_old_unanswered_searches(timezone.now()) == ("Suchen ohne Treffer", 1)
    assert list(UnansweredSearch.objects.values_list("query", flat=True)) == ["neu"]


def test_the_twelve_months_are_counted_in_local_days_also_just_before_midnight_utc(db):
    # 23:30 UTC on 2 December is already 3 December in Ehingen, the day the counts were recorded on.
    now = datetime(2026, 12, 2, 23, 30, tzinfo=UTC)
    UnansweredSearch.objects.create(day=date(2025, 12, 2), language="de", query="alt")
    UnansweredSearch.objects.create(day=date(2025, 12, 3), language="de", query="grenze")
    assert delete_old_unanswered_searches(now) == ("Suchen ohne Treffer", 1)
    assert list(UnansweredSearch.objects.values_list("query", flat=True)) == ["grenze"]
