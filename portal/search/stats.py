"""What people look for and do not find (nothing at all, or a word that is in no entry), for
the Runder Tisch: counted per day, language,
chosen municipality and normalised query, nothing else (no address, no session, no cookie).
Queries fewer than THRESHOLD people asked are never shown, so nobody is recognisable from a
name they typed."""

from datetime import date, timedelta

from django.db import IntegrityError, transaction
from django.db.models import F, Sum
from django.utils import timezone

from .models import UnansweredSearch

THRESHOLD = 3
KEEP_DAYS = 365


def normalised(found) -> str:
    """The query's words in normal form (lower case, no accents, no stop words), as typed."""
    return " ".join(found.typed)[:200]


def record_unanswered(found, query) -> None:
    text = normalised(found)
    if not text:
        return
    key = {
        "day": timezone.localdate(),
        "language": query.lang,
        "municipality": (query.near or query.municipality).slug
        if (query.near or query.municipality)
        else "",
        "query": text,
    }
    updated = UnansweredSearch.objects.filter(**key).update(count=F("count") + 1)
    if not updated:
        try:
            with transaction.atomic():
                UnansweredSearch.objects.create(**key, count=1)
        except IntegrityError:  # somebody else counted the first one at the same moment
            UnansweredSearch.objects.filter(**key).update(count=F("count") + 1)


def top_unanswered(since: date, limit: int = 20) -> list[dict]:
    """The most frequent unanswered queries since `since`, per language and municipality;
    only those asked at least THRESHOLD times."""
    rows = (
        UnansweredSearch.objects.filter(day__gte=since)
        .values("language", "municipality", "query")
        .annotate(total=Sum("count"))
        .filter(total__gte=THRESHOLD)
        .order_by("language", "municipality", "-total", "query")
    )
    result, per_group = [], {}
    for row in rows:
        group = (row["language"], row["municipality"])
        per_group[group] = per_group.get(group, 0) + 1
        if per_group[group] <= limit:
            result.append(row)
    return result


def cutoff(now) -> date:
    """The first day still kept. Days are counted in local time, as they are recorded."""
    return timezone.localdate(now) - timedelta(days=KEEP_DAYS)
