"""The read-only HSDS 3.0 API: published data only, in the language asked for (German where
an entry has no translation), paged JSON or all results as NDJSON. Every answer carries an
ETag and Last-Modified (a repeated request gets 304), may be cached for five minutes and
read from any origin (CORS)."""

import hashlib
import json
import math
import uuid
from functools import wraps

from django.core.cache import cache
from django.db.models import Exists, Max, OuterRef, Prefetch, Q
from django.http import Http404, HttpResponse, JsonResponse, StreamingHttpResponse
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.http import http_date, parse_http_date_safe
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_safe

from portal.content.models import Event
from portal.county.models import County
from portal.directory.models import (
    Contact,
    Location,
    Municipality,
    Offer,
    Organisation,
    TargetGroup,
    Topic,
)
from portal.search.query import Query, offer_ids

from . import hsds, ids, params
from .models import DirectoryChange
from .params import BadParameter

HSDS_VERSION = "3.0"
CACHE_SECONDS = 300
EARTH_RADIUS_M = 6_371_000
NDJSON_CHUNK = 200
ENCODED_SECONDS = 600


def _last_modified():
    """The directory's last change: the recorded change time, or a newer `updated_at` (an
    entry written without signals, e.g. by a bulk load)."""
    stamps = [
        model.objects.aggregate(m=Max("updated_at"))["m"]
        for model in (Offer, Organisation, Location, Contact, Topic, Event)
    ]
    stamps.append(DirectoryChange.objects.filter(pk=1).values_list("changed_at", flat=True).first())
    stamps = [s for s in stamps if s]
    return max(stamps) if stamps else None


def _json(data, status=200) -> HttpResponse:
    return JsonResponse(data, status=status, json_dumps_params={"ensure_ascii": False})


def api(view=None, *, data=True, dated=True):
    """GET and HEAD (and the CORS preflight) only; language, CORS, caching headers,
    validators and 304; 400 and 404 as JSON with a message. `data`: the answer shows the
    directory; `dated`: it changes only when the directory does (Last-Modified; a calendar
    also changes as time passes, so it has an ETag only)."""
    if view is None:
        return lambda view: api(view, data=data, dated=dated)

    @csrf_exempt  # read-only, no cookies: any other method gets 405, not the CSRF 403
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method == "OPTIONS":
            return _preflight()
        return _answer(request, lambda: view(request, *args, **kwargs), data, dated)

    return wrapper


def _preflight() -> HttpResponse:
    response = HttpResponse(status=204)
    response["Access-Control-Allow-Origin"] = "*"
    response["Access-Control-Allow-Methods"] = "GET, HEAD"
    response["Access-Control-Allow-Headers"] = CORS_REQUEST_HEADERS
    response["Access-Control-Max-Age"] = "86400"
    return response


@require_safe
def _answer(request, run, data, dated):
    stamp = _last_modified() if data else None
    request.directory_version = stamp.isoformat() if stamp else ""
    if data:
        hsds.COUNTY.set(County.objects.current().name)
    try:
        lang = params.language(request)
        with translation.override(lang):
            response = run()
    except BadParameter as error:
        response = _json({"error": "bad_parameter", "message": str(error)}, status=400)
    except Http404:
        response = _json({"error": "not_found", "message": "No such published entry."}, 404)
    response["Access-Control-Allow-Origin"] = "*"
    response["Access-Control-Expose-Headers"] = CORS_EXPOSED_HEADERS
    patch_vary_headers(response, ["Accept-Language"])
    if response.status_code != 200:
        response["Cache-Control"] = "no-cache"
        return response
    response["Content-Language"] = lang
    return _validated(request, response, stamp if dated else None)


CORS_REQUEST_HEADERS = "Accept-Language, If-None-Match, If-Modified-Since"
CORS_EXPOSED_HEADERS = "ETag, Last-Modified, Content-Language"


KEPT_ON_304 = ("ETag", "Last-Modified", "Cache-Control", "Vary", "Content-Language",
               "Access-Control-Allow-Origin", "Access-Control-Expose-Headers")  # fmt: skip


def _validated(request, response, modified) -> HttpResponse:
    """Cache-Control, Last-Modified and ETag; 304 when the client has this answer."""
    response["Cache-Control"] = f"public, max-age={CACHE_SECONDS}"
    if modified:
        response["Last-Modified"] = http_date(modified.timestamp())
    if response.streaming:
        return response
    response["ETag"] = '"' + hashlib.sha256(response.content).hexdigest()[:32] + '"'
    if not _not_modified(request, response, modified):
        return response
    not_modified = HttpResponse(status=304)
    for header in KEPT_ON_304:
        if header in response:
            not_modified[header] = response[header]
    return not_modified


def _not_modified(request, response, modified) -> bool:
    etags = request.headers.get("If-None-Match")
    if etags is not None:
        return response["ETag"] in [e.strip() for e in etags.split(",")] or etags.strip() == "*"
    since = request.headers.get("If-Modified-Since")
    if since and modified:
        stamp = parse_http_date_safe(since)
        return stamp is not None and int(modified.timestamp()) <= stamp
    return False


def _by_id(queryset, raw: str):
    try:
        return queryset.get(uuid=uuid.UUID(raw))
    except (ValueError, queryset.model.DoesNotExist):
        raise Http404 from None


class Encoded(str):
    """An object already encoded as JSON."""


def _encode(item) -> str:
    return item if isinstance(item, Encoded) else json.dumps(item, ensure_ascii=False)


def _page(request, rows, render) -> HttpResponse:
    """Paged as HSDS does (`total_items`, `page_number`, … `contents`), or all as NDJSON.
    `render` turns a list of entries into a list of objects (so that it can fetch what a
    whole page needs at once); an object may come already encoded."""
    page = params.integer(request, "page", 1, 1, 1_000_000)
    per_page = params.integer(request, "per_page", params.DEFAULT_PER_PAGE, 1, params.MAX_PER_PAGE)
    if params.output_format(request) == "ndjson":  # everything: page and per_page do not count
        items = render(list(rows))  # all at once: the same queries for any number

        def lines():
            for start in range(0, len(items), NDJSON_CHUNK):
                yield "".join(_encode(item) + "\n" for item in items[start : start + NDJSON_CHUNK])

        return StreamingHttpResponse(lines(), content_type="application/x-ndjson; charset=utf-8")
    total = len(rows) if isinstance(rows, list) else rows.count()
    pages = max(1, math.ceil(total / per_page))
    chunk = list(rows[(page - 1) * per_page : page * per_page])
    head = {
        "total_items": total,
        "total_pages": pages,
        "page_number": page,
        "size": len(chunk),
        "first_page": page == 1,
        "last_page": page >= pages,
        "empty": total == 0,
    }
    contents = ", ".join(_encode(item) for item in render(chunk))
    body = json.dumps(head, ensure_ascii=False)[:-1] + f', "contents": [{contents}]}}'
    return HttpResponse(body, content_type="application/json")


def _each(render_one):
    return lambda items: [render_one(item) for item in items]


# Services


QUIET = "translation_sources"  # nothing here reads it: not loaded


def _public_places():
    return (
        Location.objects.active()
        .select_related("organisation")
        .defer(QUIET, f"organisation__{QUIET}")
        .order_by("name", "pk")
    )


def _public_contacts():
    return (
        Contact.objects.active()
        .select_related("organisation")
        .defer(QUIET, f"organisation__{QUIET}")
        .order_by("order", "pk")
    )


def _services():
    """Published offers with everything a full service shows, in a fixed number of queries.
    Lists instead of managers (`.all()` on a prefetched manager still builds a queryset, a
    third of the time of a full list) and no translation records (nothing here reads them)."""
    return (
        Offer.objects.published()
        .select_related("organisation__kind")
        .defer(QUIET, f"organisation__{QUIET}", f"organisation__kind__{QUIET}")
        .prefetch_related(
            Prefetch("topics", Topic.objects.defer(QUIET), to_attr="topic_list"),
            Prefetch("target_groups", TargetGroup.objects.defer(QUIET), to_attr="group_list"),
            Prefetch("languages", to_attr="language_list"),
            Prefetch(
                "municipalities",
                Municipality.objects.defer(QUIET, "boundary"),
                to_attr="municipality_list",
            ),
            Prefetch("locations", _public_places(), to_attr="public_locations"),
            Prefetch("contacts", _public_contacts(), to_attr="public_contacts"),
        )
    )


def _filtered_services(request, lang: str, offers=None):
    offers = _services() if offers is None else offers
    term = params.identifier(request, "taxonomy_term_id")
    if term:
        groups = [g.pk for g in TargetGroup.objects.all() if ids.target_group(g.slug) == str(term)]
        offers = offers.filter(Q(topics__uuid=term) | Q(target_groups__in=groups))
    taxonomy = params.identifier(request, "taxonomy_id")
    if taxonomy:
        if str(taxonomy) == ids.TOPICS:
            offers = offers.filter(topics__isnull=False)
        elif str(taxonomy) == ids.TARGET_GROUPS:
            offers = offers.filter(target_groups__isnull=False)
        else:
            offers = offers.none()
    organisation = params.identifier(request, "organization_id")
    if organisation:
        offers = offers.filter(organisation__uuid=organisation)
    since = params.moment(request, "modified_after")
    if since:
        offers = offers.filter(updated_at__gte=since)
    search = params.text(request, "search")
    offers = offers.distinct()
    if search:
        ranked = offer_ids(Query(text=search, lang=lang))
        order = {pk: n for n, pk in enumerate(ranked)}
        return sorted(offers.filter(pk__in=ranked), key=lambda o: order[o.pk])
    # By the German title in every language: the same order (and pages) on every database,
    # whichever entries have a translation.
    return offers.order_by("title_de", "pk")


@api(data=False)
def root(request):
    return _json(
        {
            "version": HSDS_VERSION,
            "profile": "https://specs.openreferral.org/hsds/3.0",
            "openapi_url": request.build_absolute_uri("/api/hsds/openapi.json"),
        }
    )


@api
def services(request):
    lang = translation.get_language()
    full = params.boolean(request, "full")
    minimal = params.boolean(request, "minimal")
    rows = _filtered_services(request, lang, Offer.objects.published())
    ids = (
        [o.pk for o in rows] if isinstance(rows, list) else list(rows.values_list("pk", flat=True))
    )

    def render(chunk):
        if minimal:
            found = {
                o["pk"]: o
                for o in Offer.objects.filter(pk__in=chunk).values("pk", "uuid", "updated_at")
            }
            return [
                {"id": str(found[pk]["uuid"]), "last_modified": found[pk]["updated_at"].isoformat()}
                for pk in chunk
            ]
        return _encoded_services(chunk, full, lang, request.directory_version)

    return _page(request, ids, render)


def _encoded_services(ids: list[int], full: bool, lang: str, version: str) -> list:
    """The services as JSON, each encoded once per language and state of the directory and
    then taken from the cache (a full list of 1,000 offers is built from the cache instead of
    from 10,000 database rows)."""
    keys = {pk: f"hsds:{version}:{lang}:{int(full)}:{pk}" for pk in ids}
    found = cache.get_many(list(keys.values()))
    missing = [pk for pk, key in keys.items() if key not in found]
    if missing:
        fresh = {}
        for offer in _services().filter(pk__in=missing):
            fresh[keys[offer.pk]] = json.dumps(hsds.service(offer, full=full), ensure_ascii=False)
        cache.set_many(fresh, timeout=ENCODED_SECONDS)
        found |= fresh
    return [Encoded(found[keys[pk]]) for pk in ids if keys[pk] in found]


@api
def service(request, pk):
    return _json(hsds.service(_by_id(_services(), pk), full=True))


# Organisations


def _organisations():
    # An organisation's places as the portal shows them: those of its published offers.
    shown = Offer.objects.published().filter(locations=OuterRef("pk"))
    return Organisation.objects.select_related("kind").prefetch_related(
        Prefetch("locations", _public_places().filter(Exists(shown)), to_attr="public_locations"),
        Prefetch("contacts", _public_contacts(), to_attr="public_contacts"),
    )


def _services_of(organisations: list, full: bool) -> dict:
    by_org = {org.pk: [] for org in organisations}
    offers = _services().filter(organisation__in=list(by_org)).order_by("title_de", "pk")
    for offer in offers:
        by_org[offer.organisation_id].append(hsds.service(offer, full=full))
    return by_org


@api
def organizations(request):
    full = params.boolean(request, "full")
    full_service = params.boolean(request, "full_service")
    rows = _organisations().order_by("name", "pk")
    search = params.text(request, "search")
    if search:
        rows = rows.filter(name__icontains=search)

    def render(organisations):
        services_of = _services_of(organisations, full=True) if full_service else {}
        return [
            hsds.organization(org, full=full or full_service, services=services_of.get(org.pk))
            for org in organisations
        ]

    return _page(request, rows, render)


@api
def organization(request, pk):
    org = _by_id(_organisations(), pk)
    full_service = params.boolean(request, "full_service")
    services_of = _services_of([org], full=full_service)
    return _json(hsds.organization(org, full=True, services=services_of[org.pk]))


# Services at locations


def _pairs(request, lang: str) -> list[tuple]:
    offers = _filtered_services(request, lang)
    code = params.postcode(request)
    distance = params.proximity(request)
    centre = None
    if code and distance is not None:
        place = Municipality.objects.filter(postcode=code).first()
        if place is None:
            return []
        centre = (float(place.latitude), float(place.longitude))
    served = None
    if code and distance is None:
        # As HSDS says: the postcode within the service's area (county-wide, or one of the
        # municipalities it serves), wherever its places are.
        served = set(Municipality.objects.filter(postcode=code).values_list("pk", flat=True))
        if not served:
            return []
    pairs = []
    for offer in offers:
        if served is not None and not (
            offer.is_county_wide or served & {m.pk for m in offer.municipality_list}
        ):
            continue
        for place in offer.public_locations:
            if centre and not _within(centre, place, distance):
                continue
            pairs.append((offer, place))
    return pairs


def _within(centre, place, metres: float) -> bool:
    if place.latitude is None or place.longitude is None:
        return False
    lat1, lon1 = map(math.radians, centre)
    lat2, lon2 = math.radians(float(place.latitude)), math.radians(float(place.longitude))
    a = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_M * math.asin(math.sqrt(a)) <= metres


@api
def services_at_locations(request):
    full = params.boolean(request, "full")
    pairs = _pairs(request, translation.get_language())

    def render(pair):
        offer, place = pair
        data = hsds.service_at_location(offer, place, nested=True)
        if full:
            data["service"] = hsds.service(offer, full=True)
        return data

    return _page(request, pairs, _each(render))


@api
def service_at_location(request, pk):
    try:
        wanted = str(uuid.UUID(pk))
    except ValueError:
        raise Http404 from None
    for offer in _services():
        for place in offer.public_locations:
            if ids.service_at_location(offer.uuid, place.uuid) == wanted:
                data = hsds.service_at_location(offer, place)
                data["service"] = hsds.service(offer, full=True)
                return _json(data)
    raise Http404


# Taxonomies


@api
def taxonomies(request):
    search = params.text(request, "search").casefold()
    rows = [t for t in hsds.taxonomies() if search in t["name"].casefold()]
    return _page(request, rows, list)


@api
def taxonomy(request, pk):
    for item in hsds.taxonomies():
        if item["id"] == pk:
            return _json(item)
    raise Http404


def _terms() -> list[dict]:
    topics = [hsds.topic_term(t) for t in Topic.objects.order_by("order", "slug")]
    groups = [hsds.target_group_term(g) for g in TargetGroup.objects.order_by("order", "slug")]
    return topics + groups


@api
def taxonomy_terms(request):
    taxonomy_id = params.identifier(request, "taxonomy_id")
    parent = params.identifier(request, "parent_id")
    params.boolean(request, "top_only")  # every term is a top term: the lists are flat
    search = params.text(request, "search").casefold()
    rows = [
        t
        for t in _terms()
        if (taxonomy_id is None or t["taxonomy_id"] == str(taxonomy_id))
        and parent is None  # no term has a parent
        and search in t["name"].casefold()
    ]
    return _page(request, rows, list)


@api
def taxonomy_term(request, pk):
    for item in _terms():
        if item["id"] == pk:
            return _json(item)
    raise Http404


def openapi_document(request):
    from .openapi import document

    return _json(document(request.build_absolute_uri("/api/hsds/")))


openapi = api(openapi_document, data=False)
