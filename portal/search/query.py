"""Searching: what a query's words become, which documents match, in which order, how many per
filter value, and the entries to show.

Order: relevance first (each word scores by where it is found: title 4, summary 2, elsewhere
1; a title that starts with the first word 2 more), then closeness to the chosen municipality,
then the kind of entry (municipalities, organisations, offers, contacts, events, pages), then
the title. All of it is computed the same way on every database, so SQLite and PostgreSQL show
the same results in the same order; the databases only decide what matches.
"""

import math
import re
from collections import defaultdict
from contextlib import nullcontext
from dataclasses import dataclass, field, replace

from django.db import connection
from django.db.models import Count
from django.db.models.expressions import RawSQL
from django.utils import timezone

from portal.content.models import Event, Page
from portal.directory.models import (
    Contact,
    Language,
    Municipality,
    Offer,
    Organisation,
    TargetGroup,
    Topic,
)

from . import backends
from .documents import flush
from .models import Kind, SearchTerm
from .stats import record_unanswered
from .text import MAX_QUERY_CHARS, MAX_WORDS, MIN_WORD, similarity, stop_words, words

PARTIAL_WORDS = 12  # "kurs" also finds up to this many longer words that contain it
TYPO_SIMILARITY = (
    0.4  # a word that is not in the index is read as the closest one at least this similar
)
TYPO_ALTERNATIVES = 3
INFLECTION = r"(|e|en|es|er|n|s)$"  # endings after the word inside a compound
ENDINGS = ("en", "es", "er", "e", "n", "s")
FAR = 1e6  # distance of an entry without a place: after every entry with one


@dataclass(frozen=True)
class Query:
    text: str = ""
    lang: str = "de"
    topic: Topic | None = None
    municipality: Municipality | None = None  # offers there and county-wide ones
    language: Language | None = None  # offers delivered in it
    target_group: TargetGroup | None = None
    free: bool = False
    near: Municipality | None = None  # closest first (the filter's municipality otherwise)
    kinds: tuple = ()  # only these kinds of entry (default: all; offers only with a filter)

    @property
    def filtered(self) -> bool:
        return any((self.topic, self.municipality, self.language, self.target_group, self.free))


@dataclass
class Words:
    """What the query's text became."""

    typed: list[str] = field(default_factory=list)  # the words, normalised, as typed
    groups: list[list[str]] = field(default_factory=list)  # per word: what it matches
    ignored: list[str] = field(default_factory=list)  # found nowhere, left out
    corrected: dict = field(default_factory=dict)  # typo -> the word it was read as
    shortened: bool = False

    @property
    def terms(self) -> list[str]:
        return [w for group in self.groups for w in group]


@dataclass
class Hit:
    kind: str
    obj: object


@dataclass
class Results:
    query: Query
    words: Words
    hits: list[Hit]
    total: int
    by_kind: dict
    facets: dict | None
    page: int
    pages: int


def read_words(text: str) -> Words:
    """The query's words, each with what it matches in the index: itself as a prefix, longer
    words containing it ("kurs" → "deutschkurs"), or, for a word the index does not know, the
    closest known words ("ehingn" → "ehingen")."""
    result = Words(shortened=len(text) > MAX_QUERY_CHARS)
    seen = set()
    for word in words(text[:MAX_QUERY_CHARS]):
        if word in seen or len(word) < MIN_WORD or word in stop_words():
            continue
        seen.add(word)
        if len(seen) > MAX_WORDS:
            result.shortened = True
            break
        result.typed.append(word)
        group = _expand(word, result)
        if group:
            result.groups.append(group)
    return result


def _shorter_forms(word: str) -> list[str]:
    """Known words the query's word is an inflected form of ("deutschkurse" → "deutschkurs"):
    the German stemmer cuts "deutschkurs" to "deutschkur" but "deutschkurse" only to
    "deutschkurs", so the plural alone would not find the singular."""
    candidates = [word[: -len(end)] for end in ENDINGS if word.endswith(end)]
    candidates = [c for c in candidates if len(c) >= 4]
    if not candidates:
        return []
    return list(SearchTerm.objects.filter(term__in=candidates).values_list("term", flat=True))


def _expand(word: str, result: Words) -> list[str]:
    if len(word) < 3:
        return [word]
    containing = backends.current().containing(word, 200) + _shorter_forms(word)
    if containing:
        # German puts the main word of a compound last: "kurs" finds "deutschkurs" and
        # "sprachkursen", not every word that happens to contain it ("mitarbeiterinnen").
        ending = re.compile(re.escape(word) + INFLECTION)
        longer = sorted(
            {t for t in containing if not t.startswith(word) and ending.search(t)}
            | {t for t in containing if word.startswith(t) and t != word},  # shorter forms
            key=lambda t: (len(t), t),
        )
        return [word, *[t for t in longer if t not in stop_words()][:PARTIAL_WORDS]]
    scored = sorted(
        ((similarity(word, t), t) for t in backends.current().fuzzy_candidates(word)),
        key=lambda pair: (-pair[0], pair[1]),
    )
    close = [t for score, t in scored if score >= TYPO_SIMILARITY and t not in stop_words()]
    if not close:
        result.ignored.append(word)
        return []
    result.corrected[word] = close[0]
    return close[:TYPO_ALTERNATIVES]


@dataclass
class _Sql:
    source: str
    where: list
    params: list
    score: str = "0"
    score_params: list = field(default_factory=list)

    def add(self, condition: str, *params) -> None:
        self.where.append(condition)
        self.params.extend(params)

    def clause(self) -> str:
        return " AND ".join(self.where) or "1=1"


def _offers(query: Query, without: str = "") -> tuple[str, list]:
    """SQL for the ids of the published offers that pass the filters (all but `without`)."""
    offers = Offer.objects.published()
    if query.topic and without != "topic":
        offers = offers.filter(topics=query.topic)
    if query.municipality and without != "municipality":
        offers = offers.in_municipality(query.municipality)
    if query.language and without != "language":
        offers = offers.filter(languages=query.language)
    if query.target_group and without != "target_group":
        offers = offers.filter(target_groups=query.target_group)
    if query.free and without != "free":
        offers = offers.filter(cost=Offer.Cost.FREE)
    return offers.order_by().values("pk").query.sql_with_params()


def _sql(query: Query, found: Words, without: str = "") -> _Sql:
    if found.groups:
        match = backends.current().match(query.lang, found.groups)
        sql = _Sql(match.source, [match.where], list(match.params))
        sql.score, sql.score_params = match.score, match.score_params
    else:
        sql = _Sql(f"{backends.DOCS} d", [], [])
    sql.add("(d.visible_until IS NULL OR d.visible_until >= %s)", timezone.now())
    if query.filtered:
        offers_sql, offers_params = _offers(query, without)
        sql.add(f"d.kind = %s AND d.object_id IN ({offers_sql})", Kind.OFFER, *offers_params)
    elif query.kinds:
        sql.add(f"d.kind IN ({', '.join(['%s'] * len(query.kinds))})", *query.kinds)
    return sql


def _distance(query: Query) -> tuple[str, list]:
    place = query.near or query.municipality
    if place is None:
        return "0", []
    lat, lon = float(place.latitude), float(place.longitude)
    scale = math.cos(math.radians(lat))  # a degree of longitude is shorter than one of latitude
    terms, params = [], []
    for n in (1, 2, 3):
        terms.append(
            f"COALESCE((d.lat{n} - %s) * (d.lat{n} - %s) "
            f"+ (d.lon{n} - %s) * (d.lon{n} - %s) * %s, {FAR})"
        )
        params += [lat, lat, lon, lon, scale * scale]
    return f"{backends.current().least}({', '.join(terms)})", params


def _language_first(query: Query) -> tuple[str, list]:
    if query.lang == "de":
        return "0", []
    return "CASE WHEN d.languages LIKE %s THEN 0 ELSE 1 END", [f"%,{query.lang},%"]


KIND_ORDER = (
    "CASE d.kind "
    + " ".join(
        f"WHEN '{kind}' THEN {n}"
        for n, kind in enumerate(
            [Kind.MUNICIPALITY, Kind.ORGANISATION, Kind.OFFER, Kind.CONTACT, Kind.EVENT, Kind.PAGE]
        )
    )
    + " END"
)


def _ranked(query: Query, found: Words, limit: int, offset: int) -> list[tuple[str, int]]:
    sql = _sql(query, found)
    distance, distance_params = _distance(query)
    if found.groups:  # relevance (where the words are; a title that starts with the first)
        starts = "CASE WHEN d.sort_title LIKE %s THEN 2 ELSE 0 END"
        order = [(f"{sql.score} + {starts}", [*sql.score_params, found.groups[0][0] + "%"], "DESC")]
    else:  # browsing: entries in the reader's language first
        order = [(*_language_first(query), "ASC")]
    order += [(distance, distance_params, "ASC"), (KIND_ORDER, [], "ASC")]
    select = ", ".join(f"{expr} AS o{n}" for n, (expr, _p, _d) in enumerate(order))
    params = [p for _expr, ps, _d in order for p in ps] + sql.params
    order_by = ", ".join(f"o{n} {direction}" for n, (_e, _p, direction) in enumerate(order))
    statement = (
        f"SELECT d.kind, d.object_id, {select} FROM {sql.source} WHERE {sql.clause()} "
        f"ORDER BY {order_by}, d.sort_title, d.id LIMIT %s OFFSET %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(statement, [*params, limit, offset])
        return [(row[0], row[1]) for row in cursor.fetchall()]


def _counts(query: Query, found: Words) -> dict:
    sql = _sql(query, found)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT d.kind, COUNT(*) FROM {sql.source} WHERE {sql.clause()} GROUP BY d.kind",
            sql.params,
        )
        return dict(cursor.fetchall())


def _matching_offers(query: Query, found: Words, without: str) -> RawSQL:
    sql = _sql(replace(query, kinds=(Kind.OFFER,)), found, without)
    sql.add("d.kind = %s", Kind.OFFER)
    # Materialised once per count: otherwise both databases may run the text match again for
    # every row they count (seconds instead of milliseconds).
    return RawSQL(
        f"WITH matching AS MATERIALIZED (SELECT d.object_id AS id FROM {sql.source} "
        f"WHERE {sql.clause()}) SELECT id FROM matching",
        sql.params,
    )


def facets(query: Query, found: Words) -> dict:
    """How many offers each filter value would show, with the other filters as they are."""
    through = Offer.topics.through
    topics = dict(
        through.objects.filter(offer_id__in=_matching_offers(query, found, "topic"))
        .values_list("topic_id")
        .annotate(n=Count("offer_id"))
    )
    languages = dict(
        Offer.languages.through.objects.filter(
            offer_id__in=_matching_offers(query, found, "language")
        )
        .values_list("language_id")
        .annotate(n=Count("offer_id"))
    )
    groups = dict(
        Offer.target_groups.through.objects.filter(
            offer_id__in=_matching_offers(query, found, "target_group")
        )
        .values_list("targetgroup_id")
        .annotate(n=Count("offer_id"))
    )
    in_place = _matching_offers(query, found, "municipality")
    local = dict(
        Offer.municipalities.through.objects.filter(offer_id__in=in_place)
        .exclude(offer__is_county_wide=True)
        .values_list("municipality_id")
        .annotate(n=Count("offer_id"))
    )
    county_wide = Offer.objects.filter(pk__in=in_place, is_county_wide=True).count()
    free = Offer.objects.filter(
        pk__in=_matching_offers(query, found, "free"), cost=Offer.Cost.FREE
    ).count()
    return {
        "topic": topics,
        "language": languages,
        "target_group": groups,
        "municipality": local,  # offers there, without the county-wide ones …
        "county_wide": county_wide,  # … which every municipality shows as well
        "free": free,
    }


FETCH = {
    Kind.OFFER: lambda ids: Offer.objects.filter(pk__in=ids).for_listing(),
    Kind.ORGANISATION: lambda ids: Organisation.objects.filter(pk__in=ids).select_related("kind"),
    Kind.CONTACT: lambda ids: (
        Contact.objects.filter(pk__in=ids)
        .select_related("organisation")
        .prefetch_related("municipalities")
    ),
    Kind.MUNICIPALITY: lambda ids: Municipality.objects.filter(pk__in=ids),
    Kind.EVENT: lambda ids: Event.objects.filter(pk__in=ids).select_related("municipality"),
    Kind.PAGE: lambda ids: Page.objects.filter(pk__in=ids),
}


def _objects(keys: list[tuple[str, int]]) -> list[Hit]:
    by_kind = defaultdict(list)
    for kind, pk in keys:
        by_kind[kind].append(pk)
    found = {}
    for kind, pks in by_kind.items():
        for obj in FETCH[kind](pks):
            found[(kind, obj.pk)] = obj
    return [Hit(key[0], found[key]) for key in keys if key in found]


def _matching(found: Words):
    """The database's settings for matching words (none when the query has none)."""
    return backends.current().text_search() if found.groups else nullcontext()


def search(query: Query, page: int = 1, size: int = 20, with_facets: bool = True) -> Results:
    flush()  # changes of this thread not yet in the index (normally none)
    found = read_words(query.text)
    keys, by_kind, pages = [], {}, 1  # nothing known in the words: nothing found
    with _matching(found):
        if found.groups or not query.text.strip():
            by_kind = _counts(query, found)
            pages = max(1, math.ceil(sum(by_kind.values()) / size))
            page = min(max(page, 1), pages)
            keys = _ranked(query, found, size, (page - 1) * size)
        total = sum(by_kind.values())
        counts = facets(query, found) if with_facets and (total or query.filtered) else None
    hits = _objects(keys)
    if query.text.strip() and (total == 0 or found.ignored):  # a word found nowhere counts too
        record_unanswered(found, query)
    return Results(
        query=query,
        words=found,
        hits=hits,
        total=total,
        by_kind=by_kind,
        facets=counts,
        page=page,
        pages=pages,
    )


def offer_ids(query: Query, limit: int = 2000) -> list[int]:
    """The ids of the offers that match, best first (for a list that groups them itself)."""
    flush()
    found = read_words(query.text)
    if query.text.strip() and not found.groups:
        return []
    with _matching(found):
        ranked = _ranked(replace(query, kinds=(Kind.OFFER,)), found, limit, 0)
    return [pk for _kind, pk in ranked]


PLACE_SIMILARITY = 0.5  # "ehingn" is still Ehingen


def place_in(text: str) -> tuple[Municipality | None, str]:
    """A municipality named among other words ("Deutschkurs Ehingen", "دورة إيهينغن"): the
    municipality and the other words. Searching for those, closest to it first, finds the
    German course in the next town too, and the county-wide ones."""
    found = [w for w in words(text[:MAX_QUERY_CHARS]) if w not in stop_words()]
    if len(found) < 2:
        return None, text
    best = None
    places = Municipality.objects.only("pk", "slug", "name", "local_names", "latitude", "longitude")
    for municipality in places:
        for name in [municipality.name, *(municipality.local_names or {}).values()]:
            candidate = _named(found, [w for w in words(name) if w not in stop_words()])
            if candidate and (best is None or candidate[0] > best[0]):
                best = (*candidate, municipality)
    if best is None:
        return None, text
    _score, start, end, municipality = best
    rest = found[:start] + found[end:]
    return (municipality, " ".join(rest)) if rest else (None, text)


def _named(found: list[str], name: list[str]) -> tuple[float, int, int] | None:
    """Where the query names a place called `name`: (similarity, first word, after last)."""
    best = None
    for start, word in enumerate(found if name else []):
        score = 1.0 if word == name[0] else similarity(word, name[0]) if len(word) >= 5 else 0
        if score >= PLACE_SIMILARITY and (best is None or score > best[0]):
            end = start + 1
            for rest in name[1:]:  # "ehingen donau"
                if end < len(found) and found[end] == rest:
                    end += 1
            best = (score, start, end)
    return best
