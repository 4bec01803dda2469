"""Pages show an edit of the reference data they keep per process (county, topics,
municipalities, languages, target groups) on the next request, with or without the page
cache."""

import pytest

from portal.county.models import County
from portal.directory.models import Language, Municipality, TargetGroup, Topic

pytestmark = pytest.mark.django_db


def test_an_edit_of_reference_data_shows_on_the_next_request(client):
    for url in ("/de/", "/de/suche/", "/de/themen/sprache/", "/de/mithelfen/"):
        assert client.get(url).status_code == 200  # what they keep is built
    county = County.objects.current()
    county.title = "Neuer Titel des Portals"
    county.save()
    topic = Topic.objects.get(slug="sprache")
    topic.name = "Sprache lernen"
    topic.save()
    town = Municipality.objects.get(slug="blaubeuren")
    town.name = "Blaubeuren am Blautopf"
    town.save()
    language = Language.objects.get(code="ar")
    language.name_native = "العربية الفصحى"
    language.save()
    group = TargetGroup.objects.order_by("pk").first()
    group.name = "Eine neue Zielgruppe"
    group.save()
    start = client.get("/de/").content.decode()
    assert "Neuer Titel des Portals" in start
    assert "Sprache lernen" in start
    assert "Blaubeuren am Blautopf" in start  # the picker
    search = client.get("/de/suche/").content.decode()
    for shown in ("Sprache lernen", "Blaubeuren am Blautopf", "العربية الفصحى", group.name):
        assert shown in search  # the filters
    assert "Sprache lernen" in client.get("/de/themen/sprache/").content.decode()
    assert client.get("/de/suche/?gemeinde=blaubeuren").status_code == 200
    assert "Blaubeuren am Blautopf" in client.get("/de/mithelfen/").content.decode()


def test_a_removed_topic_is_gone_from_pages_and_filters(client):
    topic = Topic.objects.create(slug="kurz-da", name="Kurz da", order=98)
    assert "Kurz da" in client.get("/de/").content.decode()
    assert client.get("/de/themen/kurz-da/").status_code == 200
    topic.delete()
    assert "Kurz da" not in client.get("/de/").content.decode()
    assert client.get("/de/themen/kurz-da/").status_code == 404
    assert client.get("/de/suche/?thema=kurz-da").status_code == 400  # no longer a choice


def test_kept_parts_follow_an_edit_in_every_language(client):
    """`{% kept %}` parts (the start page's topics, the town lists) and the towns' select
    options are kept per language and rebuilt after an edit."""
    urls = ("/de/gemeinden/", "/de/partner/", "/en/", "/de/mithelfen/gesuche/")
    for url in urls:
        assert client.get(url).status_code == 200
    town = Municipality.objects.get(slug="blaubeuren")
    town.name = "Blaubeuren am Blautopf"
    town.save()
    topic = Topic.objects.get(slug="sprache")
    topic.name_en = "Learning German"
    topic.save()
    assert "Blaubeuren am Blautopf" in client.get("/de/gemeinden/").content.decode()
    assert "Blaubeuren am Blautopf" in client.get("/de/partner/").content.decode()
    assert "Blaubeuren am Blautopf" in client.get("/de/mithelfen/gesuche/").content.decode()
    english = client.get("/en/").content.decode()
    assert "Learning German" in english
    assert "Blaubeuren am Blautopf" in english  # the picker's options
    assert "Learning German" not in client.get("/de/").content.decode()


def test_a_kept_part_is_rendered_once_until_reference_data_changes(settings):
    from django.template import Context, Template, TemplateSyntaxError

    calls = []
    page = Template('{% load portal %}{% kept "test-part" %}{{ part }}{% endkept %}')
    context = {"part": lambda: calls.append(1) or f"Teil {len(calls)}"}
    assert page.render(Context(context)) == "Teil 1"
    assert page.render(Context(context)) == "Teil 1"  # kept
    Topic.objects.create(slug="neu", name="Neu", order=99)  # reference data changed
    assert page.render(Context(context)) == "Teil 2"
    settings.DEBUG = True  # developers see their template changes at once
    assert page.render(Context(context)) == "Teil 3"
    with pytest.raises(TemplateSyntaxError):
        Template("{% load portal %}{% kept part %}x{% endkept %}")
