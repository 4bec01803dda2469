"""Translators see what changed in German since their translation, update just that, and the
public page in their language is current again."""

import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from portal.core import testing
from portal.core.models import AuditEntry
from portal.core.translations import mark_translated, translation_version
from portal.review import services
from portal.review.editables import OFFER

pytestmark = pytest.mark.django_db

OUTDATED = "Der deutsche Text wurde geändert. Diese Übersetzung ist vielleicht nicht mehr aktuell."


def outdated_note(lang):
    with translation.override(lang):
        return translation.gettext(OUTDATED)


@pytest.fixture
def translated(area):
    offer = area.offer_a
    offer.summary_de = "Deutsch lernen am Vormittag."
    offer.description_de = (
        "Der Kurs hat vier Stufen. Er findet im Gemeindehaus statt. Kinder werden betreut."
    )
    offer.title_en = "Language course A"
    offer.summary_en = "Learn German in the morning."
    offer.description_en = (
        "The course has four levels. It takes place in the parish hall. Children are looked after."
    )
    mark_translated(offer, "en")
    offer.save()
    return offer


def publish(area, **changes):
    revision = services.open_revision(OFFER, area.offer_a, area.org_a, area.partner_a)
    revision = services.save_draft(
        revision, {**revision.data, **changes}, area.partner_a, revision.version
    )
    services.submit(revision, area.partner_a, "/")
    services.publish(revision, area.county_editor)


def test_a_translator_updates_exactly_what_changed_and_the_page_is_current_again(
    client, area, translated
):
    publish(
        area,
        description_de="Der Kurs hat vier Stufen. Er findet jetzt in der Schule statt. Kinder werden betreut.",
    )
    public = f"/en{area.offer_a.get_absolute_url()[3:]}"
    assert outdated_note("en") in Client().get(public).content.decode()

    testing.sign_in(client, area.partner_a)
    listed = client.get(reverse("partners:translation-list", args=["en"])).content.decode()
    url = reverse("partners:translate", args=["en", "offer", area.offer_a.pk])
    assert f'href="{url}"' in listed
    page = client.get(url).content.decode()
    changes = re.findall(r'<div class="source-changes">(.*?)</div>', page, re.S)
    assert len(changes) == 1  # only the description changed
    assert '<del lang="de">Er findet im Gemeindehaus statt.</del>' in changes[0]
    assert '<ins lang="de">Er findet jetzt in der Schule statt.</ins>' in changes[0]
    assert "vier Stufen" not in changes[0] and "betreut" not in changes[0]

    form = {
        "title_en": "Language course A",
        "summary_en": "Learn German in the morning.",
        "description_en": "The course has four levels. It now takes place at the school. Children are looked after.",
        "version": re.search(r'name="version" value="([^"]+)"', page)[1],
    }
    assert client.post(url, form).status_code == 302
    area.offer_a.refresh_from_db()
    assert area.offer_a.translation_state("en") == "current"
    assert area.offer_a.translation_state("ar") == "missing"
    text = Client().get(public).content.decode()
    assert outdated_note("en") not in text and "now takes place at the school" in text
    assert AuditEntry.objects.filter(action="translate", comment="en").count() == 1


def test_a_translation_saved_over_a_newer_change_is_refused(client, area, translated):
    testing.sign_in(client, area.partner_a)
    url = reverse("partners:translate", args=["en", "offer", area.offer_a.pk])
    page = client.get(url).content.decode()
    version = re.search(r'name="version" value="([^"]+)"', page)[1]
    publish(area, summary_de="Deutsch lernen am Nachmittag.")
    response = client.post(url, {"summary_en": "Learn German.", "version": version})
    assert response.status_code == 400
    assert "inzwischen geändert" in response.content.decode()
    area.offer_a.refresh_from_db()
    assert area.offer_a.summary_en == "Learn German in the morning."
    page = response.content.decode()
    assert "Learn German.</textarea>" in page  # the input is kept
    fresh = re.search(r'name="version" value="([^"]+)"', page)[1]
    response = client.post(url, {"summary_en": "Learn German.", "version": fresh})
    assert response.status_code == 302  # saving again, now knowing the new German text
    area.offer_a.refresh_from_db()
    assert area.offer_a.summary_en == "Learn German."


@pytest.mark.parametrize("model", ["targetgroup", "organisationkind", "county", "topic"])
def test_county_editors_translate_kinds_without_a_change_date(client, area, model):
    from django.apps import apps

    label = {"county": "county.county"}.get(model, f"directory.{model}")
    obj = apps.get_model(label).objects.first()
    testing.sign_in(client, area.county_editor)
    url = reverse("partners:translate", args=["tr", model, obj.pk])
    page = client.get(url).content.decode()
    version = re.search(r'name="version" value="([^"]+)"', page)[1]
    field = re.search(r'name="([a-z_]+_tr)"', page)[1]
    response = client.post(url, {field: "Türkçe metin", "version": version})
    assert response.status_code == 302
    obj.refresh_from_db()
    assert getattr(obj, field) == "Türkçe metin"
    assert obj.translation_state("tr") == "current"


@pytest.mark.parametrize("lang", ["de", "xx", "ar-x"])
def test_an_unknown_language_is_a_404(client, area, lang):
    testing.sign_in(client, area.partner_a)
    assert client.get(reverse("partners:translation-list", args=[lang])).status_code == 404


def test_translation_input_is_checked_like_every_text(client, area, translated):
    testing.sign_in(client, area.partner_a)
    url = reverse("partners:translate", args=["ar", "offer", area.offer_a.pk])
    version = translation_version(area.offer_a, "ar")
    response = client.post(url, {"title_ar": "دورة\u202e", "version": version})
    assert response.status_code == 400
    assert "Schreibrichtung" in response.content.decode()
    area.offer_a.refresh_from_db()
    assert not area.offer_a.title_ar
