"""Public pages. Views fetch, check, and render; every page runs a fixed number of queries."""

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import Count, Exists, F, OuterRef, Q, Subquery
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.template import loader
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from portal.content.models import Event, Page
from portal.content.services import submit_accessibility_report
from portal.core import reference
from portal.core.links import m2m_links
from portal.core.prepared import prepared
from portal.core.translations import in_reader_language, reader_columns
from portal.core.urls import fixed_url
from portal.directory.models import (
    Contact,
    Location,
    Municipality,
    Offer,
    Organisation,
    OrganisationKind,
)
from portal.search.query import Query, offer_ids

from . import cards, vocabulary
from .forms import AccessibilityReportForm, MunicipalityPickerForm, SearchForm
from .pagecache import shows

PAGE_SIZE = 20


def _page(request, queryset, size=PAGE_SIZE):
    """The requested page; the first for anything that is not a page number (also 0 or -1),
    the last for a number past the end."""
    number = request.GET.get("seite")
    try:
        number = max(int(number), 1)
    except (TypeError, ValueError):
        number = 1
    return Paginator(queryset, size).get_page(number)


def _events():
    return Event.objects.published().select_related("municipality")


def _event_items():
    """Published events as the event lists show them (`cards.event_item`)."""
    return cards.event_items(Event.objects.published())


def _info_pages() -> list:
    """The published pages of "Weiterführende Informationen"."""
    return reference.kept(
        "pages:info", lambda: list(Page.objects.published().filter(kind=Page.Kind.INFO))
    )


def _cards(request, offers, **values):
    """The requested page of these offers (a prepared query of `cards.offer_values` and its
    values), loaded as their cards show them."""
    page = _page(request, offers.pages(**values))
    page.object_list = cards.listed(page.object_list, vocabulary.by_id(vocabulary.topics()))
    return page


@prepared
def _topic_offers(topic):
    return cards.offer_values(Offer.objects.published().filter(topics=topic))


@prepared
def _organisation_offers(organisation):
    return cards.offer_values(Offer.objects.published().filter(organisation=organisation))


@prepared
def _upcoming_events(now):
    return _event_items().upcoming(now)


@require_safe
def root_redirect(request):
    lang = translation.get_language_from_request(request)
    with translation.override(lang):
        return HttpResponseRedirect(reverse("web:home"))


@require_safe
def robots_txt(request):
    lines = ["User-agent: *", "Disallow: /admin/", "Disallow: /partnerbereich/",
             f"Sitemap: {settings.SITE_URL}/sitemap.xml"]  # fmt: skip
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")


@require_safe
def healthz(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return HttpResponse("ok", content_type="text/plain")


@require_safe
def home(request):
    shows(request, "pages", "vocabulary", "municipalities", "events")
    welcome = reference.kept(
        "page:welcome",
        lambda: Page.objects.published().filter(kind=Page.Kind.WELCOME).order_by("order").first(),
    )
    return render(
        request,
        "web/home.html",
        {
            "welcome": welcome,
            "topics": vocabulary.topics(),
            "picker": MunicipalityPickerForm(),
            "events": _event_items().upcoming()[:3],
        },
    )


def _by_kind(rows: list) -> dict:
    """These organisations (rows of `_organisation_rows`) as links, by kind id, in their order
    (read as values: the partner list shows some 200)."""
    members = {}
    for org in rows:
        members.setdefault(org["kind_id"], []).append(
            cards.ListedOrganisation(org["slug"], org["name"], org["is_demo"])
        )
    return members


def _organisation_rows(organisations):
    return organisations.raw_values("slug", "name", "kind_id", "is_demo")


@prepared
def _all_organisations():
    return _organisation_rows(Organisation.objects.all())


@prepared
def _runder_tisch_members():
    return _organisation_rows(Organisation.objects.runder_tisch_members())


@prepared
def _page_of_kind(kind):
    return Page.objects.published().filter(kind=kind)


@prepared
def _runder_tisch_events(now):
    return _event_items().filter(kind=Event.Kind.RUNDER_TISCH).upcoming(now)


@prepared
def _past_runder_tisch_events(now):
    return _event_items().filter(kind=Event.Kind.RUNDER_TISCH).past(now)[:10]


def _kinds_of(members: dict, group: str | None = None) -> list[dict]:
    """The kinds (of this group) with members, in the kinds' order, with their members."""
    return [
        {"name_plural": kind.name_plural, "members": members[kind.pk]}
        for kind in vocabulary.organisation_kinds()
        if kind.pk in members and group in (None, kind.group)
    ]


@require_safe
def runder_tisch(request):
    shows(request, "pages", "organisations", "events", "vocabulary")
    pages = _page_of_kind(kind=Page.Kind.RUNDER_TISCH.value)
    if not pages:
        raise Http404("Die Seite des Runden Tisches ist nicht veröffentlicht.")
    members = _by_kind(_runder_tisch_members())
    now = timezone.now()
    return render(
        request,
        "web/runder_tisch.html",
        {
            "page": pages[0],
            "kinds": _kinds_of(members),
            "upcoming": _runder_tisch_events(now=now),
            "past": _past_runder_tisch_events(now=now),
        },
    )


@require_safe
def contact_list(request):
    shows(request, "contacts", "organisations", "municipalities", "vocabulary")
    contacts = cards.listed_contacts(_all_contacts(), municipalities=True)
    inside = [c for c in contacts if c.county_office]
    outside = [c for c in contacts if not c.county_office]
    return render(request, "web/contact_list.html", {"inside": inside, "outside": outside})


@prepared
def _all_contacts():
    return cards.contact_values(
        Contact.objects.active().order_by("kind", "order", "name"),
        county_office=F("organisation__kind__is_county_office"),
    )


@require_safe
def topic_list(request):
    shows(request, "vocabulary", "offers:count")
    counts = dict(_published_per_topic())
    tiles = cards.topic_tiles([(topic, counts.get(topic.pk, 0)) for topic in vocabulary.topics()])
    return render(request, "web/topic_list.html", {"tiles": tiles})


@prepared
def _published_per_topic():
    """(topic id, number of published offers) for each topic with any."""
    return (
        Offer.topics.through.objects.filter(offer__status=Offer.Status.PUBLISHED)
        .order_by()
        .values("topic_id")
        .annotate(count=Count("offer_id"))
        .values_list("topic_id", "count")
    )


@require_safe
def topic_detail(request, slug):
    topic = next((topic for topic in vocabulary.topics() if topic.slug == slug), None)
    if topic is None:
        raise Http404("Kein Thema unter dieser Adresse.")
    shows(request, "vocabulary", "organisations", f"offers:topic:{topic.pk}")
    offers = _cards(request, _topic_offers, topic=topic.pk)
    return render(request, "web/topic_detail.html", {"topic": topic, "offers": offers})


@require_safe
def partner_list(request):
    shows(request, "organisations", "vocabulary", "municipalities", "pages")
    members = _by_kind(_all_organisations())
    groups = [
        {"value": value, "label": label, "kinds": _kinds_of(members, value)}
        for value, label in OrganisationKind.Group.choices
    ]
    return render(
        request,
        "web/partner_list.html",
        {
            "groups": groups,
            "municipalities": _municipality_rows(),
            "further_pages": _info_pages(),
        },
    )


def _kept_kind(organisation) -> None:
    """Gives the organisation its kind from the kept kinds (instead of a join or a query)."""
    organisation.kind = vocabulary.by_id(vocabulary.organisation_kinds())[organisation.kind_id]


def _served(organisation) -> list:
    """The municipalities an organisation serves, as the kept rows (in their order)."""
    ids = {
        pk
        for _name, _org, pk in m2m_links(Organisation, ["municipalities_served"], [organisation.pk])
    }
    return [town for town in vocabulary.municipalities() if town.pk in ids]


@require_safe
def organisation_detail(request, slug):
    found = _organisation(slug=slug)
    if not found:
        raise Http404("Keine Organisation unter dieser Adresse.")
    organisation = found[0]
    _kept_kind(organisation)
    pk = organisation.pk
    shows(request, f"organisation:{pk}", f"offers:organisation:{pk}", f"contacts:organisation:{pk}")
    shows(request, "municipalities", "vocabulary")
    return render(
        request,
        "web/organisation_detail.html",
        {
            "organisation": organisation,
            "offers": _cards(request, _organisation_offers, organisation=pk),
            "contacts": cards.listed_contacts(_organisation_contacts(organisation=pk)),
            "served": _served(organisation),
        },
    )


@prepared
def _organisation(slug):
    return Organisation.objects.filter(slug=slug)


@prepared
def _organisation_contacts(organisation):
    return cards.contact_values(Contact.objects.active().filter(organisation=organisation))


@require_safe
def municipality_list(request):
    shows(request, "municipalities")
    picker = MunicipalityPickerForm(request.GET if "gemeinde" in request.GET else None)
    if picker.is_bound and picker.is_valid():
        return redirect(picker.cleaned_data["gemeinde"])
    return render(
        request,
        "web/municipality_list.html",
        {
            "picker": picker,
            "municipalities": _municipality_rows(),
        },
        status=400 if picker.is_bound else 200,
    )


def _municipality_rows() -> list[dict]:
    """Every municipality as the lists show it: address, name, kind in the reader's words
    (kept per language, as the municipalities are)."""

    def rows():
        kinds = {value: str(label) for value, label in Municipality.Kind.choices}
        return [
            {"url": town.get_absolute_url(), "name": town.name, "kind": kinds[town.kind]}
            for town in vocabulary.municipalities()
        ]

    return reference.kept(f"municipality-rows:{translation.get_language()}", rows)


@prepared
def _circle_rows(town):
    columns = reader_columns(["description"], translation.get_language())
    return (
        Organisation.objects.volunteer_circles()
        .filter(Q(municipality=town) | Q(municipalities_served=town))
        .distinct()
        .raw_values("pk", "slug", "name", "is_demo", *columns)
    )


@prepared
def _circle_contacts(organisations):
    return (
        Contact.objects.active()
        .filter(organisation_id__in=organisations)
        .raw_values("organisation_id", "name", "email", "phone")
    )


def _town_circles(municipality) -> list:
    """The Helferkreise of a town as its page shows them, read as values: link, description
    (in the reader's language, else German), each active contact's name, e-mail and phone."""
    lang = translation.get_language()
    columns = reader_columns(["description"], lang)
    circles = []
    for row in _circle_rows(town=municipality.pk):
        circle = cards.ListedOrganisation(row["slug"], row["name"], row["is_demo"])
        circle.pk, circle.contact_list = row["pk"], []
        circle.description = in_reader_language(row, "description", lang)
        for column in columns:  # for the `lang` of a description shown in German
            setattr(circle, column, row[column])
        circles.append(circle)
    by_id = {circle.pk: circle for circle in circles}
    for contact in _circle_contacts(organisations=list(by_id)):  # in the contacts' order
        by_id[contact["organisation_id"]].contact_list.append(contact)
    return circles


@prepared
def _town_managers(town):
    return cards.contact_values(
        Contact.objects.active().filter(municipalities=town, kind=Contact.Kind.INTEGRATION_MANAGER)
    )


@prepared
def _town_events(town, now):
    return _event_items().in_municipality(town).upcoming(now)[:5]


@require_safe
def municipality_detail(request, slug):
    municipality = next((x for x in vocabulary.municipalities() if x.slug == slug), None)
    if municipality is None:  # kept with its union, as every municipality is
        raise Http404("Keine Stadt oder Gemeinde unter dieser Adresse.")
    pk = municipality.pk
    shows(request, f"municipality:{pk}", "municipalities", "vocabulary", "organisations")
    shows(request, f"offers:municipality:{pk}", "offers:county", "events")
    shows(request, f"contacts:municipality:{pk}", f"organisations:municipality:{pk}")
    managers = cards.listed_contacts(_town_managers(town=pk))
    circles = _town_circles(municipality)
    shows(request, *[f"contacts:organisation:{circle.pk}" for circle in circles])
    form = SearchForm(request.GET)
    data = form.valid_data()
    topics = form.fields["thema"].objects()  # for the groups
    query = Query(
        text=data.get("q", "") if "q" not in form.errors else "",
        lang=translation.get_language(),
        topic=data.get("thema"),
        municipality=municipality,
        language=data.get("sprache"),
        target_group=data.get("zielgruppe"),
        free=bool(data.get("kostenlos")),
    )
    groups = offers_by_topic(query, {topic.pk: topic for topic in topics})
    search_url = fixed_url("web:search")
    topic_jump, topic_sections = cards.topic_groups(
        groups, f"{search_url}?thema={{}}&gemeinde={municipality.slug}"
    )
    return render(
        request,
        "web/municipality_detail.html",
        {
            "municipality": municipality,
            "local_name": municipality.local_name(translation.get_language()),
            "managers": managers,
            "circles": circles,
            "form": form,
            "town_filters": [
                _choices(form, "thema"),
                _choices(form, "sprache"),
                _choices(form, "zielgruppe"),
            ],
            "narrowed": bool(query.text.strip())
            or query.topic
            or query.language
            or query.target_group
            or query.free,
            "groups": groups,
            "topic_jump": topic_jump,
            "topic_sections": topic_sections,
            "events": _town_events(town=pk, now=timezone.now()),
            "neighbours": [
                town
                for town in vocabulary.municipalities()
                if town.administrative_unit_id == municipality.administrative_unit_id
                and town.pk != municipality.pk
            ],
        },
        status=400 if form.errors else 200,
    )


# A town page is an overview: the first few offers of each topic, and a link to all of them
# (the search, filtered by topic and town). Narrowed to one topic, it shows more.
PER_TOPIC = 6
PER_CHOSEN_TOPIC = 20


def _choices(form, name: str) -> dict:
    """A filter of the search form as a select shows it (its choices as `reference` keeps
    them)."""
    field, bound = form.fields[name], form[name]
    chosen = str(bound.value() or "")
    options = [
        {"value": value, "html": (value_html, label_html), "selected": value == chosen}
        for value, value_html, label_html in field.options_html()
    ]
    return {"name": name, "label": field.label, "empty": field.empty_label, "options": options}


def offers_by_topic(query: Query, topics: dict) -> list[dict]:
    """A municipality's offers grouped by their first topic, with counts; in a language other
    than German, those with content in it or delivered in it first in each group. The grouping
    reads ids and titles only; the PER_TOPIC offers each group shows (PER_CHOSEN_TOPIC with a
    topic chosen) are loaded as cards (with 10,000 offers in the county, loading every offer
    of a town took most of a second). `topics`: every topic, by id."""
    if query.text.strip() or query.topic or query.language or query.target_group or query.free:
        rows = list(_topic_rows(Offer.objects.filter(pk__in=offer_ids(query)), query.lang))
    else:
        rows = _town_topic_rows(town=query.municipality.pk)
    in_reader_language = {row[0] for row in rows if len(row) > 2 and (row[2] or row[3])}
    groups = {}
    for pk, topic_id, *_rest in rows:
        if topic_id is not None:
            groups.setdefault(topic_id, []).append(pk)
    for pks in groups.values():
        pks.sort(key=lambda pk: pk not in in_reader_language)  # stable: by title
    per_topic = PER_CHOSEN_TOPIC if query.topic else PER_TOPIC
    shown = [pk for pks in groups.values() for pk in pks[:per_topic]]
    loaded = cards.load(shown, topics)
    result = []
    for topic_id in sorted(groups, key=lambda pk: (topics[pk].order, topics[pk].slug)):
        offers = [loaded[pk] for pk in groups[topic_id][:per_topic]]
        result.append(
            {
                "topic": topics[topic_id],
                "count": len(groups[topic_id]),
                "offers": offers,
                "cards": cards.offer_cards(offers, 4),
            }
        )
    return result


def _topic_rows(offers, lang: str):
    """These offers' ids and first topics, ordered by title; in a language other than German,
    also their title in it and whether they are delivered in it."""
    first_topic = Offer.topics.through.objects.filter(offer_id=OuterRef("pk")).order_by(
        "topic__order", "topic__slug"
    )
    rows = offers.annotate(first_topic=Subquery(first_topic.values("topic_id")[:1]))
    fields = ["pk", "first_topic"]
    if lang != settings.LANGUAGE_CODE:  # offers with content in it or delivered in it first
        delivered = Offer.languages.through.objects.filter(
            offer_id=OuterRef("pk"), language__code=lang
        )
        rows = rows.annotate(delivered=Exists(delivered))
        fields += [f"title_{lang}", "delivered"]
    return rows.order_by("title_de", "pk").rewrite(False).values_list(*fields)


@prepared
def _town_topic_rows(town):
    return _topic_rows(Offer.objects.published().in_municipality(town), translation.get_language())


@prepared
def _published_offer(slug):
    # (deferring the organisation's unused columns made building the query twice as slow)
    return Offer.objects.published().select_related("organisation").filter(slug=slug)


@prepared
def _offer_locations(offer):
    return Location.objects.active().filter(offers=offer)


@prepared
def _offer_contacts(offer):
    return cards.contact_values(Contact.objects.active().filter(offers=offer))


@prepared
def _offer_events(offer, now):
    return _event_items().filter(offer=offer).upcoming(now)[:5]


@require_safe
def offer_detail(request, slug):
    found = _published_offer(slug=slug)
    if not found:
        raise Http404("Kein Angebot unter dieser Adresse.")
    offer = found[0]
    _kept_kind(offer.organisation)
    # Each read directly (a prefetch costs more Python for one offer); the contacts as values.
    locations = _offer_locations(offer=offer.pk)
    contacts = cards.listed_contacts(_offer_contacts(offer=offer.pk))
    shows(request, f"offer:{offer.pk}", f"organisation:{offer.organisation_id}", "vocabulary")
    shows(request, "municipalities", "events", *[f"location:{x.pk}" for x in locations])
    shows(request, *[f"contact:{contact.pk}" for contact in contacts])
    return render(
        request,
        "web/offer_detail.html",
        {
            "offer": offer,
            "locations": locations,
            "contacts": contacts,
            **_vocabulary_of(offer),
            "events": _offer_events(offer=offer.pk, now=timezone.now()),
        },
    )


def _vocabulary_of(offer: Offer) -> dict[str, list]:
    """The offer's topics, target groups, languages and municipalities, in their order, as
    `vocabulary` keeps them (`offer_topics`, …): one query for the ids of all four instead of
    one per relation."""
    kept = {
        "topics": vocabulary.topics(),
        "target_groups": vocabulary.target_groups(),
        "languages": vocabulary.languages(),
        "municipalities": vocabulary.municipalities(),
    }
    chosen = {name: set() for name in kept}
    for name, _offer_id, pk in m2m_links(Offer, kept, [offer.pk]):
        chosen[name].add(pk)
    return {f"offer_{name}": [x for x in kept[name] if x.pk in chosen[name]] for name in kept}


@require_safe
def event_list(request):
    shows(request, "events", "municipalities")
    return render(
        request,
        "web/event_list.html",
        {
            "events": _page(request, _upcoming_events.pages(now=timezone.now())),
        },
    )


@require_safe
def event_detail(request, slug):
    found = _published_event(slug=slug)
    if not found:
        raise Http404("Kein Termin unter dieser Adresse.")
    event = found[0]
    if event.organisation is not None:
        _kept_kind(event.organisation)
    shows(request, f"event:{event.pk}", f"organisation:{event.organisation_id}", "municipalities")
    shows(request, f"offer:{event.offer_id}", f"location:{event.location_id}", "vocabulary")
    return render(request, "web/event_detail.html", {"event": event})


@prepared
def _published_event(slug):
    return _events().select_related("organisation", "offer", "location").filter(slug=slug)


@require_safe
def further_information(request):
    shows(request, "pages")
    return render(
        request,
        "web/further_information.html",
        {
            "pages": _info_pages(),
        },
    )


@require_safe
def page_detail(request, slug):
    page = get_object_or_404(Page.objects.published(), slug=slug)
    shows(request, f"page:{page.pk}")
    return render(request, "web/page_detail.html", {"page": page})


@require_http_methods(["GET", "HEAD", "POST"])
def accessibility_report(request):
    if request.method == "POST":
        form = AccessibilityReportForm(request.POST)
        if form.is_valid():
            submit_accessibility_report(form.cleaned_data, translation.get_language())
            messages.success(request, _("Vielen Dank. Ihre Meldung ist angekommen."))
            return redirect("web:accessibility-report")
    else:
        form = AccessibilityReportForm(initial={"page_url": request.GET.get("seite", "")[:500]})
    status = 400 if form.is_bound else 200
    return render(request, "web/accessibility_report.html", {"form": form}, status=status)


def bad_request(request, exception=None):
    # Standalone, like the 500 page: Django's default handler runs the CSRF check again, which
    # fails for the same broken request (e.g. an unknown form charset) and ends in a 500.
    return HttpResponse(loader.render_to_string("400.html"), status=400)


def page_not_found(request, exception=None):
    return HttpResponse(loader.render_to_string("404.html", {}, request), status=404)


def server_error(request):
    # Rendered without a request context: the database or a context processor may be broken.
    return HttpResponse(loader.render_to_string("500.html"), status=500)
