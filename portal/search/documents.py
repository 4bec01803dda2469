"""Keeping the search index in step with the public entries.

Every public entry has one `SearchDocument`: published offers, organisations, active contacts,
municipalities, published events until they end, published pages. Saving an entry updates its
document in the same transaction (signals call `reindex`); loaders wrap their work in
`deferred()`, which updates each touched document once at the end.
"""

import threading
from collections import defaultdict
from collections.abc import Iterable
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import translation

from portal.content.models import Event, Page
from portal.directory.models import Contact, Municipality, Offer, Organisation

from . import backends
from .models import LANGUAGES, TEXT_COLUMNS, Facet, Kind, SearchDocument, SearchTerm
from .text import as_indexed, fold

BATCH = 1000
MIN_TERM, MAX_TERM = 3, 60


@dataclass
class Text:
    """The words of one document per language and weight (a: title, b: summary, c: the rest)."""

    parts: dict = field(default_factory=lambda: defaultdict(list))

    def add(self, lang: str, weight: str, *values) -> None:
        self.parts[f"{lang}_{weight}"].extend(str(v) for v in values if v)

    def add_translated(self, obj, name: str, weight: str) -> None:
        for lang in LANGUAGES:
            self.add(lang, weight, getattr(obj, f"{name}_{lang}", ""))

    def columns(self) -> dict:
        return {column: as_indexed(" ".join(self.parts.get(column, []))) for column in TEXT_COLUMNS}


def _languages_with_content(obj, name: str) -> set[str]:
    return {lang for lang in LANGUAGES if getattr(obj, f"{name}_{lang}", "")}


def _points(places) -> dict:
    points = {}
    coordinates = [(p.latitude, p.longitude) for p in places if p.latitude is not None]
    for n, (lat, lon) in enumerate(coordinates[:3], start=1):
        points[f"lat{n}"], points[f"lon{n}"] = float(lat), float(lon)
    return points


def _labels(value_by_lang) -> dict:
    """A translatable label (a choice, a gettext string) in every language."""
    result = {}
    for lang in LANGUAGES:
        with translation.override(lang):
            result[lang] = str(value_by_lang)
    return result


def _add_names(text: Text, weight: str, municipalities) -> None:
    for municipality in municipalities:
        text.add("de", weight, municipality.name)
        for lang, name in (municipality.local_names or {}).items():
            if lang in LANGUAGES:
                text.add(lang, weight, name)


# What each kind of entry contributes. Each builder gets objects read by its `fetch` and
# returns the document's values, or None for an entry that is not public.


def _offer(offer: Offer) -> dict | None:
    if offer.status != Offer.Status.PUBLISHED:
        return None
    text = Text()
    text.add_translated(offer, "title", "a")
    text.add_translated(offer, "summary", "b")
    for name in ("description", "registration", "schedule", "cost_note"):
        text.add_translated(offer, name, "c")
    text.add("de", "c", offer.organisation.name)
    for item in [*offer.topics.all(), *offer.target_groups.all()]:
        text.add_translated(item, "name", "b")
    for language in offer.languages.all():
        text.add("de", "c", language.name_german, language.name_native)
    _add_names(text, "c", offer.municipalities.all())
    locations = [x for x in offer.locations.all() if x.archived_at is None]
    text.add("de", "c", *[f"{x.name} {x.city}" for x in locations])
    delivered = {language.code for language in offer.languages.all()}
    places = locations or list(offer.municipalities.all())
    return {
        "sort_title": offer.title_de,
        "languages": _languages_with_content(offer, "title") | delivered,
        "facets": _facets(offer),
        **_points(places),
        **text.columns(),
    }


def _facets(offer: Offer) -> str:
    """What the filters select the offer by, as words: its topics, languages, target groups,
    municipalities (or county-wide), free of charge."""
    words = [f"{Facet.TOPIC}{x.pk}" for x in offer.topics.all()]
    words += [f"{Facet.LANGUAGE}{x.pk}" for x in offer.languages.all()]
    words += [f"{Facet.TARGET_GROUP}{x.pk}" for x in offer.target_groups.all()]
    if offer.is_county_wide:  # shown in every municipality, counted once
        words.append(Facet.COUNTY_WIDE)
    else:
        words += [f"{Facet.MUNICIPALITY}{x.pk}" for x in offer.municipalities.all()]
    if offer.cost == Offer.Cost.FREE:
        words.append(Facet.FREE)
    return " ".join(sorted(set(words)))


def _organisation(organisation: Organisation) -> dict:
    text = Text()
    text.add("de", "a", organisation.name)
    text.add_translated(organisation.kind, "name", "b")
    text.add_translated(organisation, "description", "c")
    text.add("de", "c", organisation.city)
    served = list(organisation.municipalities_served.all())
    own = [organisation.municipality] if organisation.municipality else []
    _add_names(text, "c", own + served)
    return {
        "sort_title": organisation.name,
        "languages": _languages_with_content(organisation, "description") | {"de"},
        **_points(own + served),
        **text.columns(),
    }


def _contact(contact: Contact) -> dict | None:
    if contact.archived_at is not None:
        return None
    text = Text()
    text.add("de", "a", contact.name)
    text.add_translated(contact, "role", "b")
    for lang, label in _labels(contact.get_kind_display()).items():
        text.add(lang, "b", label)
    text.add("de", "b", contact.organisation.name)
    text.add_translated(contact, "office_hours", "c")
    municipalities = list(contact.municipalities.all())
    _add_names(text, "c", municipalities)
    return {
        "sort_title": contact.name,
        "languages": _languages_with_content(contact, "role") | {"de"},
        **_points(municipalities),
        **text.columns(),
    }


def _municipality(municipality: Municipality) -> dict:
    text = Text()
    text.add("de", "a", municipality.name, municipality.official_name)
    for lang, name in (municipality.local_names or {}).items():
        if lang in LANGUAGES:
            text.add(lang, "a", name)
    text.add("de", "b", municipality.administrative_unit.name, municipality.postcode)
    text.add_translated(municipality, "note", "c")
    return {
        "sort_title": municipality.name,
        "languages": {"de", *(municipality.local_names or {})},
        **_points([municipality]),
        **text.columns(),
    }


def _event(event: Event) -> dict | None:
    if not event.is_published:
        return None
    text = Text()
    text.add_translated(event, "title", "a")
    for lang, label in _labels(event.get_kind_display()).items():
        text.add(lang, "b", label)
    text.add_translated(event, "description", "c")
    text.add("de", "c", event.place_text)
    if event.organisation:
        text.add("de", "c", event.organisation.name)
    places = [p for p in (event.location, event.municipality) if p is not None]
    if event.location:
        text.add("de", "c", event.location.name, event.location.city)
    if event.municipality:
        _add_names(text, "c", [event.municipality])
    return {
        "sort_title": event.title_de,
        "languages": _languages_with_content(event, "title"),
        "visible_until": event.ends_at,
        **_points(places),
        **text.columns(),
    }


def _page(page: Page) -> dict | None:
    if not page.is_published:
        return None
    text = Text()
    text.add_translated(page, "title", "a")
    text.add_translated(page, "summary", "b")
    text.add_translated(page, "body", "c")
    return {
        "sort_title": page.title_de,
        "languages": _languages_with_content(page, "title"),
        **text.columns(),
    }


def _fetch_offers(ids):
    return (
        Offer.objects.filter(pk__in=ids)
        .select_related("organisation")
        .prefetch_related("topics", "target_groups", "languages", "municipalities", "locations")
    )


def _fetch_organisations(ids):
    return Organisation.objects.filter(pk__in=ids).select_related("kind", "municipality")


BUILDERS = {
    Kind.OFFER: (_fetch_offers, _offer),
    Kind.ORGANISATION: (
        lambda ids: _fetch_organisations(ids).prefetch_related("municipalities_served"),
        _organisation,
    ),
    Kind.CONTACT: (
        lambda ids: (
            Contact.objects.filter(pk__in=ids)
            .select_related("organisation")
            .prefetch_related("municipalities")
        ),
        _contact,
    ),
    Kind.MUNICIPALITY: (
        lambda ids: Municipality.objects.filter(pk__in=ids).select_related("administrative_unit"),
        _municipality,
    ),
    Kind.EVENT: (
        lambda ids: Event.objects.filter(pk__in=ids).select_related(
            "organisation", "location", "municipality"
        ),
        _event,
    ),
    Kind.PAGE: (lambda ids: Page.objects.filter(pk__in=ids), _page),
}
MODELS = {
    Kind.OFFER: Offer,
    Kind.ORGANISATION: Organisation,
    Kind.CONTACT: Contact,
    Kind.MUNICIPALITY: Municipality,
    Kind.EVENT: Event,
    Kind.PAGE: Page,
}


def _document(kind: str, obj, values: dict) -> SearchDocument:
    languages = values.pop("languages")
    values["sort_title"] = fold(values["sort_title"])[:200]
    return SearchDocument(
        kind=kind, object_id=obj.pk, languages="," + ",".join(sorted(languages)) + ",", **values
    )


def reindex(keys: Iterable[tuple[str, int]]) -> int:
    """Bring the documents of these (kind, pk) entries up to date: written if the entry is
    public, removed otherwise. Returns the number of documents written."""
    by_kind = defaultdict(set)
    for kind, pk in keys:
        by_kind[kind].add(pk)
    written = 0
    with transaction.atomic():
        for kind, pks in by_kind.items():
            for start in range(0, len(pks), BATCH):
                written += _reindex_batch(kind, sorted(pks)[start : start + BATCH])
    return written


def _reindex_batch(kind: str, pks: list[int]) -> int:
    fetch, build = BUILDERS[kind]
    documents = []
    for obj in fetch(pks):
        values = build(obj)
        if values is not None:
            documents.append(_document(kind, obj, values))
    old = SearchDocument.objects.filter(kind=kind, object_id__in=pks)
    backends.current().forget(list(old.values_list("pk", flat=True)))
    old.delete()
    SearchDocument.objects.bulk_create(documents)
    backends.current().remember(documents)
    _learn_words(documents)
    return len(documents)


def rebuild() -> int:
    """Every document anew (after a profile load, or by `manage.py rebuild_search_index`)."""
    _pending().clear()  # everything is written anew
    with transaction.atomic():
        backends.current().clear()
        SearchDocument.objects.all().delete()
        SearchTerm.objects.all().delete()
        keys = [
            (kind, pk)
            for kind, model in MODELS.items()
            for pk in model.objects.values_list("pk", flat=True)
        ]
        written = reindex(keys)
    backends.current().analyze()
    return written


def _learn_words(documents: list[SearchDocument]) -> None:
    """Add the documents' words to the vocabulary (words no longer used stay until a rebuild;
    they only cost a lookup)."""
    seen = set()
    for document in documents:
        for column in TEXT_COLUMNS:
            seen.update(
                w for w in getattr(document, column).split() if MIN_TERM <= len(w) <= MAX_TERM
            )
    seen = {w for w in seen if not w.isdigit()}
    if not seen:
        return
    listed = sorted(seen)
    if not backends.current().indexes_terms:  # the database indexes new rows itself
        SearchTerm.objects.bulk_create(
            [SearchTerm(term=w) for w in listed], batch_size=BATCH, ignore_conflicts=True
        )
        return
    # SQLite: the new ones also go into the trigram table, so first see which are new.
    known = set()
    for start in range(0, len(listed), BATCH):
        chunk = listed[start : start + BATCH]
        known.update(SearchTerm.objects.filter(term__in=chunk).values_list("term", flat=True))
    new = [SearchTerm(term=w) for w in listed if w not in known]
    SearchTerm.objects.bulk_create(new, batch_size=BATCH, ignore_conflicts=True)
    if new:
        created = SearchTerm.objects.filter(term__in=[t.term for t in new])
        backends.current().remember_terms(list(created.values_list("pk", "term")))


# Which documents a change touches, and deferring that work to the end of a bulk load.

_state = threading.local()


LOCATION, TOPIC = "location", "topic"  # not documents themselves, but shown in others


def expand(keys: set[tuple[str, int]]) -> set[tuple[str, int]]:
    """The documents that changed entries touch: their own, and those that show something of
    them (an organisation's name in its offers and contacts, a location in offers and events,
    a topic's name in its offers)."""
    by_kind = defaultdict(set)
    for kind, pk in keys:
        by_kind[kind].add(pk)
    result = {(kind, pk) for kind, pk in keys if kind in BUILDERS}
    related = [
        (Kind.OFFER, Offer.objects.filter(organisation_id__in=by_kind[Kind.ORGANISATION])),
        (Kind.CONTACT, Contact.objects.filter(organisation_id__in=by_kind[Kind.ORGANISATION])),
        (Kind.EVENT, Event.objects.filter(organisation_id__in=by_kind[Kind.ORGANISATION])),
        (Kind.OFFER, Offer.objects.filter(locations__in=by_kind[LOCATION])),
        (Kind.EVENT, Event.objects.filter(location_id__in=by_kind[LOCATION])),
        (Kind.OFFER, Offer.objects.filter(topics__in=by_kind[TOPIC])),
    ]
    for kind, queryset in related:
        if queryset.query.where and not _empty_filter(queryset):
            result |= {(kind, pk) for pk in queryset.values_list("pk", flat=True).distinct()}
    return result


def _empty_filter(queryset) -> bool:
    """True for a filter on an empty set (no query needed)."""
    return any(
        isinstance(child.rhs, (set, list, tuple)) and not child.rhs
        for child in queryset.query.where.children
        if hasattr(child, "rhs")
    )


def changed(kind: str, pk: int) -> None:
    """Entry (kind, pk) or something other documents show of it changed. Its documents are
    updated once the transaction commits (a save with several relations updates them once),
    at the end of a `deferred()` block, or at the latest before the next search."""
    _pending().add((kind, pk))
    if not getattr(_state, "deferring", False):
        transaction.on_commit(flush, robust=True)


def _pending() -> set:
    if not hasattr(_state, "pending"):
        _state.pending = set()
    return _state.pending


def flush() -> None:
    """Update the documents of every change noted so far in this thread."""
    pending = _pending()
    if pending:
        keys = set(pending)
        pending.clear()
        reindex(expand(keys))


@contextmanager
def deferred():
    """For bulk loads: update each touched document once, at the end."""
    if getattr(_state, "deferring", False):
        yield  # already inside one
        return
    _state.deferring = True
    try:
        yield
    finally:
        _state.deferring = False
    flush()
