"""Whole public pages from the cache for anonymous readers, and every kind of edit clearing
exactly the cached pages that show it. Each test runs against Django's local-memory cache and
against the Redis server on 127.0.0.1:6379 (Django's own Redis backend), which the workers and
machines of a deployment share."""

import gzip as gzip_module
import uuid

import pytest
from django.core.cache import caches

from portal.core import testing
from portal.directory.models import Contact, Offer, Topic
from portal.search.tests.conftest import Catalogue
from portal.web.pagecache import HEADER, touch

pytestmark = pytest.mark.django_db

BACKENDS = {
    "locmem": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "pages"},
    "redis": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:6379/0",
    },
}

PAGES = {
    "start": "/de/",
    "start ar": "/ar/",
    "topics": "/de/themen/",
    "topic sprache": "/de/themen/sprache/",
    "topic arbeit": "/de/themen/arbeit-ausbildung/",
    "Ehingen": "/de/gemeinden/ehingen-donau/",
    "Laichingen": "/de/gemeinden/laichingen/",
    "Blaustein": "/de/gemeinden/blaustein/",
    "offer parents": "/de/angebote/deutschkurs-eltern/",
    "offer parents ar": "/ar/angebote/deutschkurs-eltern/",
    "offer work": "/de/angebote/beratung-arbeit/",
    "offer cafe": "/de/angebote/sprachcafe-blaustein/",
    "VHS": "/de/organisationen/vhs-ehingen/",
    "Caritas": "/de/organisationen/caritas-ulm/",
    "search": "/de/suche/?q=deutschkurs",
    "events": "/de/veranstaltungen/",
    "contacts": "/de/ansprechpartner/",
    "map": "/de/karte/",
}


# Where the catalogue's course for parents (Ehingen, topic "sprache", VHS) is shown, in both
# languages.
SHOWING_PARENTS = {
    "offer parents",
    "offer parents ar",
    "topic sprache",
    "Ehingen",
    "VHS",
    "search",
    "map",
}


@pytest.fixture(params=sorted(BACKENDS))
def page_cache(request, settings):
    settings.PAGE_CACHE_SECONDS = 600
    settings.CACHES = {
        **settings.CACHES,
        "pages": {**BACKENDS[request.param], "KEY_PREFIX": f"test-{uuid.uuid4().hex}"},
    }
    yield caches["pages"]
    if request.param == "redis":  # only this test's keys
        server = caches["pages"]._cache.get_client(write=True)
        keys = list(server.scan_iter(f"{settings.CACHES['pages']['KEY_PREFIX']}:*"))
        if keys:
            server.delete(*keys)
    else:
        caches["pages"].clear()


@pytest.fixture
def catalogue(db):
    return Catalogue()


def get(client, path):
    response = client.get(path)
    assert response.status_code == 200, path
    return response


def warm(client) -> None:
    for path in PAGES.values():
        get(client, path)
    assert not cleared(client), "the pages were not all kept"


def cleared(client) -> set[str]:
    """The pages not answered from the cache (they are kept again afterwards); an archived
    offer's page is gone (404)."""
    return {name for name, path in PAGES.items() if client.get(path).get(HEADER) != "hit"}


def edited(client, capture, change) -> set[str]:
    warm(client)
    with capture(execute=True):  # as when the edit's transaction commits
        change()
    return cleared(client)


def test_a_cached_page_is_answered_without_the_database(
    client, catalogue, page_cache, django_assert_num_queries
):
    first = get(client, PAGES["Ehingen"])
    assert first[HEADER] == "miss"
    with django_assert_num_queries(0):
        again = get(client, PAGES["Ehingen"])
    assert again[HEADER] == "hit"
    assert again.content == first.content
    assert again["Content-Type"] == first["Content-Type"]
    assert again["Content-Language"] == "de"
    assert again["Content-Security-Policy"] == first["Content-Security-Policy"]
    assert get(client, "/ar/gemeinden/ehingen-donau/")[HEADER] == "miss"  # per language


def test_a_cached_page_keeps_its_etag_and_answers_304(client, catalogue, page_cache):
    first = get(client, PAGES["offer parents"])
    etag = get(client, PAGES["offer parents"])["ETag"]
    assert etag and etag == first["ETag"]
    assert client.get(PAGES["offer parents"], headers={"if-none-match": etag}).status_code == 304


def test_a_cached_page_is_kept_compressed_and_sent_as_the_reader_accepts(
    client, catalogue, page_cache
):
    """Compressed once when kept, not on every read; a reader who does not accept gzip gets
    the page as it is. Both carry the same ETag, weak for the compressed body (as
    GZipMiddleware makes it), and both answer 304 to it."""
    path, gzip = PAGES["Ehingen"], {"accept-encoding": "gzip, deflate, br"}
    first = client.get(path, headers=gzip)
    assert (first[HEADER], first["Content-Encoding"]) == ("miss", "gzip")
    packed = client.get(path, headers=gzip)
    plain = client.get(path)
    assert (packed[HEADER], plain[HEADER]) == ("hit", "hit")
    assert packed["Content-Encoding"] == "gzip" and not plain.has_header("Content-Encoding")
    assert gzip_module.decompress(packed.content) == plain.content
    assert len(packed.content) < len(plain.content) / 3
    assert int(packed["Content-Length"]) == len(packed.content)
    assert int(plain["Content-Length"]) == len(plain.content)
    assert "Accept-Encoding" in packed["Vary"] and "Accept-Encoding" in plain["Vary"]
    assert packed["ETag"] == f"W/{plain['ETag']}" == first["ETag"]
    for headers in (gzip, {}):
        again = client.get(path, headers={**headers, "if-none-match": packed["ETag"]})
        assert again.status_code == 304


def test_a_page_answered_lately_needs_only_the_edit_token_until_an_edit(
    client, catalogue, page_cache, capture, monkeypatch
):
    """A worker keeps the pages it answered lately: while no edit happens, a hit reads only
    the edit token from the shared cache; after an edit the page is checked there again."""
    path = PAGES["offer parents"]
    assert get(client, path)[HEADER] == "miss"
    read = []
    for name in ("get", "get_many"):
        original = getattr(page_cache, name)

        def spy(keys, *args, original=original, **kwargs):
            read.append(keys)
            return original(keys, *args, **kwargs)

        monkeypatch.setattr(page_cache, name, spy)
    first, second = get(client, path), get(client, path)
    assert first[HEADER] == second[HEADER] == "hit" and first.content == second.content
    assert read[-1] == "page-tags:edits"  # the second hit: the token alone
    with capture(execute=True):
        catalogue.parents.title_de = "Deutschkurs für Mütter und Väter"
        catalogue.parents.save()
    changed = get(client, path)
    assert changed[HEADER] == "miss" and "Mütter und Väter" in changed.content.decode()
    assert get(client, path)[HEADER] == "hit"


def test_not_kept_for_logged_in_partners_forms_or_failed_searches(
    client, catalogue, page_cache, personas
):
    get(client, "/de/mithelfen/anmelden/")  # a form with a CSRF token
    assert get(client, "/de/mithelfen/anmelden/").get(HEADER) is None
    get(client, "/de/suche/?q=qqqxyz")  # found nothing: counted each time
    assert get(client, "/de/suche/?q=qqqxyz").get(HEADER) is None
    get(client, PAGES["start"])
    client.force_login(personas.charlie)
    assert get(client, PAGES["start"]).get(HEADER) is None  # neither read nor kept
    assert client.head(PAGES["offer work"]).status_code == 200


def test_publishing_an_offer_clears_its_lists(client, catalogue, page_cache, capture):
    offer = testing.offer(
        org=Offer.objects.get(slug="beratung-arbeit").organisation,
        slug="bewerbung-laichingen",
        title_de="Bewerbungstraining Laichingen",
        status=Offer.Status.DRAFT,
        topics=("arbeit-ausbildung",),
        municipalities=[catalogue.laichingen],
    )

    def publish():
        offer.status = Offer.Status.PUBLISHED
        offer.save()

    assert edited(client, capture, publish) == {
        "topics",  # the count of the topic
        "topic arbeit",
        "Laichingen",
        "Caritas",
        "search",
        "map",
    }


def test_changing_an_offer_clears_the_pages_that_show_it(client, catalogue, page_cache, capture):
    def change():
        catalogue.parents.title_de = "Deutschkurs für Mütter und Väter"
        catalogue.parents.save()

    assert edited(client, capture, change) == SHOWING_PARENTS


def test_archiving_an_offer_clears_its_page_and_lists(client, catalogue, page_cache, capture):
    def archive():
        catalogue.work.status = Offer.Status.ARCHIVED
        catalogue.work.save()

    assert edited(client, capture, archive) == {
        "offer work",
        "topics",
        "topic arbeit",
        "Ehingen",
        "Caritas",
        "search",
        "map",
    }


def test_a_translation_update_clears_the_offer_in_every_language(
    client, catalogue, page_cache, capture
):
    def translate():
        catalogue.parents.title_ar = "دورة لغة ألمانية للأمهات والآباء"
        catalogue.parents.save()

    assert edited(client, capture, translate) == SHOWING_PARENTS


def test_a_municipality_note_clears_its_page_and_search_only(
    client, catalogue, page_cache, capture
):
    def note():
        catalogue.ehingen.note_de = "Sprechstunde der Integrationsmanagerin jetzt dienstags."
        catalogue.ehingen.save()

    assert edited(client, capture, note) == {"Ehingen", "search"}


def test_moving_an_offer_clears_the_lists_it_leaves_and_joins(
    client, catalogue, page_cache, capture
):
    def move():
        catalogue.cafe.municipalities.set([catalogue.laichingen])
        catalogue.cafe.topics.set(Topic.objects.filter(slug="arbeit-ausbildung"))

    assert edited(client, capture, move) == {
        "offer cafe",
        "topics",
        "topic sprache",
        "topic arbeit",
        "Blaustein",
        "Laichingen",
        "Caritas",
        "search",
        "map",
    }


def test_a_county_wide_offer_is_cleared_from_every_municipality(
    client, catalogue, page_cache, capture
):
    def change():
        catalogue.online.summary_de = "Für alle im Landkreis, am Computer."
        catalogue.online.save()

    assert {"Ehingen", "Laichingen", "Blaustein"} <= edited(client, capture, change)


def test_editing_a_draft_clears_nothing(client, catalogue, page_cache, capture):
    draft = testing.offer(slug="entwurf", status=Offer.Status.DRAFT, municipalities=[])

    def change():
        draft.title_de = "Noch nicht fertig"
        draft.save()
        draft.topics.set(Topic.objects.filter(slug="wohnen"))

    assert edited(client, capture, change) == set()


def test_a_contact_change_clears_its_municipality_and_the_contact_list(
    client, catalogue, page_cache, capture
):
    manager = testing.contact(
        name="Mira Beispiel",
        kind=Contact.Kind.INTEGRATION_MANAGER,
        municipalities=[catalogue.ehingen],
    )

    def change():
        manager.phone = "07391 123456"
        manager.save()

    assert edited(client, capture, change) == {"Ehingen", "contacts", "search"}


def test_a_page_rendered_during_an_edit_is_not_kept(client, catalogue, page_cache, monkeypatch):
    from portal.web import views

    render = views.render

    def render_while_edited(*args, **kwargs):
        touch({"offers:municipality:0"})  # another worker saves something meanwhile
        return render(*args, **kwargs)

    monkeypatch.setattr(views, "render", render_while_edited)
    assert HEADER not in get(client, PAGES["Laichingen"])
    monkeypatch.setattr(views, "render", render)
    assert get(client, PAGES["Laichingen"])[HEADER] == "miss"
    assert get(client, PAGES["Laichingen"])[HEADER] == "hit"


@pytest.fixture
def capture(django_capture_on_commit_callbacks):
    return django_capture_on_commit_callbacks
