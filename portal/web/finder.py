"""Finding offers: the search page with its filters, and the map."""

from dataclasses import dataclass
from functools import lru_cache
from html import escape

from django.conf import settings
from django.db.models import FloatField, Q
from django.db.models.functions import Cast
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.views.decorators.http import require_safe

from portal.core.prepared import prepared
from portal.core.urls import slug_urls
from portal.directory.models import Contact, Municipality, Offer, Topic
from portal.search import query as search_query
from portal.search.models import Kind
from portal.search.text import MAX_QUERY_CHARS, highlight

from . import cards, tiles
from .forms import SearchForm
from .pagecache import shows

PAGE_SIZE = 20


@dataclass
class Shown:
    """One search result as the page shows it."""

    kind: str
    label: str
    url: str
    title: str  # highlighted, escaped
    summary: str  # highlighted, escaped
    meta: str
    obj: object
    lang_field: str = ""  # the field whose language the title is in (for lang/dir)


@dataclass
class Pages:
    """The page of results, as includes/pagination.html reads a paginator page."""

    number: int
    num_pages: int
    count: int

    @property
    def paginator(self):
        return self

    def has_previous(self) -> bool:
        return self.number > 1

    def has_next(self) -> bool:
        return self.number < self.num_pages

    def previous_page_number(self) -> int:
        return self.number - 1

    def next_page_number(self) -> int:
        return self.number + 1


def _page_number(request) -> int:
    try:
        return max(int(request.GET.get("seite", "1")), 1)
    except ValueError:
        return 1


@lru_cache(maxsize=16)
def _kind_labels(lang: str | None) -> dict:
    """The kinds of hits, named in the reader's language (the catalogues do not change while
    the process runs)."""
    return {value: str(label) for value, label in Kind.choices}


def _shown(hit, terms, offer_url) -> Shown:
    """A hit as the page shows it; `offer_url`: an offer's address from its slug."""
    obj, kind = hit.obj, hit.kind
    labels = _kind_labels(translation.get_language())
    if kind == Kind.OFFER:
        return Shown(
            kind,
            labels[kind],
            offer_url(obj.slug),
            highlight(obj.title, terms),
            highlight(obj.summary, terms),
            obj.organisation.name,
            obj,
            "title",
        )
    if kind == Kind.ORGANISATION:
        return Shown(
            kind,
            str(obj.kind.name),
            obj.get_absolute_url(),
            highlight(obj.name, terms),
            highlight(obj.description[:300], terms),
            obj.city,
            obj,
        )
    if kind == Kind.MUNICIPALITY:
        local = obj.local_name(translation.get_language())
        name = f"{obj.name} · {local}" if local else obj.name
        return Shown(
            kind,
            labels[kind],
            obj.get_absolute_url(),
            highlight(name, terms),
            "",
            obj.postcode,
            obj,
        )
    if kind == Kind.EVENT:
        return Shown(
            kind,
            labels[kind],
            obj.get_absolute_url(),
            highlight(obj.title, terms),
            highlight(obj.description[:300], terms),
            "",
            obj,
            "title",
        )
    if kind == Kind.PAGE:
        return Shown(
            kind,
            labels[kind],
            obj.get_absolute_url(),
            highlight(obj.title, terms),
            highlight(obj.summary, terms),
            "",
            obj,
            "title",
        )
    # A contact: its card, with the organisation it belongs to.
    return Shown(
        kind,
        labels[kind],
        obj.organisation.get_absolute_url(),
        highlight(obj.name, terms),
        highlight(obj.role, terms),
        obj.organisation.name,
        obj,
    )


def _filter_choices(form, results) -> list[dict]:
    """The filters with how many offers each value would show."""
    facets = (results.facets if results else None) or {}
    chosen = form.cleaned_data if hasattr(form, "cleaned_data") else {}

    def count(facet, pk):
        """None when there are no counts, or too many offers to count (Results.capped)."""
        values = facets.get(facet)
        if values is None:
            return None
        if facet == "municipality":
            return values.get(pk, 0) + (facets.get("county_wide") or 0)
        return values.get(pk, 0)

    filters = []
    for name, facet in (
        ("thema", "topic"),
        ("gemeinde", "municipality"),
        ("sprache", "language"),
        ("zielgruppe", "target_group"),
    ):
        field = form.fields[name]
        selected = chosen.get(name)
        options = []
        # as `reference` keeps them, the labels (and both escaped) once per language
        kept = zip(field.objects(), field.options_html(), strict=True)
        for obj, (value, value_html, label_html) in kept:
            options.append(
                {
                    "value": value,
                    "html": (value_html, label_html),
                    "count": count(facet, obj.pk),
                    "selected": selected is not None and obj.pk == selected.pk,
                }
            )
        filters.append(
            {"name": name, "label": field.label, "empty": field.empty_label, "options": options}
        )
    return filters


@require_safe
def search(request):
    form = SearchForm(request.GET)
    data = form.valid_data()
    lang = translation.get_language()
    text = data.get("q", "")
    results = place = None
    if "q" not in form.errors:
        query = search_query.Query(
            text=text,
            lang=lang,
            topic=data.get("thema"),
            municipality=data.get("gemeinde"),
            language=data.get("sprache"),
            target_group=data.get("zielgruppe"),
            free=bool(data.get("kostenlos")),
            near=data.get("bei"),
        )
        if query.near is None and query.municipality is None:
            place, rest = search_query.place_in(text)
            if place is not None:
                query = search_query.Query(**{**query.__dict__, "text": rest, "near": place})
        results = search_query.search(query, page=_page_number(request), size=PAGE_SIZE)
    if results and results.total and not results.words.ignored:
        # Cached: "search" changes with any entry search finds. A search that found nothing,
        # or not every word, is counted (stats) each time, so its page is not kept.
        shows(request, "search", "vocabulary", "municipalities")
    offer_url = slug_urls("web:offer-detail")
    terms = results.words.terms if results else []
    shown = [_shown(hit, terms, offer_url) for hit in results.hits] if results else []
    context = {
        "form": form,
        "results": results,
        "shown": shown,
        "place": place,
        "pages": Pages(results.page, results.pages, results.total) if results else None,
        "filters": _filter_choices(form, results),
        "free_count": (results.facets or {}).get("free") if results else None,
        "too_long": len(text) > MAX_QUERY_CHARS or (results and results.words.shortened),
        "topics": Topic.objects.all() if results is not None and not results.total else [],
        "helpers": _helpers(results, data) if results is not None and not results.total else [],
    }
    return render(request, "web/search.html", context, status=400 if form.errors else 200)


def _helpers(results, data) -> list:
    """Whom to ask when the search found nothing: the integration managers of the chosen
    municipality, otherwise the county office's integration contacts."""
    place = results.query.near or results.query.municipality
    contacts = Contact.objects.active().select_related("organisation")
    if place is not None:
        local = contacts.filter(municipalities=place, kind=Contact.Kind.INTEGRATION_MANAGER)
        if local.exists():
            return list(local[:3])
    return list(
        contacts.filter(Q(organisation__kind__is_county_office=True))
        .exclude(kind=Contact.Kind.VOLUNTEER_COORDINATION)
        .order_by("order", "name")[:3]
    )


def _offers_for_map(form, data) -> list | None:
    """The ids of the offers the map shows, those the search form selects; None: all
    published ones (without a query or filter)."""
    query = search_query.Query(
        text=data.get("q", ""),
        lang=translation.get_language(),
        topic=data.get("thema"),
        municipality=data.get("gemeinde"),
        language=data.get("sprache"),
        target_group=data.get("zielgruppe"),
        free=bool(data.get("kostenlos")),
    )
    if "q" in form.errors:
        return []
    if query.text.strip() or query.filtered:
        return search_query.offer_ids(query)
    return None


PLACE_FIELDS = {
    "offer_id": "offer_id",
    "slug": "offer__slug",
    "title": "offer__title_{lang}",
    "title_source": "offer__title_{source}",
    "location_id": "location_id",
    "name": "location__name",
    "street": "location__street",
    "postcode": "location__postcode",
    "city": "location__city",
    "lat": "lat",
    "lon": "lon",
    "municipality": "location__municipality__name",
}


def _place_rows(**offers):
    """The offer-location links of the offers these lookups (on the links) select, at
    active locations with coordinates, as `PLACE_FIELDS` names them, by municipality, place
    and German title."""
    lang, source = translation.get_language(), settings.LANGUAGE_CODE
    fields = [field.format(lang=lang, source=source) for field in PLACE_FIELDS.values()]
    return (
        Offer.locations.through.objects.filter(
            **offers,
            location__archived_at__isnull=True,
            location__latitude__isnull=False,
        )
        .order_by(
            "location__municipality__name",
            "location__name",
            "location_id",
            f"offer__title_{source}",
            "offer_id",
        )
        # as floats: 700 decimals converted and converted back cost a millisecond
        .annotate(
            lat=Cast("location__latitude", FloatField()),
            lon=Cast("location__longitude", FloatField()),
        )
        .values_list(*fields)
    )


@prepared
def _published_places():
    # a join, not `offer__in=published()`: SQLite then reads the 300 links, not every offer
    return _place_rows(offer__status=Offer.Status.PUBLISHED)


@prepared
def _places_of(pks):
    return _place_rows(offer_id__in=pks)


def _places(pks: list | None) -> list:
    """The active locations with coordinates of these offers (None: of every published one),
    grouped by municipality (or city, without one) in alphabetical order, each with its
    offers by German title: one query over the offers' location links, as values (a map of
    1,000 offers has some 700 offer-location pairs)."""
    lang, source = translation.get_language(), settings.LANGUAGE_CODE
    rows = _published_places() if pks is None else _places_of(pks=pks)
    offer_href = slug_urls("web:offer-detail", escaped=True)
    in_german = f'lang="{source}" dir="ltr"' if lang != source else ""
    locations = {}
    for row in rows:
        _offer, slug, title, title_source, location, name, street, postcode, city = row[:9]
        place = locations.get(location)
        if place is None:
            place = locations[location] = {
                "lat": round(row[9], 6),  # as the fields' six decimal places
                "lon": round(row[10], 6),
                "name": name,
                "street": street,
                "postcode": postcode,
                "city": city,
                "municipality": row[11] or city,
                "items": [],  # the offers as the list shows them
            }
        shown_lang = in_german if not title and title_source else ""
        place["items"].append(
            f'<li><a class="kern-link" href="{offer_href(slug)}" {shown_lang}>'
            f"{escape(title or title_source)}</a></li>"
        )
    groups = {}
    for place in locations.values():
        groups.setdefault(place["municipality"], []).append(place)
    return sorted(groups.items(), key=lambda item: item[0])


@require_safe
def offer_map(request):
    """Where the offers are: a map for those who can use it, and the same places as a list,
    by municipality, for everybody (the list is the accessible equivalent of the map)."""
    shows(request, "offers", "locations", "municipalities", "vocabulary")
    form = SearchForm(request.GET)
    data = form.valid_data()
    groups = _places(_offers_for_map(form, data))
    context = {
        "form": form,
        "filters": _filter_choices(form, None),
        "place_list": cards.place_list(groups),
        "count": sum(len(place["items"]) for _town, places in groups for place in places),
        "tile_url": reverse("map-tile", args=[0, 0, 0]).replace("/0/0/0.png", "/{z}/{x}/{y}.png"),
        "attribution": settings.MAP_TILE_ATTRIBUTION,
        "min_zoom": settings.MAP_MIN_ZOOM,
        "max_zoom": settings.MAP_MAX_ZOOM,
    }
    return render(request, "web/map.html", context, status=400 if form.errors else 200)


@require_safe
def municipality_boundaries(request):
    """The municipalities' boundaries as GeoJSON, for the map (from the county profile)."""
    features = [
        {
            "type": "Feature",
            "properties": {"name": m.name, "url": m.get_absolute_url()},
            "geometry": m.boundary,
        }
        for m in Municipality.objects.exclude(boundary=None).only("slug", "name", "boundary")
    ]
    response = JsonResponse({"type": "FeatureCollection", "features": features})
    response["Cache-Control"] = "public, max-age=86400"
    return response


@require_safe
def map_tile(request, z: int, x: int, y: int):
    """A map tile of the county's area, fetched from MAP_TILE_URL and cached on disk: readers'
    browsers only ever talk to the portal."""
    if not tiles.in_area(z, x, y):
        raise Http404
    data = tiles.tile(z, x, y)
    if data is None:
        return HttpResponse(status=504)
    response = HttpResponse(data, content_type="image/png")
    response["Cache-Control"] = "public, max-age=86400"
    return response
