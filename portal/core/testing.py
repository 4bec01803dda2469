"""Test support shared by every app: personas and plain factory functions.

Tests build the little data they assert on with these functions instead of reading the demo
data. The county profile (municipalities, topics, kinds of organisations, pages) is loaded once
per test database by the root conftest.py, because it is the county's real reference data.

Nothing in production imports this module (an import-linter contract guards that).
"""

import asyncio
import itertools
import socket
import struct
import threading
import zlib
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import timedelta
from email import message_from_bytes, policy
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from django.contrib.auth import get_user_model
from django.utils import timezone

from portal.content.models import Event, Page
from portal.core.translations import mark_translated, target_languages
from portal.directory.models import (
    Contact,
    Language,
    Location,
    Municipality,
    Offer,
    Organisation,
    OrganisationKind,
    Topic,
)

_seq = itertools.count(1)


@dataclass
class Personas:
    """The people of permission tests: who is who on today's surfaces.

    alice: technical administrator (superuser), the only one who may use Django's admin;
    bob: a staff account without any permission (must see nothing in the admin);
    charlie: a signed-in account without any role.
    The partner area adds partner and county editors; they belong here too."""

    alice: object
    bob: object
    charlie: object

    def all(self) -> dict:
        return {"anonymous": None, "alice": self.alice, "bob": self.bob, "charlie": self.charlie}


def personas() -> Personas:
    users = get_user_model().objects
    return Personas(
        alice=users.create_superuser("alice", "alice@example.org", "alice-passwort-123"),
        bob=users.create_user("bob", "bob@example.org", "bob-passwort-1234", is_staff=True),
        charlie=users.create_user("charlie", "charlie@example.org", "charlie-passwort-12"),
    )


@dataclass
class PartnerArea:
    """The people of the partner area's permission matrix, and what they own.

    partner_a edits Verein A (with a published offer, a location and a contact), partner_b
    edits Verein B; the municipality editor looks after Dornstadt (its Helferkreis and the
    contacts responsible for it); county_editor reviews and publishes; county_admin also
    invites and ends accounts."""

    org_a: object
    org_b: object
    offer_a: object
    location_a: object
    contact_a: object
    circle: object
    dornstadt: object
    topic: object
    partner_a: object
    partner_b: object
    municipality_editor: object
    county_editor: object
    county_admin: object

    def people(self) -> dict:
        return {
            "anonymous": None,
            "partner_a": self.partner_a,
            "partner_b": self.partner_b,
            "municipality_editor": self.municipality_editor,
            "county_editor": self.county_editor,
            "county_admin": self.county_admin,
        }


def partner_user(email: str, role: str, organisations=(), municipalities=()):
    """An active partner-area user with a password and a confirmed authenticator app."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from portal.accounts.models import Account

    user = get_user_model().objects.create_user(email, email, "ein-langes-Passwort-42")
    account = Account.objects.create(user=user, role=role)
    account.organisations.set(organisations)
    account.municipalities.set(municipalities)
    TOTPDevice.objects.create(user=user, name="App", confirmed=True)
    return user


def partner_area() -> PartnerArea:
    from portal.accounts.models import Account

    dornstadt = Municipality.objects.get(slug="dornstadt")
    org_a = organisation(name="Verein A", slug="verein-a")
    org_b = organisation(name="Verein B", slug="verein-b")
    circle = organisation(
        name="Helferkreis Dornstadt",
        slug="helferkreis-dornstadt",
        kind=OrganisationKind.objects.get(slug="helferkreis"),
        municipality=dornstadt,
    )
    location_a = location(org=org_a, name="Treffpunkt A")
    contact_a = contact(org=org_a, name="Beratung A")
    offer_a = offer(org=org_a, slug="angebot-a", title_de="Sprachkurs A")
    offer_a.locations.set([location_a])
    offer_a.contacts.set([contact_a])
    editor = Account.Role.EDITOR
    return PartnerArea(
        org_a=org_a,
        org_b=org_b,
        offer_a=offer_a,
        location_a=location_a,
        contact_a=contact_a,
        circle=circle,
        dornstadt=dornstadt,
        topic=Topic.objects.get(slug="sprache"),
        partner_a=partner_user("a@example.org", editor, organisations=[org_a]),
        partner_b=partner_user("b@example.org", editor, organisations=[org_b]),
        municipality_editor=partner_user(
            "gemeinde@example.org", editor, municipalities=[dornstadt]
        ),
        county_editor=partner_user("redaktion@example.org", Account.Role.COUNTY_EDITOR),
        county_admin=partner_user("zugaenge@example.org", Account.Role.COUNTY_ADMIN),
    )


def sign_in(client, user) -> None:
    """Signed in with password and second factor, as after a complete login."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = TOTPDevice.objects.get(user=user).persistent_id
    session.save()


def _translated(obj, fields: dict) -> None:
    """Written translations are current, as when a translator saves them."""
    for lang in target_languages():
        if any(name.endswith(f"_{lang}") and value for name, value in fields.items()):
            mark_translated(obj, lang)


def organisation(**fields) -> Organisation:
    n = next(_seq)
    defaults = {
        "name": f"Testverein {n}",
        "slug": f"testverein-{n}",
        "kind": OrganisationKind.objects.get(slug="verein"),
    }
    obj = Organisation(**{**defaults, **fields})
    _translated(obj, fields)
    obj.save()
    return obj


def offer(org=None, topics=("sprache",), municipalities=(), languages=(), **fields) -> Offer:
    n = next(_seq)
    now = timezone.now()
    defaults = {
        "title_de": f"Testangebot {n}",
        "slug": f"testangebot-{n}",
        "summary_de": "Kurz erklärt.",
        "status": Offer.Status.PUBLISHED,
        "last_verified_at": now,
        "published_at": now,
        "is_county_wide": not municipalities,
    }
    obj = Offer(organisation=org or organisation(), **{**defaults, **fields})
    _translated(obj, fields)
    obj.save()
    obj.topics.set(Topic.objects.filter(slug__in=topics))
    if municipalities:
        obj.municipalities.set(municipalities)
    if languages:
        obj.languages.set(Language.objects.filter(code__in=languages))
    return obj


def contact(org=None, municipalities=(), **fields) -> Contact:
    n = next(_seq)
    defaults = {
        "name": f"Erika Test {n}",
        "kind": Contact.Kind.COUNSELLING,
        "email": f"test{n}@example.org",
    }
    obj = Contact(organisation=org or organisation(), **{**defaults, **fields})
    _translated(obj, fields)
    obj.save()
    if municipalities:
        obj.municipalities.set(municipalities)
    return obj


def location(org=None, municipality=None, **fields) -> Location:
    n = next(_seq)
    municipality = municipality or Municipality.objects.get(slug="ehingen-donau")
    defaults = {
        "name": f"Treffpunkt {n}",
        "street": f"Teststraße {n}",
        "postcode": municipality.postcode,
        "city": municipality.name,
    }
    return Location.objects.create(
        organisation=org or organisation(), municipality=municipality, **{**defaults, **fields}
    )


def event(starts_in_days=7, hours=2, **fields) -> Event:
    n = next(_seq)
    starts_at = timezone.now().replace(microsecond=0) + timedelta(days=starts_in_days)
    defaults = {
        "title_de": f"Testtermin {n}",
        "slug": f"testtermin-{n}",
        "starts_at": starts_at,
        "ends_at": starts_at + timedelta(hours=hours),
    }
    obj = Event(**{**defaults, **fields})
    _translated(obj, fields)
    obj.save()
    return obj


def page(**fields) -> Page:
    n = next(_seq)
    defaults = {
        "slug": f"testseite-{n}",
        "kind": Page.Kind.INFO,
        "title_de": f"Testseite {n}",
        "body_de": "Ein Absatz.\n",
    }
    obj = Page(**{**defaults, **fields})
    _translated(obj, fields)
    obj.save()
    return obj


def many_offers(count: int, municipality: Municipality, topic_slug="sprache") -> Organisation:
    """Bulk-create published offers in one topic and one municipality, with two languages."""
    org = organisation()
    now = timezone.now()
    start = next(_seq) * 100000
    offers = Offer.objects.bulk_create(
        [
            Offer(
                organisation=org,
                title=f"Massenangebot {start + i}",
                title_de=f"Massenangebot {start + i}",
                slug=f"massenangebot-{start + i}",
                summary_de="Zum Messen.",
                status=Offer.Status.PUBLISHED,
                last_verified_at=now,
                published_at=now,
            )
            for i in range(count)
        ]
    )
    topic = Topic.objects.get(slug=topic_slug)
    langs = list(Language.objects.filter(code__in=["de", "ar"]))
    Offer.topics.through.objects.bulk_create(
        [Offer.topics.through(offer=o, topic=topic) for o in offers]
    )
    Offer.municipalities.through.objects.bulk_create(
        [Offer.municipalities.through(offer=o, municipality=municipality) for o in offers]
    )
    Offer.languages.through.objects.bulk_create(
        [Offer.languages.through(offer=o, language=lang) for o in offers for lang in langs]
    )
    return org


def need(org=None, municipality=None, answers_to=None, ends_in_days=30, **fields):
    """An open need on the needs board (answers go to `answers_to`)."""
    from portal.volunteering.models import Need

    n = next(_seq)
    municipality = municipality or Municipality.objects.get(slug="ehingen-donau")
    org = org or organisation()
    defaults = {
        "title": f"Fahrdienst {n}",
        "description": "Wir suchen Hilfe bei Fahrten zu Arztterminen.",
        "ends_on": timezone.localdate() + timedelta(days=ends_in_days),
    }
    return Need.objects.create(
        organisation=org,
        contact=answers_to or contact(org, kind=Contact.Kind.VOLUNTEER_COORDINATION),
        municipality=municipality,
        **{**defaults, **fields},
    )


class Inbox:
    """What a real SMTP server on 127.0.0.1 received. `delay` slows every delivery down (to make
    concurrent senders overlap); `reject` makes it refuse recipients with a permanent error."""

    def __init__(self):
        self.messages = []
        self.delay = 0.0
        self.reject = False

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.reject:
            return "550 5.1.1 Mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.delay:
            await asyncio.sleep(self.delay)
        self.messages.append(message_from_bytes(envelope.content, policy=policy.default))
        return "250 Message accepted for delivery"


@contextmanager
def running_smtp_server(settings):
    """Start a real SMTP server on a free port of 127.0.0.1 and point Django's mail at it."""
    from aiosmtpd.controller import Controller

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_USE_TLS = False
    try:
        yield inbox
    finally:
        controller.stop()


def grey_tile(width: int = 256, height: int = 256) -> bytes:
    """A plain light grey PNG, the size of a map tile."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    rows = b"".join(b"\x00" + b"\xdd" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


@dataclass
class TileServer:
    """A local stand-in for a map tile server: every tile is `answer`; the paths asked for
    are in `requests`."""

    url: str  # MAP_TILE_URL for it
    answer: bytes
    requests: list = field(default_factory=list)


@contextmanager
def running_tile_server(answer: bytes):
    """Start a tile server on a free port of 127.0.0.1 (tests never need the network)."""
    tiles = TileServer(url="", answer=answer)

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            tiles.requests.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "image/png")
            self.send_header("Content-Length", str(len(tiles.answer)))
            self.end_headers()
            self.wfile.write(tiles.answer)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    tiles.url = f"http://127.0.0.1:{server.server_port}/{{z}}/{{x}}/{{y}}.png"
    try:
        yield tiles
    finally:
        server.shutdown()
