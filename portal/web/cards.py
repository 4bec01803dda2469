"""The offer card of the list pages and the event item of the event lists, built in Python: a
town page shows over a hundred cards, and as an included template each took about 0.4 ms (and
with Django's escaping helpers still 0.15 ms); an event item as a template, 0.6 ms. The markup
is the same as the templates' was; every text is escaped here."""

from functools import lru_cache
from html import escape

from django.conf import settings
from django.db.models import F
from django.template.defaultfilters import linebreaksbr
from django.utils import formats, translation
from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import localtime
from django.utils.translation import gettext, ngettext

from portal.content.models import Event
from portal.core import text
from portal.core.links import m2m_links
from portal.core.prepared import prepared
from portal.core.translations import in_reader_language, reader_columns
from portal.core.urls import slug_url, slug_urls
from portal.directory.models import Contact, Offer

from . import vocabulary

CARD = """<article class="kern-card offer-card">
  <div class="kern-card__container">
    <header class="kern-card__header">
      <h{level} class="kern-title" {title_lang}><a class="kern-link kern-link--stretched" \
href="{url}">{title}</a></h{level}>
      <p class="kern-preline">{organisation}</p>
    </header>
    <div class="kern-card__body">
      {summary}
      <ul class="tag-list" aria-label="{topics_label}">{topics}</ul>
      {languages}
      <p class="kern-body kern-body--small kern-body--muted">{county_wide} {demo}</p>
    </div>
  </div>
</article>
"""


NEWLINE = "\n"  # what demo_badge gives for an entry that is not a demo


@lru_cache(maxsize=16)
def _labels(lang: str | None) -> dict:
    """The card's fixed texts in the reader's language, escaped (the catalogues do not change
    while the process runs)."""
    return {
        "topics": escape(gettext("Themen")),
        "languages": escape(gettext("Sprachen:")),
        "county_wide": escape(gettext("im ganzen Landkreis")),
        "whole_county": escape(gettext("ganzer Landkreis")),
        "demo": (
            '<span class="kern-badge kern-badge--warning demo-badge"><span class="kern-label '
            f'kern-label--small">{escape(gettext("Beispieldaten"))}</span></span>\n'
        ),
    }


def demo_badge(obj) -> SafeString:
    """The badge of a demo entry (what includes/demo_badge.html was), "\n" for any other."""
    if getattr(obj, "is_demo", False):
        return mark_safe(_labels(translation.get_language())["demo"])  # escaped in _labels
    return mark_safe(NEWLINE)


def _lang(offer, field: str, lang: str) -> str:
    """What the `content_lang` tag gives for this field of an offer, topic, contact … (with
    `dir`): the German language of a text shown in German because it is not translated."""
    source = settings.LANGUAGE_CODE
    if lang == source:
        return ""
    shown_in_german = not getattr(offer, f"{field}_{lang}", "") and getattr(
        offer, f"{field}_{source}", ""
    )
    return f'lang="{source}" dir="ltr"' if shown_in_german else ""


def offer_card(offer, level=3) -> SafeString:
    """An offer loaded with `listed()` (or `Offer.objects.for_listing()`), as a card."""
    return offer_cards([offer], level, "{}")


def offer_cards(offers, level=3, item="<li>{}</li>") -> SafeString:
    """These offers (as for `offer_card`) as cards, each in `item`: what depends only on the
    reader's language (labels, addresses, the `lang` of German text, each language's name) is
    worked out once for the list, not once per card."""
    lang = translation.get_language()
    labels = _labels(lang)
    url = slug_urls("web:offer-detail", escaped=True)
    spans = {}  # each language's name, once
    level = escape(str(level))
    parts = []
    for offer in offers:
        summary = offer.summary
        if summary:
            summary = f'<p class="kern-body" {_lang(offer, "summary", lang)}>{escape(summary)}</p>'
        languages = ""
        if offer.language_list:
            for x in offer.language_list:
                if x.id not in spans:
                    spans[x.id] = f'<span lang="{escape(x.code)}">{escape(x.name_native)}</span>'
            names = ", ".join([spans[x.id] for x in offer.language_list])
            languages = f'<p class="kern-body kern-body--small">{labels["languages"]} {names}</p>'
        topics = getattr(offer, "topics_html", None)
        if topics is None:
            topics = "".join(f"<li>{escape(topic.name)}</li>" for topic in offer.topic_list)
        card = CARD.format(
            level=level,
            title_lang=_lang(offer, "title", lang),
            url=url(offer.slug),
            title=escape(offer.title),
            organisation=escape(offer.organisation_name),
            summary=summary,
            topics_label=labels["topics"],
            topics=topics,
            languages=languages,
            county_wide=labels["county_wide"] if offer.is_county_wide else "",
            demo=labels["demo"] if offer.is_demo else NEWLINE,
        )
        parts.append(item.format(card))
    return mark_safe("".join(parts))  # every value is escaped here or in _labels


class ListedOffer:
    """An offer as `load` reads it: what a card shows (`title` and `summary` in the reader's
    language, falling back as modeltranslation does), the language fields `content_lang`
    compares, and its address."""

    def __init__(self, row: dict):
        self.__dict__.update(row)

    def get_absolute_url(self) -> str:
        return slug_url("web:offer-detail", self.slug)


@prepared
def _offers_by_id(pks):
    return offer_values(Offer.objects.filter(pk__in=pks))


def load(pks, topics: dict) -> dict:
    """The offers with these ids, by id, with what `offer_card` needs (see `listed`)."""
    return {offer.pk: offer for offer in listed(_offers_by_id(pks=list(pks)), topics)}


def offer_values(offers):
    """The values query of these offers (filtered, ordered, perhaps sliced) that `listed`
    takes: the rows as values, not model objects, the title and summary in the reader's
    language and in German (not through modeltranslation's fallback rows, which cost some 40
    Python calls each; the fallback is the same: the reader's language, else German)."""
    fields = [
        "pk",
        "slug",
        "is_county_wide",
        "is_demo",
        *reader_columns(["title", "summary"], translation.get_language()),
    ]
    return offers.raw_values(*fields, organisation_name=F("organisation__name"))


def listed(offers, topics: dict) -> list:
    """The offers of this queryset (or the rows of its `offer_values`), in its order, with
    what `offer_card` needs, for a page of many cards (a town page: 120 offers, 400 topic and
    language links): the topics are the ones given (all of them, by id, in the models' order),
    the languages those `vocabulary` keeps. One query besides the rows."""
    lang = translation.get_language()
    rows = offers if isinstance(offers, list) else offer_values(offers)
    found = []
    for row in rows:
        row["title"] = in_reader_language(row, "title", lang)
        row["summary"] = in_reader_language(row, "summary", lang)
        found.append(ListedOffer(row))
    by_id = {offer.pk: offer for offer in found}
    for offer in found:
        offer.topic_list, offer.language_list = [], []
    languages = vocabulary.by_id(vocabulary.languages())
    # Both are kept in the models' order: a rank sorts an offer's links without a key function.
    topic_rank = {pk: rank for rank, pk in enumerate(topics)}
    language_rank = {pk: rank for rank, pk in enumerate(languages)}
    for name, offer_id, pk in m2m_links(Offer, ("topics", "languages"), list(by_id)):
        if name == "topics":
            by_id[offer_id].topic_list.append((topic_rank[pk], pk))
        else:
            by_id[offer_id].language_list.append((language_rank[pk], pk))
    items = {}  # each topic's list item, once (its name is a translated field)
    for offer in found:  # as the models order them
        ranked = sorted(offer.topic_list)
        offer.topic_list = [topics[pk] for _rank, pk in ranked]
        offer.language_list = [languages[pk] for _rank, pk in sorted(offer.language_list)]
        for topic in offer.topic_list:
            if topic.id not in items:
                items[topic.id] = f"<li>{escape(topic.name)}</li>"
        offer.topics_html = "".join([items[pk] for _rank, pk in ranked])
    return found


EVENT = """<article class="event-item">
  <p class="event-item__date"><time datetime="{iso}">{date}, {time}</time></p>
  <h{level} class="kern-title kern-title--small" {title_lang}><a class="kern-link" \
href="{url}">{title}</a></h{level}>
  <p class="kern-body kern-body--small">{kind} · {place} {demo}</p>
</article>
"""


def event_items(events):
    """Events for `event_item`, as values (rows, not model objects): only the fields it shows,
    the title in the reader's language and in German. Filters, order and slices still apply."""
    fields = ["slug", "starts_at", "kind", "is_demo"]
    fields += reader_columns(["title"], translation.get_language())
    return events.raw_values(*fields, town=F("municipality__name"))


@lru_cache(maxsize=1024)
def _when(starts_at, lang: str | None) -> tuple[str, str, str]:
    """An event's start as the item shows it (ISO, date, time), escaped: formatting a date in
    the reader's language takes some 50 µs, and the same events recur on many pages."""
    starts = localtime(starts_at)
    return (
        escape(formats.date_format(starts, "c")),
        escape(formats.date_format(starts, "DATE_FORMAT")),
        escape(formats.time_format(starts, "TIME_FORMAT")),
    )


def event_item(event: dict, level=3) -> SafeString:
    """An event as `event_items()` reads it, as an item of an event list."""
    lang, source = translation.get_language(), settings.LANGUAGE_CODE
    labels = _labels(lang)
    iso, date, time = _when(event["starts_at"], lang)
    place = escape(event["town"]) if event["town"] is not None else labels["whole_county"]
    in_german = lang != source and not event[f"title_{lang}"] and event[f"title_{source}"]
    kind = dict(Event.Kind.choices).get(event["kind"], event["kind"])
    # Every value is escaped here.
    return mark_safe(
        EVENT.format(
            iso=iso,
            date=date,
            time=time,
            level=escape(str(level)),
            title_lang=f'lang="{source}" dir="ltr"' if in_german else "",
            url=escape(slug_url("web:event-detail", event["slug"])),
            title=escape(in_reader_language(event, "title", lang)),
            kind=escape(str(kind)),
            place=place,
            demo=labels["demo"] if event["is_demo"] else NEWLINE,
        )
    )


CONTACT = """<article class="kern-card kern-card--small contact-card">
  <div class="kern-card__container">
    <header class="kern-card__header">
      <h{level} class="kern-title kern-title--small">{name}</h{level}>
      {role}
    </header>
    <div class="kern-card__body">
      <dl class="contact-facts">
        {organisation}
        {phone}
        {email}
        {office_hours}
        {municipalities}
      </dl>
      {demo}
    </div>
  </div>
</article>
"""


@lru_cache(maxsize=16)
def _contact_labels(lang: str | None) -> dict:
    return {
        "organisation": escape(gettext("Organisation")),
        "phone": escape(gettext("Telefon")),
        "email": escape(gettext("E-Mail")),
        "office_hours": escape(gettext("Sprechzeiten")),
        "municipalities": escape(gettext("Zuständig für")),
    }


class ListedContact:
    """A contact as `listed_contacts` reads it: what a card shows, with its organisation and
    (kept) municipalities."""

    def __init__(self, row: dict):
        self.__dict__.update(row)

    def get_kind_display(self) -> str:
        return _kind_label(self.kind, translation.get_language())


@lru_cache(maxsize=64)
def _kind_label(kind: str, lang: str | None) -> str:
    """A contact kind's name in the reader's language (the catalogues do not change while the
    process runs)."""
    return str(Contact.Kind(kind).label)


class ListedOrganisation:
    """An organisation as a link shows it."""

    def __init__(self, slug: str, name: str, is_demo: bool = False, url: str = ""):
        self.slug, self.name, self.is_demo, self.url = slug, name, is_demo, url

    def get_absolute_url(self) -> str:
        return self.url or slug_url("web:organisation-detail", self.slug)


def contact_values(contacts, **expressions):
    """The values query of these contacts that `listed_contacts` takes. `expressions`: further
    values, as for `values()`."""
    fields = ["pk", "name", "kind", "phone", "email", "is_demo"]
    fields += reader_columns(["role", "office_hours"], translation.get_language())
    return contacts.raw_values(
        *fields,
        organisation_slug=F("organisation__slug"),
        organisation_name=F("organisation__name"),
        **expressions,
    )


def listed_contacts(contacts, *, municipalities=False, **expressions) -> list:
    """The contacts of this queryset (or the rows of its `contact_values`), in its order, with
    what `contact_card` needs, as values rather than model objects (the contact list shows a
    hundred cards, each with the towns it is responsible for, which come from the kept
    municipalities). `expressions`: further values, as for `values()`."""
    lang = translation.get_language()
    rows = contacts if isinstance(contacts, list) else contact_values(contacts, **expressions)
    organisation_url = slug_urls("web:organisation-detail")
    found = []
    for row in rows:
        row["role"] = in_reader_language(row, "role", lang)
        row["office_hours"] = in_reader_language(row, "office_hours", lang)
        slug = row.pop("organisation_slug")
        row["organisation"] = ListedOrganisation(
            slug, row.pop("organisation_name"), url=organisation_url(slug)
        )
        found.append(ListedContact(row))
    if municipalities:
        by_id = {contact.pk: contact for contact in found}
        for contact in found:
            contact.municipality_list = []
        kept = vocabulary.municipalities()
        order = {town.pk: number for number, town in enumerate(kept)}
        towns = vocabulary.by_id(kept)
        for _name, contact_id, town_id in m2m_links(Contact, ["municipalities"], list(by_id)):
            by_id[contact_id].municipality_list.append(towns[town_id])
        town_url = slug_urls("web:municipality-detail", escaped=True)
        links = {}  # each town's link, once
        for contact in found:
            contact.municipality_list.sort(key=lambda town: order[town.pk])
            for town in contact.municipality_list:
                if town.pk not in links:
                    links[town.pk] = (
                        f'<a class="kern-link" href="{town_url(town.slug)}">{escape(town.name)}</a>'
                    )
            contact.municipality_links = ", ".join(links[x.pk] for x in contact.municipality_list)
    return found


def contact_cards(contacts, level=3, **options) -> SafeString:
    """These contacts as cards, each in a list item (`options` as for `contact_card`)."""
    return mark_safe(  # each card is escaped in contact_card
        "".join(f"<li>{contact_card(contact, level, **options)}</li>" for contact in contacts)
    )


def contact_card(contact, level=3, *, show_municipalities=False, on_organisation_page=False):
    """A contact as a card (what includes/contact_card.html was): name, role, organisation
    (unless on its own page), phone, e-mail, office hours and, if asked, the municipalities
    it is responsible for (prefetched)."""
    lang = translation.get_language()
    labels = _contact_labels(lang)
    role = ""
    if contact.role:
        role = f'<p class="kern-preline" {_lang(contact, "role", lang)}>{escape(contact.role)}</p>'
    organisation = ""
    if not on_organisation_page:
        org = contact.organisation
        organisation = (
            f'<dt>{labels["organisation"]}</dt><dd><a class="kern-link" '
            f'href="{escape(org.get_absolute_url())}">{escape(org.name)}</a></dd>'
        )
    phone = ""
    if contact.phone:
        phone = (
            f'<dt>{labels["phone"]}</dt><dd><a class="kern-link" '
            f'href="tel:{escape(text.tel_href(contact.phone))}" dir="ltr">'
            f"{escape(contact.phone)}</a></dd>"
        )
    email = ""
    if contact.email:
        email = (
            f'<dt>{labels["email"]}</dt><dd><a class="kern-link" '
            f'href="mailto:{escape(contact.email)}" dir="ltr">{escape(contact.email)}</a></dd>'
        )
    office_hours = ""
    if contact.office_hours:
        hours = linebreaksbr(mark_safe(text.link_contacts(escape(contact.office_hours))))
        office_hours = (
            f"<dt>{labels['office_hours']}</dt>"
            f"<dd {_lang(contact, 'office_hours', lang)}>{hours}</dd>"
        )
    municipalities = ""
    if show_municipalities:
        links = getattr(contact, "municipality_links", None)  # as `listed_contacts` made them
        if links is None:
            towns = getattr(contact, "municipality_list", None)
            if towns is None:
                towns = list(contact.municipalities.all())
            links = ", ".join(
                f'<a class="kern-link" href="{escape(town.get_absolute_url())}">'
                f"{escape(town.name)}</a>"
                for town in towns
            )
        if links:
            municipalities = f"<dt>{labels['municipalities']}</dt><dd>{links}</dd>"
    # Every value is escaped here (the office hours before their links are made).
    return mark_safe(
        CONTACT.format(
            level=escape(str(level)),
            name=escape(contact.name),
            role=role,
            organisation=organisation,
            phone=phone,
            email=email,
            office_hours=office_hours,
            municipalities=municipalities,
            demo=demo_badge(contact),
        )
    )


def organisation_items(organisations) -> SafeString:
    """The items of an organisation list (partners, Runder Tisch): a link and the demo badge;
    the partner list shows some 200."""
    url = slug_urls("web:organisation-detail", escaped=True)
    badge = _labels(translation.get_language())["demo"]
    return mark_safe(  # every value is escaped here or in _labels
        "".join(
            f'<li><a class="kern-link" href="{url(org.slug)}">'
            f"{escape(org.name)}</a> {badge if org.is_demo else NEWLINE}</li>"
            for org in organisations
        )
    )


TILE = (
    '\n  <li><a class="topic-tile" href="{url}"><span class="topic-tile__name" {name_lang}>{name}'
    '</span><span class="topic-tile__text" {description_lang}>{description}</span>'
    '<span class="topic-tile__count">{count}</span></a></li>\n  '
)


def topic_tiles(topics) -> SafeString:
    """The tiles of the topic list: each (topic, number of its published offers) with its
    name, description and count."""
    lang = translation.get_language()
    url = slug_urls("web:topic-detail", escaped=True)
    return mark_safe(  # every value is escaped here; the count's text is the catalogue's
        "".join(
            TILE.format(
                url=url(topic.slug),
                name_lang=_lang(topic, "name", lang),
                name=escape(topic.name),
                description_lang=_lang(topic, "description", lang),
                description=escape(topic.description),
                count=ngettext("%(n)s Angebot", "%(n)s Angebote", count) % {"n": count},
            )
            for topic, count in topics
        )
    )


PLACE = """
    <li data-lat="{lat}" data-lon="{lon}">
      <p class="kern-body place-list__name"><strong>{name}</strong>, <bdi>{street}, \
{postcode} {city}</bdi></p>
      <ul class="inline-list">{offers}</ul>
    </li>
    """


def place_list(groups) -> SafeString:
    """The map's list of places (the accessible equivalent of the map), as the map view
    groups them: a heading per municipality, each place with its address and offers, and its
    coordinates for the map's script (which makes its markers from this list)."""
    parts = []
    for municipality, places in groups:
        parts.append(
            f'\n  <h3 class="kern-heading-small">{escape(municipality)}</h3>\n'
            '  <ul class="place-list">\n    '
        )
        for place in places:
            offers = "".join(place["items"])  # escaped by the map view
            parts.append(
                PLACE.format(
                    lat=float(place["lat"]),
                    lon=float(place["lon"]),
                    name=escape(place["name"]),
                    street=escape(place["street"]),
                    postcode=escape(place["postcode"]),
                    city=escape(place["city"]),
                    offers=offers,
                )
            )
        parts.append("\n  </ul>\n  ")
    return mark_safe("".join(parts))  # every value is escaped here


SECTION = """
  <section class="topic-group" aria-labelledby="thema-{slug}">
    <h3 class="kern-heading-medium" id="thema-{slug}" tabindex="-1"><span {name_lang}>{name}\
</span> <span class="kern-body kern-body--muted">({count})</span></h3>
    <ul class="card-grid">{cards}</ul>
    {more}
  </section>
  """


def topic_groups(groups: list, all_url: str) -> tuple[SafeString, SafeString]:
    """A town page's offers by topic (`groups` as `offers_by_topic` gives them): the list of
    links to the topics' sections, and the sections, each with its cards and, when it shows
    only some, the link to all (`all_url` with the topic's slug for "{}")."""
    lang = translation.get_language()
    jump, sections = [], []
    for group in groups:
        topic, count = group["topic"], group["count"]
        slug, name = escape(topic.slug), escape(topic.name)
        name_lang = _lang(topic, "name", lang)
        jump.append(
            f'<li><a class="kern-link" href="#thema-{slug}" {name_lang}>{name}</a> ({count})</li>'
        )
        more = ""
        if count > len(group["offers"]):
            label = escape(gettext("Alle %(n)s Angebote zu diesem Thema") % {"n": count})
            url = escape(all_url.format(topic.slug))
            more = f'<p><a class="kern-link" href="{url}">{label}</a></p>'
        sections.append(
            SECTION.format(
                slug=slug,
                name_lang=name_lang,
                name=name,
                count=count,
                cards=group["cards"],
                more=more,
            )
        )
    # every value is escaped here or in offer_cards
    return mark_safe("".join(jump)), mark_safe("".join(sections))


def circle_items(circles) -> SafeString:
    """The Helferkreise of the Mithelfen page (`volunteering._circles`) as list items: link,
    town, each coordinator's name and phone, the demo badge."""
    url = slug_urls("web:organisation-detail", escaped=True)
    badge = _labels(translation.get_language())["demo"]
    items = []
    for circle in circles:
        town = f" ({escape(circle.municipality['name'])})" if circle.municipality else ""
        people = []
        for number, person in enumerate(circle.coordinators):
            phone = ""
            if person["phone"]:
                phone = (
                    f' <a class="kern-link" href="tel:{escape(text.tel_href(person["phone"]))}" '
                    f'dir="ltr">{escape(person["phone"])}</a>'
                )
            people.append(f"{', ' if number else ': '}<bdi>{escape(person['name'])}</bdi>{phone}")
        items.append(
            f'<li><a class="kern-link" href="{url(circle.slug)}">{escape(circle.name)}</a>'
            f"{town}{''.join(people)} {badge if circle.is_demo else NEWLINE}</li>"
        )
    return mark_safe("".join(items))  # every value is escaped here or in _labels


def search_hits(shown) -> SafeString:
    """The search's hits (`finder.Shown`, title and summary highlighted and escaped) as the
    items of its list: a contact as its card, anything else as a link with its summary."""
    lang = translation.get_language()
    items = []
    for hit in shown:
        label = escape(str(hit.label))
        if hit.kind == "contact":
            body = (
                f'\n      <p class="search-hit__kind">{label}</p>\n'
                f"      {contact_card(hit.obj, 3)}\n      "
            )
        else:
            title_lang = " " + _lang(hit.obj, hit.lang_field, lang) if hit.lang_field else ""
            summary = f'<p class="kern-body">{hit.summary}</p>' if hit.summary else ""
            meta = ""
            if hit.meta:
                muted = "kern-body kern-body--small kern-body--muted"
                meta = f'<p class="{muted}">{escape(str(hit.meta))}</p>'
            body = (
                "\n      <article>\n"
                f'        <p class="search-hit__kind">{label}</p>\n'
                f'        <h3 class="kern-heading-small search-hit__title"{title_lang}><a '
                f'class="kern-link" href="{escape(hit.url)}">{hit.title}</a></h3>\n'
                f"        {summary}\n        {meta}\n      </article>\n      "
            )
        items.append(
            f'\n    <li class="search-hit search-hit--{escape(str(hit.kind))}">\n      {body}\n'
            "    </li>\n    "
        )
    return mark_safe("".join(items))  # escaped here, by highlight() or by contact_card
