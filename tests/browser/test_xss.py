"""The XSS corpus in Chromium: entries full of payloads on the public pages, in the review diff
and on the translation page of the partner area; no payload runs (no `window.__xss`, no
alert)."""

import json
import subprocess
import sys

import pytest

from .conftest import ROOT
from .helpers import sign_in

pytestmark = pytest.mark.browser

# Runs in the served portal's database: an organisation, an offer, a contact and a location with
# payloads in every text field, and a submitted revision full of payloads.
SETUP = """
import json
from django.utils import timezone
from portal.directory.models import Offer, Organisation, OrganisationKind, Contact, Location, Topic
from portal.review import services
from portal.review.editables import OFFER
from django.contrib.auth import get_user_model
from tests.xss_corpus import payloads

p = payloads()
batch = lambda i: "\\n\\n".join(p[(i * 20) % len(p):(i * 20) % len(p) + 20])
org = Organisation.objects.create(slug="xss-verein", name=batch(0)[:200],
    kind=OrganisationKind.objects.get(slug="verein"), description_de=batch(1), description_en=batch(2))
now = timezone.now()
offer = Offer.objects.create(organisation=org, slug="xss-angebot", title_de=batch(3)[:200],
    summary_de=batch(4)[:300], description_de=batch(5), registration_de=batch(6),
    schedule_de=batch(7), cost_note_de=batch(8)[:300], title_en=batch(9)[:200],
    description_en=batch(10), status="published", published_at=now, last_verified_at=now,
    is_county_wide=True)
offer.topics.set([Topic.objects.get(slug="sprache")])
contact = Contact.objects.create(organisation=org, name=batch(11)[:200], role_de=batch(12)[:200],
    office_hours_de=batch(13), phone="0731 000000-99")
location = Location.objects.create(organisation=org, name=batch(14)[:200], street="Weg 1",
    postcode="89073", city="Ulm", accessibility_de=batch(15))
offer.contacts.set([contact]); offer.locations.set([location])
author = get_user_model().objects.get(email="demo-partner@example.org")
revision = services.open_revision(OFFER, offer, org, author)
data = {**revision.data, **{k: batch(16 + i) for i, k in enumerate(
    ["title_de", "summary_de", "description_de", "registration_de", "schedule_de"])}}
revision = services.save_draft(revision, data, author, revision.version)
services.submit(revision, author, "/")
print(json.dumps({"revision": revision.pk, "offer": offer.pk, "payloads": len(p)}))
"""


@pytest.fixture(scope="module")
def poisoned(served, demo_accounts):
    out = subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "shell", "-c", SETUP],
        env={**served.env, "DJANGO_DEBUG": "true"},
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


def watch(page) -> list:
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    return dialogs


def ran(page) -> bool:
    return page.evaluate("typeof window.__xss !== 'undefined'")


def test_no_payload_runs_on_the_public_pages(browser, served, poisoned):
    page = browser.new_context().new_page()
    dialogs = watch(page)
    for path in (
        "/de/angebote/xss-angebot/",
        "/en/angebote/xss-angebot/",
        "/ar/angebote/xss-angebot/",
        "/de/organisationen/xss-verein/",
        "/de/ansprechpartner/",
        "/de/themen/sprache/",
    ):
        response = page.goto(served.url + path)
        assert response.status == 200, path
        page.wait_for_timeout(100)  # onload, autofocus and animation handlers would have fired
        assert not ran(page), path
    assert dialogs == []


def test_no_payload_runs_in_the_review_diff_or_on_the_translation_page(
    browser, served, demo_accounts, poisoned
):
    page = browser.new_context().new_page()
    dialogs = watch(page)
    email = "demo-redaktion@example.org"
    sign_in(page, served, email, demo_accounts[email])
    for path in (
        f"/partnerbereich/pruefung/{poisoned['revision']}/",
        f"/partnerbereich/aenderungen/{poisoned['revision']}/vorschau/",
        f"/partnerbereich/uebersetzungen/ar/offer/{poisoned['offer']}/",
        "/partnerbereich/pruefung/",
    ):
        response = page.goto(served.url + path)
        assert response.status == 200, path
        page.wait_for_timeout(100)
        assert not ran(page), path
    assert dialogs == []
