"""Per-language content: fallback to German with a note, outdated marking, the switcher."""

import re

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from portal.content.models import Page
from portal.core.models import TranslationState
from portal.directory.models import Topic
from portal.directory.tests import factories

pytestmark = pytest.mark.django_db

MISSING_AR = "Sie sehen den deutschen Text"  # source of the Arabic note, see below
OUTDATED_DE = "Der deutsche Text wurde geändert"


def note_texts(lang):
    with translation.override(lang):
        return (
            translation.gettext(
                "Diesen Text gibt es noch nicht in Ihrer Sprache. Sie sehen den deutschen Text."
            ),
            translation.gettext(
                "Der deutsche Text wurde geändert. Diese Übersetzung ist vielleicht nicht mehr "
                "aktuell."
            ),
        )


def test_new_translation_is_current_and_missing_one_is_missing():
    offer = factories.offer(title_de="Sprachcafé", title_en="Language café")
    assert offer.translation_state("de") == TranslationState.SOURCE
    assert offer.translation_state("en") == TranslationState.CURRENT
    assert offer.translation_state("ar") == TranslationState.MISSING


def test_changing_the_german_source_marks_translations_outdated():
    offer = factories.offer(title_de="Sprachcafé", title_en="Language café")
    offer.summary_de = "Jetzt auch samstags."
    offer.save()
    offer.refresh_from_db()
    assert offer.translation_state("en") == TranslationState.OUTDATED


def test_editing_the_translation_makes_it_current_again():
    offer = factories.offer(title_de="Sprachcafé", title_en="Language café")
    offer.title_de = "Sprachcafé am Samstag"
    offer.save()
    offer.title_en = "Language café on Saturdays"
    offer.save(update_fields=["title_en"])
    offer.refresh_from_db()
    assert offer.translation_state("en") == TranslationState.CURRENT


def test_a_translator_can_confirm_an_unchanged_translation():
    offer = factories.offer(title_de="Sprachcafé", title_en="Language café")
    offer.summary_de = "Neu"
    offer.save()
    offer.mark_translation_current("en")
    offer.save()
    offer.refresh_from_db()
    assert offer.translation_state("en") == TranslationState.CURRENT


def test_reader_sees_their_language_where_it_exists(client):
    offer = factories.offer(
        title_de="Sprachcafé",
        title_en="Language café",
        summary_de="Deutsch üben.",
        summary_en="Practise German.",
    )
    text = client.get(f"/en/angebote/{offer.slug}/").content.decode()
    assert "Language café" in text
    assert "Practise German." in text
    missing, outdated = note_texts("en")
    assert missing not in text and outdated not in text


@pytest.mark.parametrize("lang", ["ar", "uk", "tr"])
def test_missing_translation_falls_back_to_german_with_a_note_in_the_reader_language(client, lang):
    offer = factories.offer(title_de="Nur auf Deutsch", summary_de="Kurzer deutscher Text.")
    response = client.get(f"/{lang}/angebote/{offer.slug}/")
    text = response.content.decode()
    assert "Nur auf Deutsch" in text
    missing, _outdated = note_texts(lang)
    assert missing in text
    # The German text is marked up as German, so screen readers pronounce it correctly.
    assert re.search(r'<h1[^>]*lang="de" dir="ltr"[^>]*>Nur auf Deutsch</h1>', text)


def test_outdated_translation_is_shown_with_a_note(client):
    offer = factories.offer(title_de="Sprachcafé", title_uk="Мовне кафе")
    offer.title_de = "Sprachcafé (neue Zeiten)"
    offer.save()
    text = client.get(f"/uk/angebote/{offer.slug}/").content.decode()
    assert "Мовне кафе" in text
    _missing, outdated = note_texts("uk")
    assert outdated in text


def test_german_page_has_no_translation_note(client):
    offer = factories.offer(title_de="Sprachcafé")
    text = client.get(f"/de/angebote/{offer.slug}/").content.decode()
    assert MISSING_AR not in text and OUTDATED_DE not in text


def test_pages_from_the_profile_know_their_translation_state():
    page = Page.objects.get(slug="impressum")
    assert page.translation_state("de") == TranslationState.SOURCE
    topic = Topic.objects.get(slug="sprache")
    assert topic.translation_state("ar") == TranslationState.CURRENT


@pytest.mark.parametrize(
    "path",
    [
        "/de/",
        "/de/themen/sprache/",
        "/de/gemeinden/dornstadt/",
        "/de/angebote/integrationskurs-ehingen/",
        "/de/seiten/impressum/",
    ],
)
def test_language_switcher_keeps_the_current_page(client, path):
    text = client.get(path).content.decode()
    nav = text[text.index('class="language-switcher"') :]
    nav = nav[: nav.index("</nav>")]
    for lang in ["de", "en", "ar", "fa", "uk", "ru", "tr"]:
        target = "/" + lang + path[3:]
        assert f'href="{target}" lang="{lang}" hreflang="{lang}"' in nav
        assert client.get(target).status_code == 200
    assert 'lang="ar" hreflang="ar" dir="rtl"' in nav
    assert ">العربية<" in nav and ">Українська<" in nav and ">فارسی<" in nav


def test_language_switcher_keeps_the_query_string(client):
    text = client.get("/de/themen/sprache/?seite=2").content.decode()
    assert 'href="/ar/themen/sprache/?seite=2"' in text


@pytest.mark.parametrize(
    "lang, direction",
    [
        ("de", "ltr"),
        ("en", "ltr"),
        ("ar", "rtl"),
        ("fa", "rtl"),
        ("uk", "ltr"),
        ("ru", "ltr"),
        ("tr", "ltr"),
    ],
)
def test_every_page_has_lang_and_dir(client, lang, direction):
    text = client.get(f"/{lang}/").content.decode()
    assert f'<html lang="{lang}" dir="{direction}"' in text


def test_translation_status_lists_missing_and_outdated_entries(capsys):
    offer = factories.offer(title_de="Sprachcafé", title_en="Language café")
    offer.title_de = "Sprachcafé neu"
    offer.save()
    call_command("translation_status", "--language", "en", "--details")
    out = capsys.readouterr().out
    assert re.search(r"en English\s+\d+\s+\d+\s+\d+\s+\d+", out)
    assert f"en\tveraltet\tAngebot\t{offer.pk}\tSprachcafé neu" in out
    assert "en\tfehlt\tSeite" in out


def test_translation_status_rejects_unknown_language():
    with pytest.raises(CommandError, match="Unbekannte Sprache „xx“"):
        call_command("translation_status", "--language", "xx")


def test_unknown_language_prefix_is_a_404(client):
    assert client.get("/xx/themen/").status_code == 404


def test_source_fingerprint_is_the_same_in_every_process():
    """Field order must not depend on hash randomisation, or every translation would look
    outdated after a restart."""
    import os
    import subprocess
    import sys

    from django.conf import settings

    code = (
        "import django; django.setup();"
        "from portal.directory.models import Offer;"
        "o = Offer(title_de='A', summary_de='B', description_de='C', schedule_de='D',"
        " registration_de='E', cost_note_de='F');"
        "print(o.source_fingerprint())"
    )
    results = set()
    for seed in ("1", "2", "3"):
        env = {**os.environ, "PYTHONHASHSEED": seed, "DJANGO_SETTINGS_MODULE": "config.settings"}
        out = subprocess.run(
            [sys.executable, "-c", code],
            env=env,
            cwd=settings.BASE_DIR,
            capture_output=True,
            text=True,
            check=True,
        )
        results.add(out.stdout.strip().splitlines()[-1])
    assert len(results) == 1, results


def test_bulk_written_translation_becomes_outdated_when_the_source_changes():
    topic = Topic.objects.create(slug="neu", name_de="Neu", order=99)
    Topic.objects.filter(pk=topic.pk).update(name_en="New")  # no save(), no stamp
    topic = Topic.objects.get(pk=topic.pk)
    topic.name_de = "Ganz neu"
    topic.save()
    assert topic.translation_state("en") == TranslationState.OUTDATED


def test_save_with_update_fields_stamps_only_what_it_writes():
    offer = factories.offer(title_de="Sprachcafé", title_en="Language café")
    offer.title_de = "Sprachcafé neu"
    offer.save()
    offer = type(offer).objects.get(pk=offer.pk)
    offer.title_en = "draft, not saved"
    offer.save(update_fields=["status"])
    offer = type(offer).objects.get(pk=offer.pk)
    assert offer.title_en == "Language café"
    assert offer.translation_state("en") == TranslationState.OUTDATED


def test_empty_update_fields_stays_a_no_op(django_assert_num_queries):
    offer = factories.offer()
    with django_assert_num_queries(0):
        offer.save(update_fields=[])


def test_saving_a_partly_loaded_object_runs_no_extra_queries(django_assert_num_queries):
    offer = factories.offer()
    partial = type(offer).objects.only("id", "status").get(pk=offer.pk)
    with django_assert_num_queries(1):
        partial.save(update_fields=["status"])


@pytest.mark.parametrize(
    "lang, expected", [("en", "Topics"), ("ar", "المواضيع"), ("uk", "Теми"), ("tr", "Konular")]
)
def test_interface_is_translated(client, lang, expected):
    """Guards against running without compiled catalogues (the interface would be German)."""
    text = client.get(f"/{lang}/").content.decode()
    nav = text[text.index('class="site-nav"') :]
    assert expected in nav[: nav.index("</nav>")]
