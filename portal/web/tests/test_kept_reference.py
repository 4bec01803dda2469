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
