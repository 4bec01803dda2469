"""Several hundred cross-site scripting payloads (tests/xss_corpus.py) through every text field
partners and translators edit: on the public pages and in the partner area they come out as
text, never as markup that runs. (tests/browser/test_xss.py runs them in Chromium.)"""

from html.parser import HTMLParser

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from portal.core import testing
from portal.directory.models import Contact, Location, Offer
from portal.review import diff
from portal.review.editables import CONTACT, LOCATION, OFFER, ORGANISATION

from .xss_corpus import payloads

pytestmark = pytest.mark.django_db

PAYLOADS = payloads()
PER_FIELD = 20  # payloads in one field at a time, as paragraphs
DANGEROUS_TAGS = {"script", "iframe", "object", "embed", "math", "svg", "style", "base", "frame"}
DANGEROUS_SCHEMES = ("javascript:", "data:", "vbscript:")
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "xlink:href", "poster"}

OFFER_TEXT = [
    "title_de",
    "summary_de",
    "description_de",
    "registration_de",
    "schedule_de",
    "cost_note_de",
    "title_en",
    "summary_en",
    "description_en",
    "registration_en",
    "schedule_en",
    "cost_note_en",
]
ORGANISATION_TEXT = ["name", "description_de", "street", "city", "description_en"]
CONTACT_TEXT = ["name", "role_de", "office_hours_de", "role_en", "office_hours_en"]
LOCATION_TEXT = ["name", "street", "city", "accessibility_de", "accessibility_en"]


def own_script(tag: str, attrs: dict) -> bool:
    """The portal's own scripts: files from its static folder, JSON data for them, and the
    schema.org description (JSON-LD, with `<` escaped so that no text can end it)."""
    if tag != "script":
        return False
    return (attrs.get("src") or "").startswith("/static/") or (
        attrs.get("type") in ("application/json", "application/ld+json") and "src" not in attrs
    )


class Markup(HTMLParser):
    """What a browser would make of the HTML: elements, event handlers and addresses."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems = []

    def handle_starttag(self, tag, attrs):
        if tag in DANGEROUS_TAGS and not own_script(tag, dict(attrs)):
            self.problems.append(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"{tag} {name}=")
            if name in URL_ATTRIBUTES and value:
                address = "".join(value.split()).lower()
                if address.startswith(DANGEROUS_SCHEMES):
                    self.problems.append(f"{tag} {name}={value[:40]}")


def problems_in(html: str) -> list[str]:
    parser = Markup()
    parser.feed(html)
    return parser.problems


def batches(offset: int):
    """Batches of payloads for one field; each field starts at another offset, so over all
    batches every field gets every payload."""
    rotated = PAYLOADS[offset:] + PAYLOADS[:offset]
    for start in range(0, len(rotated), PER_FIELD):
        yield "\n\n".join(rotated[start : start + PER_FIELD])


def fill(objects_and_fields, round_: int) -> None:
    n = 0
    for obj, fields in objects_and_fields:
        for name in fields:
            text = list(batches(n * 7 % len(PAYLOADS)))[round_]
            setattr(obj, name, text)
            n += 1


@pytest.fixture
def entry(db):
    offer = testing.offer(title_de="Kurs", summary_de="Kurz.")
    offer.locations.set([testing.location(org=offer.organisation)])
    offer.contacts.set([testing.contact(org=offer.organisation, phone="0731 000000-1")])
    return (
        Offer.objects.select_related("organisation__kind")
        .prefetch_related("topics", "locations", "contacts__organisation")
        .get(pk=offer.pk)
    )


def test_the_corpus_has_several_hundred_payloads_of_every_class():
    assert len(PAYLOADS) >= 600
    for vector_class in (
        "<script",
        "onerror=",
        "javascript:",
        "data:",
        "<svg",
        "<math",
        "{%",
        "](",
    ):
        assert any(vector_class in p for p in PAYLOADS), vector_class


@pytest.mark.parametrize("lang", ["de", "en"])
def test_public_pages_show_every_payload_as_text(entry, rf, lang):
    location = entry.locations.all()[0]
    contact = entry.contacts.all()[0]
    organisation = entry.organisation
    rounds = len(list(batches(0)))
    with translation.override(lang):
        request = rf.get(f"/{lang}/angebote/{entry.slug}/")
        for round_ in range(rounds):
            fill(
                [
                    (entry, OFFER_TEXT),
                    (organisation, ORGANISATION_TEXT),
                    (contact, CONTACT_TEXT),
                    (location, LOCATION_TEXT),
                ],
                round_,
            )
            offer_page = render_to_string(
                "web/offer_detail.html", {"offer": entry, "events": []}, request
            )
            organisation_page = render_to_string(
                "web/organisation_detail.html",
                {"organisation": organisation, "offers": None, "contacts": [contact], "served": []},
                request,
            )
            assert problems_in(offer_page) == [], round_
            assert problems_in(organisation_page) == [], round_


def test_the_review_diff_and_the_audit_history_show_every_payload_as_text(db, rf):
    request = rf.get("/partnerbereich/")
    for editable, fields in (
        (
            OFFER,
            [
                "title_de",
                "summary_de",
                "description_de",
                "registration_de",
                "schedule_de",
                "cost_note_de",
            ],
        ),
        (ORGANISATION, ["name", "description_de", "street", "city"]),
        (CONTACT, ["name", "role_de", "office_hours_de"]),
        (LOCATION, ["name", "street", "city", "accessibility_de"]),
    ):
        for round_, text in enumerate(batches(0)):
            old = dict.fromkeys(fields, "Alter Text")
            new = {name: f"{text} {name}" for name in fields}
            changes = diff.changes(editable, old, new)
            html = render_to_string("partners/includes/changes.html", {"changes": changes}, request)
            assert problems_in(html) == [], (editable.model.__name__, round_)
            entry = type("Entry", (), {"changes": {c.label: [c.old, c.new] for c in changes}})
            html = render_to_string(
                "partners/history.html",
                {"page": type("Page", (), {"object_list": [entry], "paginator": None})},
                request,
            )
            assert problems_in(html) == [], round_


@pytest.mark.parametrize("model", [Offer, Contact, Location])
def test_partner_forms_show_every_payload_as_text(db, rf, model):
    from portal.partners.forms import ENTRY_FORMS

    form_class = ENTRY_FORMS[model]
    organisation = testing.organisation()
    names = [
        n
        for n, f in form_class.base_fields.items()
        if f.__class__.__name__ in ("SingleLineField", "TextField", "CharField")
    ]
    for text in batches(0):
        form = form_class(dict.fromkeys(names, text), organisation=organisation)
        form.is_valid()
        html = render_to_string("partners/includes/form.html", {"form": form}, rf.get("/"))
        assert problems_in(html) == []


def test_county_content_shows_every_payload_as_text(db, rf):
    """Pages, topics, events and municipality notes, as county and municipality editors write
    them."""
    from portal.content.models import Page
    from portal.directory.models import Municipality, Topic

    page = Page.objects.get(slug="impressum")
    topic = Topic.objects.get(slug="sprache")
    event = testing.event()
    town = Municipality.objects.select_related("administrative_unit").get(slug="dornstadt")
    request = rf.get("/de/")
    for round_ in range(len(list(batches(0)))):
        fill(
            [
                (page, ["title_de", "summary_de", "body_de"]),
                (topic, ["name_de", "description_de"]),
                (event, ["title_de", "description_de", "place_text"]),
                (town, ["note_de"]),
            ],
            round_,
        )
        for template, context in (
            ("web/page_detail.html", {"page": page}),
            ("web/topic_detail.html", {"topic": topic, "offers": None}),
            ("web/event_detail.html", {"event": event}),
            (
                "web/municipality_detail.html",
                {
                    "municipality": town,
                    "offers": None,
                    "managers": [],
                    "circles": [],
                    "events": [],
                    "neighbours": [],
                },
            ),
        ):
            assert problems_in(render_to_string(template, context, request)) == [], (
                template,
                round_,
            )
