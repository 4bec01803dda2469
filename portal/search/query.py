"""Searching: what a query's words become, which documents match, in which order, how many per
filter value, and the entries to show.

Order: relevance first (each word scores by where it is found: title 4, summary 2, elsewhere
1; a title that starts with the first word 2 more), then closeness to the chosen municipality,
then the kind of entry (municipalities, organisations, offers, contacts, events, pages), then
the title. The database finds the matching documents through its indexes, at most
`SEARCH_MAX_MATCHES` of them, and computes each one's sort key with the same SQL on SQLite and
PostgreSQL (`_columns`); the rows are sorted and counted per filter value here, so both
databases show the same results in the same order.
"""

import math
import re
from collections import Counter, defaultdict
from contextlib import nullcontext
from dataclasses import dataclass, field, replace
from types import SimpleNamespace
from typing import NamedTuple

from django.conf import settings
from django.db import connection
from django.db.models import F
from django.utils import timezone, translation

from portal.content.models import Event, Page
from portal.core.prepared import prepared
from portal.core.translations import in_reader_language, reader_columns
from portal.core.urls import slug_url
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
from .models import Facet, Kind, SearchTerm
from .stats import record_unanswered
from .text import MAX_QUERY_CHARS, MAX_WORDS, MIN_WORD, similarity, stop_words, words

PARTIAL_WORDS = 12  # "kurs" also finds up to this many longer words that contain it
COMPLETIONS = 12  # "deutschk" finds up to this many words that start with it
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
    total: int  # at most max_matches()
    by_kind: dict
    facets: dict | None
    page: int
    pages: int
    capped: bool = False  # more entries match than `total`


def read_words(text: str) -> Words:
    """The query's words, each with what it matches in the index: itself, known words that
    start with it ("deutschk" → "deutschkurs") or end with it ("kurs" → "deutschkurs"), or,
    for a word the index does not know, the closest known words ("ehingn" → "ehingen")."""
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


def _by_length(terms) -> list[str]:
    return sorted((t for t in terms if t not in stop_words()), key=lambda t: (len(t), t))


def _expand(word: str, result: Words) -> list[str]:
    """The index's words a query's word stands for. The index is asked for these words
    exactly, never for a prefix: a prefix reads every document of every word that starts
    with it, which grows with the index (measured: `arbeit:*` 12-14 ms against `arbeit`
    3-4 ms at 100,000 offers)."""
    if len(word) < 3:
        return [word]
    containing = backends.current().containing(word, 200) + _shorter_forms(word)
    if containing:
        # Words that start with it, shortest first: "deutschk" finds "deutschkurs".
        completions = _by_length(t for t in containing if t.startswith(word) and t != word)
        # German puts the main word of a compound last: "kurs" finds "deutschkurs" and
        # "sprachkursen", not every word that happens to contain it ("mitarbeiterinnen").
        ending = re.compile(re.escape(word) + INFLECTION)
        longer = _by_length(
            {t for t in containing if not t.startswith(word) and ending.search(t)}
            | {t for t in containing if word.startswith(t) and t != word}  # shorter forms
        )
        return [word, *completions[:COMPLETIONS], *longer[:PARTIAL_WORDS]]
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


# The kinds of entry in the order they are shown in when all else is equal.
KINDS = (Kind.MUNICIPALITY, Kind.ORGANISATION, Kind.OFFER, Kind.CONTACT, Kind.EVENT, Kind.PAGE)


class Row(NamedTuple):
    """A matching document: its sort key first, computed by the database (`_columns`), so
    that rows sort as they are; then what shows and counts it."""

    relevance: int  # where the words are, negated (browsing: 0 in the reader's language)
    distance: float  # to the chosen municipality (0 without one)
    kind_order: int  # the kind's place in KINDS
    sort_title: str
    id: int
    object_id: int
    facets: str | None  # the filters' words, only to count them

    @property
    def kind(self) -> str:
        return KINDS[self.kind_order]


def _columns(query: Query, found: Words, match: backends.Match, facets: bool):
    """The columns of `Row` in SQL, with their parameters (the score's first). The order:
    relevance (where the words are: title 4, summary 2, elsewhere 1 each, and 2 more for a
    title that starts with the first word; browsing, entries in the reader's language first),
    then closeness to the chosen municipality, the kind of entry, the title, the id. The
    database computes the key and Python sorts the rows as plain tuples: a key function called
    for each of a thousand rows took longer than reading them."""
    params = list(match.score_params)
    if found.groups:
        first = found.groups[0][0]
        starts = f"CASE WHEN substr(d.sort_title, 1, {len(first)}) = %s THEN 2 ELSE 0 END"
        relevance = f"-({match.score} + {starts})"
        params.append(first)
    elif query.lang != "de":
        relevance = "CASE WHEN d.languages LIKE %s THEN 0 ELSE 1 END"
        params.append(f"%,{query.lang},%")  # languages are stored as ",ar,de,"
    else:
        relevance = "0"
    distance = "0"
    if place := query.near or query.municipality:
        lat, lon = float(place.latitude), float(place.longitude)
        scale = math.cos(math.radians(lat)) ** 2  # a degree of longitude is shorter
        # Squared, as on a flat map; a document without a place comes after every other.
        point = "COALESCE((d.lat{n} - %s) * (d.lat{n} - %s) + (d.lon{n} - %s) * (d.lon{n} - %s) * %s, %s)"  # noqa: E501
        points = ", ".join(point.format(n=n) for n in (1, 2, 3))
        distance = f"{backends.current().least}({points})"
        params += [lat, lat, lon, lon, scale, FAR] * 3
    kind_order = " ".join(f"WHEN '{kind}' THEN {n}" for n, kind in enumerate(KINDS))
    columns = [
        relevance,
        distance,
        f"CASE d.kind {kind_order} END",
        "d.sort_title, d.id, d.object_id",
        "d.facets" if facets else "NULL",
    ]
    return ", ".join(columns), params


PREFIXES = {
    "topic": Facet.TOPIC,
    "language": Facet.LANGUAGE,
    "target_group": Facet.TARGET_GROUP,
    "municipality": Facet.MUNICIPALITY,
}
FIXED = {"free": Facet.FREE, "county_wide": Facet.COUNTY_WIDE}


def _filter_words(query: Query, without: str = "") -> tuple[list[str], list[str]]:
    """The filters as words of the index: all of the first list, one of the second."""
    all_of, any_of = [], []
    for facet, prefix in PREFIXES.items():
        chosen = getattr(query, facet)
        if chosen and facet != without and facet != "municipality":
            all_of.append(f"{prefix}{chosen.pk}")
    if query.free and without != "free":
        all_of.append(Facet.FREE)
    if query.municipality and without != "municipality":  # offers there and county-wide ones
        any_of = [f"{Facet.MUNICIPALITY}{query.municipality.pk}", Facet.COUNTY_WIDE]
    return all_of, any_of


def _matches(query: Query, found: Words, limit: int, *, without="", facets=True) -> list:
    """Up to `limit` matching documents of the query's kinds (`_kinds`), unordered: what
    the database finds first. Every later step works on these rows only, so a query costs
    about the same with a hundred entries or a hundred thousand. Rows found `without` a
    filter are only counted, not scored (score 0).

    The database may keep its text index in parts (`backends.Postgres.parts`): the first
    part is asked first, the next ones only for as many rows as are still missing. Filters
    alone ask the filters' index, which is whole."""
    match = backends.current().match(query.lang, found.groups, *_filter_words(query, without))
    if without:
        match.score, match.score_params = "0", []
    columns, params = _columns(query, found, match, facets)
    where = [f"({match.where})", "(d.visible_until IS NULL OR d.visible_until >= %s)"]
    params += [*match.params, timezone.now()]
    if kinds := _kinds(query):
        where.append(f"d.kind IN ({', '.join(['%s'] * len(kinds))})")
        params += list(kinds)

    parts = backends.current().parts if found.groups else ("",)
    rows = []
    with connection.cursor() as cursor:
        for part in parts:
            statement = (
                f"SELECT {columns} FROM {match.source} "
                f"WHERE {' AND '.join([*where, part] if part else where)} LIMIT %s"
            )
            cursor.execute(statement, [*params, limit - len(rows)])
            rows += map(Row._make, cursor.fetchall())
            if len(rows) >= limit:
                break
    return rows


def _facet_counts(rows: list[Row], facet: str) -> dict | int:
    """How many of these offers each value of a filter would show (for `free` and
    `county_wide`: how many have it)."""
    if facet in FIXED:
        return sum(FIXED[facet] in row.facets.split() for row in rows)
    prefix, counts = PREFIXES[facet], defaultdict(int)
    for row in rows:
        for word in row.facets.split():
            if word[0] == prefix and word[1:].isdigit():
                counts[int(word[1:])] += 1
    return dict(counts)


FACETS = ("topic", "language", "target_group", "municipality", "free")


def facets(query: Query, found: Words, rows: list[Row], capped: bool) -> dict:
    """How many offers each filter value would show, with the other filters as they are. A
    filter that is not set counts the offers already found; one that is set asks for the
    offers found without it (unless the offers found with it are too many already: without
    it they are more). Counts that would pass `max_matches()` are left out (None)."""
    limit = max_matches()
    offers_only = replace(query, kinds=(Kind.OFFER,))  # also when no filter is left
    result = {}
    for facet in FACETS:
        if getattr(query, facet) and not capped:
            base = _matches(offers_only, found, limit + 1, without=facet)
            too_many = len(base) > limit
        else:
            base, too_many = [r for r in rows if r.kind == Kind.OFFER], capped
        names = ("municipality", "county_wide") if facet == "municipality" else (facet,)
        for name in names:
            result[name] = None if too_many else _facet_counts(base, name)
    return result


class FoundOffer:
    """What a hit shows of an offer, read as values: its address, the title and summary in the
    reader's language falling back to German as the model's fields do (and both languages'
    fields, for the `lang` of text shown in German), and the organisation's name."""

    def __init__(self, row: dict, lang: str):
        self.__dict__.update(row)
        self.title = in_reader_language(row, "title", lang)
        self.summary = in_reader_language(row, "summary", lang)
        self.organisation = SimpleNamespace(name=row["organisation_name"])

    def __str__(self) -> str:
        return self.title

    def __eq__(self, other) -> bool:  # as model objects: the same offer
        return isinstance(other, FoundOffer) and other.pk == self.pk

    def __hash__(self) -> int:
        return hash((FoundOffer, self.pk))

    def get_absolute_url(self) -> str:
        return slug_url("web:offer-detail", self.slug)


def _found_offers(ids) -> list[FoundOffer]:
    """The offers with these ids as hits show them: as values, not model objects with some
    sixty columns (and modeltranslation's work for each)."""
    lang = translation.get_language()
    return [FoundOffer(row, lang) for row in _offer_rows(ids=list(ids))]


@prepared
def _offer_rows(ids):
    return Offer.objects.filter(pk__in=ids).raw_values(
        "pk",
        "slug",
        *reader_columns(["title", "summary"], translation.get_language()),
        organisation_name=F("organisation__name"),
    )


@prepared
def _organisations(ids):
    return Organisation.objects.filter(pk__in=ids).select_related("kind")


@prepared
def _municipalities(ids):
    return Municipality.objects.filter(pk__in=ids)


@prepared
def _events(ids):
    return Event.objects.filter(pk__in=ids).select_related("municipality")


@prepared
def _pages(ids):
    return Page.objects.filter(pk__in=ids)


FETCH = {
    Kind.OFFER: lambda ids: _found_offers(ids),
    Kind.ORGANISATION: lambda ids: _organisations(ids=list(ids)),
    Kind.CONTACT: lambda ids: (
        Contact.objects.filter(pk__in=ids)
        .select_related("organisation")
        .prefetch_related("municipalities")
    ),
    Kind.MUNICIPALITY: lambda ids: _municipalities(ids=list(ids)),
    Kind.EVENT: lambda ids: _events(ids=list(ids)),
    Kind.PAGE: lambda ids: _pages(ids=list(ids)),
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


def max_matches() -> int:
    return settings.SEARCH_MAX_MATCHES


def _kinds(query: Query) -> tuple:
    return (Kind.OFFER,) if query.filtered else tuple(query.kinds)


def search(query: Query, page: int = 1, size: int = 20, with_facets: bool = True) -> Results:
    """One page of results. At most `max_matches()` entries are counted and ordered: a query
    that matches more says so (`capped`) and asks the reader to narrow it down."""
    flush()  # changes of this thread not yet in the index (normally none)
    found = read_words(query.text)
    limit = max_matches()
    rows, counts = [], None  # nothing known in the words: nothing found
    with _matching(found):
        if found.groups or not query.text.strip():
            rows = _matches(query, found, limit + 1, facets=with_facets)
        capped = len(rows) > limit
        if with_facets and (rows or query.filtered):
            counts = facets(query, found, rows, capped)
    rows = sorted(rows)[:limit]  # by their key (`Row`)
    pages = max(1, math.ceil(len(rows) / size))
    page = min(max(page, 1), pages)
    shown = rows[(page - 1) * size : page * size]
    by_kind = {KINDS[n]: count for n, count in Counter(row.kind_order for row in rows).items()}
    if query.text.strip() and (not rows or found.ignored):  # a word found nowhere counts too
        record_unanswered(found, query)
    return Results(
        query=query,
        words=found,
        hits=_objects([(row.kind, row.object_id) for row in shown]),
        total=len(rows),
        by_kind=by_kind,
        facets=counts,
        page=page,
        pages=pages,
        capped=capped,
    )


def offer_ids(query: Query, limit: int = 2000) -> list[int]:
    """The ids of the offers that match, best first (for a list that groups them itself)."""
    flush()
    found = read_words(query.text)
    if query.text.strip() and not found.groups:
        return []
    with _matching(found):
        rows = _matches(replace(query, kinds=(Kind.OFFER,)), found, limit, facets=False)
    return [row.object_id for row in sorted(rows)]


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
