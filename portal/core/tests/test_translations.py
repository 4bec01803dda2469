"""Per-language content: fallback to German with a note, outdated marking, the switcher."""

import re

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from portal.content.models import Page
from portal.core import testing
from portal.core.models import TranslationState
from portal.core.translations import mark_translated
from portal.directory.models import Topic

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
    offer = testing.offer(title_de="Sprachcafé", title_en="Language café")
    assert offer.translation_state("de") == TranslationState.SOURCE
    assert offer.translation_state("en") == TranslationState.CURRENT
    assert offer.translation_state("ar") == TranslationState.MISSING


def test_changing_the_german_source_marks_translations_outdated():
    offer = testing.offer(title_de="Sprachcafé", title_en="Language café")
    offer.summary_de = "Jetzt auch samstags."
    offer.save()
    offer.refresh_from_db()
    assert offer.translation_state("en") == TranslationState.OUTDATED


def test_editing_the_translation_makes_it_current_again():
    offer = testing.offer(title_de="Sprachcafé", title_en="Language café")
    offer.title_de = "Sprachcafé am Samstag"
    offer.save()
    offer.title_en = "Language café on Saturdays"
    mark_translated(offer, "en")
    offer.save(update_fields=["title_en", "translation_sources"])
    offer.refresh_from_db()
    assert offer.translation_state("en") == TranslationState.CURRENT


def test_a_translator_can_confirm_an_unchanged_translation():
    offer = testing.offer(title_de="Sprachcafé", title_en="Language café")
    offer.summary_de = "Neu"
    offer.save()
    mark_translated(offer, "en")
    offer.save()
    offer.refresh_from_db()
    assert offer.translation_state("en") == TranslationState.CURRENT


def test_a_translator_sees_what_changed_in_the_german_text_per_field():
    offer = testing.offer(title_de="Sprachcafé", summary_de="Dienstags.", title_en="Language café")
    offer.summary_de = "Dienstags und samstags."
    offer.save()
    assert offer.source_changes("en") == {"summary": ("Dienstags.", "Dienstags und samstags.")}
    assert offer.source_changes("ar") == {
        "title": ("", "Sprachcafé"),
        "summary": ("", "Dienstags und samstags."),
    }


def test_confirming_some_fields_keeps_the_others_outdated():
    offer = testing.offer(title_de="Sprachcafé", summary_de="Alt.", title_en="Language café")
    offer.title_de, offer.summary_de = "Sprachcafé neu", "Neu."
    mark_translated(offer, "en", ["title"])
    assert list(offer.source_changes("en")) == ["summary"]
    mark_translated(offer, "en", ["summary"])
    assert offer.translation_state("en") == TranslationState.CURRENT


def test_saving_and_loading_do_not_touch_the_translation_state():
    """The state is explicit: only `mark_translated` writes it, so a reader's page load and a
    save of German text do no translation work at all."""
    offer = testing.offer(title_de="Sprachcafé", title_en="Language café")
    recorded = dict(offer.translation_sources)
    offer = type(offer).objects.get(pk=offer.pk)
    offer.title_de = "Sprachcafé neu"
    offer.title_en = "Language café (new)"
    offer.save()
    offer.refresh_from_db()
    assert offer.translation_sources == recorded
    assert offer.translation_state("en") == TranslationState.OUTDATED


def test_the_recorded_source_is_plain_text_and_independent_of_field_order():
    offer = testing.offer(title_de="A", summary_de="B", title_en="A (en)")
    assert offer.translation_sources["en"] == {"title": "A", "summary": "B"}
    offer.translation_sources["en"] = {"summary": "B", "title": "A"}  # another order
    assert offer.translation_state("en") == TranslationState.CURRENT


def test_an_admin_edit_of_a_translation_makes_it_current(rf, personas):
    from types import SimpleNamespace

    from django.contrib import admin

    offer = testing.offer(title_de="Sprachcafé", title_en="Language café", title_ar="مقهى")
    offer.title_de = "Sprachcafé (neu)"
    offer.save()
    offer.title_en = "Language café (new)"
    request = rf.post("/admin/")
    request.user = personas.alice
    model_admin = admin.site._registry[type(offer)]
    model_admin.save_model(request, offer, SimpleNamespace(changed_data=["title_en"]), True)
    offer.refresh_from_db()
    assert offer.title_en == "Language café (new)"
    assert offer.translation_state("en") == TranslationState.CURRENT
    assert offer.translation_state("ar") == TranslationState.OUTDATED  # not touched


def test_reader_sees_their_language_where_it_exists(client):
    offer = testing.offer(
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
    offer = testing.offer(title_de="Nur auf Deutsch", summary_de="Kurzer deutscher Text.")
    response = client.get(f"/{lang}/angebote/{offer.slug}/")
    text = response.content.decode()
    assert "Nur auf Deutsch" in text
    missing, _outdated = note_texts(lang)
    assert missing in text
    # The German text is marked up as German, so screen readers pronounce it correctly.
    assert re.search(r'<h1[^>]*lang="de" dir="ltr"[^>]*>Nur auf Deutsch</h1>', text)


def test_outdated_translation_is_shown_with_a_note(client):
    offer = testing.offer(title_de="Sprachcafé", title_uk="Мовне кафе")
    offer.title_de = "Sprachcafé (neue Zeiten)"
    offer.save()
    text = client.get(f"/uk/angebote/{offer.slug}/").content.decode()
    assert "Мовне кафе" in text
    _missing, outdated = note_texts("uk")
    assert outdated in text


def test_german_page_has_no_translation_note(client):
    offer = testing.offer(title_de="Sprachcafé")
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
        "/de/angebote/sprachkurs-test/",
        "/de/seiten/impressum/",
    ],
)
def test_language_switcher_keeps_the_current_page(client, path):
    testing.offer(slug="sprachkurs-test")
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
    offer = testing.offer(title_de="Sprachcafé", title_en="Language café")
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


def test_bulk_written_translation_becomes_outdated_when_the_source_changes():
    topic = Topic.objects.create(slug="neu", name_de="Neu", order=99)
    Topic.objects.filter(pk=topic.pk).update(name_en="New")  # no save(), no stamp
    topic = Topic.objects.get(pk=topic.pk)
    topic.name_de = "Ganz neu"
    topic.save()
    assert topic.translation_state("en") == TranslationState.OUTDATED


def test_a_save_with_update_fields_writes_only_those_fields():
    offer = testing.offer(title_de="Sprachcafé", title_en="Language café")
    offer.title_de = "Sprachcafé neu"
    offer.save()
    offer = type(offer).objects.get(pk=offer.pk)
    offer.title_en = "draft, not saved"
    offer.save(update_fields=["status"])
    offer = type(offer).objects.get(pk=offer.pk)
    assert offer.title_en == "Language café"
    assert offer.translation_state("en") == TranslationState.OUTDATED


def test_empty_update_fields_stays_a_no_op(django_assert_num_queries):
    offer = testing.offer()
    with django_assert_num_queries(0):
        offer.save(update_fields=[])


def test_saving_a_partly_loaded_object_runs_no_extra_queries(django_assert_num_queries):
    offer = testing.offer()
    partial = type(offer).objects.only("id", "status").get(pk=offer.pk)
    # The update, and the directory's change time (portal.api): nothing to load the missing
    # language fields.
    with django_assert_num_queries(2):
        partial.save(update_fields=["status"])


@pytest.mark.parametrize(
    "lang, expected", [("en", "Topics"), ("ar", "المواضيع"), ("uk", "Теми"), ("tr", "Konular")]
)
def test_interface_is_translated(client, lang, expected):
    """Guards against running without compiled catalogues (the interface would be German)."""
    text = client.get(f"/{lang}/").content.decode()
    nav = text[text.index('class="site-nav"') :]
    assert expected in nav[: nav.index("</nav>")]


def test_german_fallback_is_marked_in_title_description_and_breadcrumb(client):
    offer = testing.offer(title_de="Nur auf Deutsch", summary_de="Deutsche Kurzfassung.")
    text = client.get(f"/ar/angebote/{offer.slug}/").content.decode()
    assert re.search(r'<title lang="de">Nur auf Deutsch – ', text)
    assert '<meta name="description" content="Deutsche Kurzfassung." lang="de" dir="ltr">' in text
    assert '<li aria-current="page" lang="de" dir="ltr">Nur auf Deutsch</li>' in text


def test_translated_title_description_and_breadcrumb_carry_no_german_mark(client):
    offer = testing.offer(
        title_de="Sprachcafé", summary_de="Deutsch üben.", title_ar="مقهى اللغة", summary_ar="تدريب"
    )
    text = client.get(f"/ar/angebote/{offer.slug}/").content.decode()
    assert re.search(r"<title >مقهى اللغة – ", text)
    assert '<meta name="description" content="تدريب" >' in text
    assert '<li aria-current="page" >مقهى اللغة</li>' in text


def test_a_partly_loaded_object_loads_its_texts_in_one_query(django_assert_num_queries):
    topic = Topic.objects.only("slug", "name").get(slug="sprache")
    with django_assert_num_queries(1):
        assert topic.translation_state("ar") == TranslationState.CURRENT
