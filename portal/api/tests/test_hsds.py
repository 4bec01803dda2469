"""The HSDS 3.0 API: every object kind it returns validates against the official HSDS 3.0 JSON
schemas (copied unchanged into portal/api/hsds-3.0/), only published data appears, texts come
in the language asked for, parameters are checked, and HTTP caching works."""

import json
from email.utils import format_datetime
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from portal.api import ids
from portal.core import testing
from portal.directory.models import Municipality, Offer

API = "/api/hsds/"
SCHEMAS = Path(__file__).resolve().parents[1] / "hsds-3.0" / "schema"


def _registry() -> Registry:
    resources = [
        (path.name, Resource.from_contents(json.loads(path.read_text()), DRAFT202012))
        for path in SCHEMAS.glob("*.json")
        if path.name != "openapi.json"
    ]
    return Registry().with_resources(resources)


REGISTRY = _registry()


def assert_valid(kind: str, data: dict) -> None:
    schema = json.loads((SCHEMAS / f"{kind}.json").read_text())
    validator = Draft202012Validator(schema, registry=REGISTRY, format_checker=FormatChecker())
    errors = sorted(validator.iter_errors(data), key=lambda e: list(e.path))
    assert not errors, [f"{list(e.path)}: {e.message}" for e in errors[:5]]


def get(client, path, **headers):
    response = client.get(API + path, **headers)
    assert response.status_code == 200, response.content[:300]
    return response.json()


def ndjson(client, path):
    response = client.get(API + path)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/x-ndjson")
    text = b"".join(response.streaming_content).decode()
    return [json.loads(line) for line in text.splitlines()]


def test_every_object_kind_validates_against_the_official_hsds_schemas(client, directory):
    kinds_seen = set()
    for path, kind in [
        ("services", "service"),
        ("services?full=true", "service"),
        ("organizations", "organization"),
        ("organizations?full=true&full_service=true", "organization"),
        ("service_at_locations", "service_at_location"),
        ("service_at_locations?full=true", "service_at_location"),
        ("taxonomies", "taxonomy"),
        ("taxonomy_terms", "taxonomy_term"),
    ]:
        page = get(client, path)
        assert page["contents"], path
        for item in page["contents"]:
            assert_valid(kind, item)
            if kind == "organization" and "services" in item:
                for nested in item["services"]:
                    assert_valid("service", nested)
        kinds_seen.add(kind)
    service = get(client, f"services/{directory.offer.uuid}")
    assert_valid("service", service)
    # The nested kinds, each validated on its own too (the service schema refers to them).
    nested = {
        "organization": [service["organization"]],
        "contact": service["contacts"],
        "phone": service["contacts"][0]["phones"],
        "language": service["languages"],
        "schedule": service["schedules"],
        "service_area": service["service_areas"],
        "cost_option": service["cost_options"],
        "attribute": service["attributes"],
        "service_at_location": service["service_at_locations"],
        "location": [s["location"] for s in service["service_at_locations"]],
        "address": service["service_at_locations"][0]["location"]["addresses"],
        "accessibility": service["service_at_locations"][0]["location"]["accessibility"],
    }
    for kind, items in nested.items():
        assert items, kind
        for item in items:
            assert_valid(kind, item)
    organization = get(client, f"organizations/{directory.organisation.uuid}?full_service=true")
    assert_valid("organization", organization)
    assert_valid("phone", organization["phones"][0])
    sal = get(client, "service_at_locations")["contents"][0]
    assert_valid("service_at_location", get(client, f"service_at_locations/{sal['id']}"))
    assert_valid("taxonomy", get(client, f"taxonomies/{ids.TOPICS}"))
    term = get(client, "taxonomy_terms")["contents"][0]
    assert_valid("taxonomy_term", get(client, f"taxonomy_terms/{term['id']}"))
    assert kinds_seen | set(nested) >= {
        "service",
        "organization",
        "service_at_location",
        "location",
        "taxonomy",
        "taxonomy_term",
        "contact",
        "phone",
        "address",
        "language",
        "schedule",
    }


def test_a_full_service_carries_what_the_offer_page_shows(client, directory):
    service = get(client, f"services/{directory.offer.uuid}")
    assert service["name"] == "Deutschkurs für Frauen"
    assert service["status"] == "active"
    assert service["application_process"] == "Anmeldung per Telefon."
    assert service["fees_description"] == "kostenlos. Fahrtkosten werden erstattet."
    assert service["cost_options"][0]["amount"] == 0
    assert service["schedules"][0]["description"] == "Montags 9 bis 12 Uhr"
    assert {lang["code"] for lang in service["languages"]} == {"de", "ar"}
    assert [a["name"] for a in service["service_areas"]] == ["Ehingen (Donau)"]
    assert service["organization"]["id"] == str(directory.organisation.uuid)
    assert service["contacts"][0]["phones"][0]["number"] == "07391 000001"
    terms = {a["taxonomy_term"]["code"] for a in service["attributes"]}
    assert terms == {"sprache", "frauen"}
    address = service["service_at_locations"][0]["location"]["addresses"][0]
    assert address["postal_code"] == "89584"
    assert address["country"] == "DE"
    county_wide = get(client, f"services/{directory.county_wide.uuid}")
    assert [a["name"] for a in county_wide["service_areas"]] == ["Alb-Donau-Kreis"]


def test_ids_are_stable_uuids(client, directory):
    first = get(client, "service_at_locations?full=true")
    second = get(client, "service_at_locations?full=true")
    assert first == second
    sal = first["contents"][0]
    assert sal["id"] == ids.service_at_location(directory.offer.uuid, directory.place.uuid)
    assert sal["service"]["id"] == str(directory.offer.uuid)


def test_only_published_data_appears_anywhere(client, directory):
    hidden = {
        str(directory.draft.uuid),
        str(directory.hidden_place.uuid),
        str(directory.archived_place.uuid),
        "Entwurf eines Kurses",
    }
    answers = [
        client.get(API + path).content.decode()
        for path in [
            "services?full=true&per_page=500",
            "services?search=Entwurf",
            "organizations?full=true&full_service=true",
            f"organizations/{directory.organisation.uuid}?full_service=true",
            "service_at_locations?full=true",
        ]
    ]
    answers.append(
        b"".join(client.get(API + "services?format=ndjson&full=true").streaming_content).decode()
    )
    for answer in answers:
        assert not [h for h in hidden if h in answer]
    assert client.get(f"{API}services/{directory.draft.uuid}").status_code == 404
    assert get(client, "services")["total_items"] == 2


def test_texts_in_the_language_asked_for_with_german_where_none_exists(client, directory):
    arabic = get(client, f"services/{directory.offer.uuid}?lang=ar")
    assert arabic["name"] == "دورة لغة ألمانية للنساء"
    assert arabic["description"] == "Ein Kurs mit Kinderbetreuung."  # not translated
    assert arabic["organization"]["description"] == "دورات للكبار."
    response = client.get(
        f"{API}services/{directory.offer.uuid}", HTTP_ACCEPT_LANGUAGE="ar-SY,en;q=0.5"
    )
    assert response.json()["name"] == "دورة لغة ألمانية للنساء"
    assert response["Content-Language"] == "ar"
    assert "Accept-Language" in response["Vary"]
    german = client.get(f"{API}services/{directory.offer.uuid}", HTTP_ACCEPT_LANGUAGE="sv")
    assert german.json()["name"] == "Deutschkurs für Frauen"
    assert german["Content-Language"] == "de"


def test_paging_fields_and_ndjson_give_every_result(client, directory):
    ehingen = Municipality.objects.get(slug="ehingen-donau")
    testing.many_offers(7, ehingen)
    first = get(client, "services?per_page=4")
    assert {
        k: first[k]
        for k in (
            "total_items",
            "total_pages",
            "page_number",
            "size",
            "first_page",
            "last_page",
            "empty",
        )
    } == {
        "total_items": 9,
        "total_pages": 3,
        "page_number": 1,
        "size": 4,
        "first_page": True,
        "last_page": False,
        "empty": False,
    }
    last = get(client, "services?per_page=4&page=3")
    assert (last["size"], last["last_page"]) == (1, True)
    beyond = get(client, "services?per_page=4&page=9")
    assert (beyond["size"], beyond["contents"]) == (0, [])
    lines = ndjson(client, "services?format=ndjson")
    assert len(lines) == 9
    assert len({line["id"] for line in lines}) == 9
    minimal = get(client, "services?minimal=true&per_page=1")["contents"][0]
    assert set(minimal) == {"id", "last_modified"}


def test_filters(client, directory):
    topic = directory.offer.topics.get()
    by_term = get(client, f"services?taxonomy_term_id={topic.uuid}")
    assert {s["id"] for s in by_term["contents"]} == {
        str(directory.offer.uuid),
        str(directory.county_wide.uuid),
    }
    women = ids.target_group("frauen")
    assert [s["id"] for s in get(client, f"services?taxonomy_term_id={women}")["contents"]] == [
        str(directory.offer.uuid)
    ]
    groups = get(client, f"services?taxonomy_id={ids.TARGET_GROUPS}")
    assert groups["total_items"] == 1
    assert (
        get(client, f"services?organization_id={directory.organisation.uuid}")["total_items"] == 2
    )
    other = testing.organisation()
    assert get(client, f"services?organization_id={other.uuid}")["total_items"] == 0
    recent = (timezone.now() - timezone.timedelta(days=1)).isoformat()
    changed = client.get(API + "services", {"modified_after": recent}).json()
    assert [s["id"] for s in changed["contents"]] == [str(directory.offer.uuid)]
    found = get(client, "services?search=Deutschkurs")
    assert [s["id"] for s in found["contents"]] == [str(directory.offer.uuid)]
    terms = get(client, f"taxonomy_terms?taxonomy_id={ids.TARGET_GROUPS}")["contents"]
    assert terms and {t["taxonomy_id"] for t in terms} == {ids.TARGET_GROUPS}


def test_postcode_and_proximity(client, directory):
    near = get(client, "service_at_locations?postcode=89584&proximity=1000")
    assert [s["location_id"] for s in near["contents"]] == [str(directory.place.uuid)]
    blaubeuren = Municipality.objects.get(slug="blaubeuren")
    far = get(client, f"service_at_locations?postcode={blaubeuren.postcode}&proximity=1000")
    assert far["total_items"] == 0
    wide = get(client, f"service_at_locations?postcode={blaubeuren.postcode}&proximity=50000")
    assert wide["total_items"] == 1
    same_code = get(client, "service_at_locations?postcode=89584")
    assert same_code["total_items"] == 1
    # Without proximity the postcode is looked for in the service's area, as HSDS says: an
    # offer for Ehingen whose place is in Blaubeuren is found, one only for Blaubeuren not.
    elsewhere = testing.location(org=directory.organisation, municipality=blaubeuren)
    for_ehingen = testing.offer(
        org=directory.organisation, municipalities=[directory.place.municipality]
    )
    for_ehingen.locations.set([elsewhere])
    only_blaubeuren = testing.offer(org=directory.organisation, municipalities=[blaubeuren])
    only_blaubeuren.locations.set([elsewhere])
    found = {
        s["service_id"] for s in get(client, "service_at_locations?postcode=89584")["contents"]
    }
    assert found == {str(directory.offer.uuid), str(for_ehingen.uuid)}
    assert get(client, "service_at_locations?postcode=12345&proximity=10")["total_items"] == 0


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("services?page=0", "`page` must be between 1 and 1000000."),
        ("services?page=abc", "`page` must be a whole number"),
        ("services?per_page=100000", "`per_page` must be between 1 and 500."),
        ("services?format=xml", "`format` must be json or ndjson."),
        ("services?taxonomy_term_id=not-a-uuid", "`taxonomy_term_id` must be a UUID."),
        ("services?organization_id=%00", "`organization_id` must be a UUID."),
        ("services?modified_after=yesterday", "`modified_after` must be a date and time"),
        ("services?full=maybe", "`full` must be true or false."),
        ("services?lang=xx", "`lang` must be one of de, en, ar, fa, uk, ru, tr."),
        ("service_at_locations?postcode=8958", "`postcode` must be a German postcode"),
        ("service_at_locations?postcode=89584&proximity=far", "`proximity` must be a distance"),
        ("service_at_locations?postcode=89584&proximity=-1", "`proximity` must be a distance"),
        ("taxonomy_terms?parent_id=1", "`parent_id` must be a UUID."),
        ("organizations?full_service=2", "`full_service` must be true or false."),
        ("services?format=ndjson&modified_after=x", "`modified_after` must be a date"),
    ],
)
def test_bad_parameters_get_a_clear_400(client, directory, query, message):
    response = client.get(API + query)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert body["error"] == "bad_parameter"
    assert body["message"].startswith(message)


@pytest.mark.parametrize(
    "search", ["\x00", "a\x00b", "' OR 1=1 --", "(((", "‮‏", "x" * 10_000, "kurs*", ""]
)
def test_odd_searches_are_answered(client, directory, search):
    response = client.get(API + "services", {"search": search})
    assert response.status_code == 200
    assert "contents" in response.json()


def test_unknown_ids_are_404(client, directory):
    for path in [
        "services/x",
        "services/00000000-0000-0000-0000-000000000000",
        "organizations/x",
        "service_at_locations/x",
        "taxonomies/x",
        "taxonomy_terms/00000000-0000-0000-0000-000000000000",
    ]:
        response = client.get(API + path)
        assert response.status_code == 404, path
        assert response.json()["error"] == "not_found"


def test_root_names_version_profile_and_openapi_document(client, db):
    root = get(client, "")
    assert root["version"] == "3.0"
    assert root["openapi_url"].endswith("/api/hsds/openapi.json")
    document = get(client, "openapi.json")
    assert document["openapi"] == "3.1.0"
    assert "/services/{id}" in document["paths"]
    assert "raw.githubusercontent.com" not in json.dumps(document)  # stands alone


def test_etag_last_modified_and_304(client, directory):
    first = client.get(API + "services")
    assert first["Cache-Control"] == "public, max-age=300"
    assert first["Access-Control-Allow-Origin"] == "*"
    etag, modified = first["ETag"], first["Last-Modified"]
    again = client.get(API + "services", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == etag
    since = client.get(API + "services", HTTP_IF_MODIFIED_SINCE=modified)
    assert since.status_code == 304
    # A change gives a new ETag and a later Last-Modified.
    Offer.objects.filter(pk=directory.offer.pk).update(title_de="Deutschkurs am Abend")
    Offer.objects.filter(pk=directory.offer.pk).update(
        updated_at=timezone.now() + timezone.timedelta(seconds=2)
    )
    changed = client.get(API + "services", HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200
    assert changed["ETag"] != etag
    older = format_datetime(timezone.now() - timezone.timedelta(days=1), usegmt=True)
    assert client.get(API + "services", HTTP_IF_MODIFIED_SINCE=older).status_code == 200


def test_get_and_head_only_and_the_cors_preflight(client, db):
    assert client.head(API + "services").status_code == 200
    assert client.post(API + "services").status_code == 405
    assert client.put(API + "services").status_code == 405
    preflight = client.options(API + "services")
    assert preflight.status_code == 204
    assert preflight["Access-Control-Allow-Origin"] == "*"
    assert preflight["Access-Control-Allow-Methods"] == "GET, HEAD"
    assert "If-None-Match" in preflight["Access-Control-Allow-Headers"]
    exposed = client.get(API + "services")["Access-Control-Expose-Headers"]
    assert "ETag" in exposed and "Last-Modified" in exposed


def test_a_change_of_topics_alone_moves_last_modified_for_every_process(client, directory):
    from portal.api.models import DirectoryChange
    from portal.content.models import Event
    from portal.directory.models import Contact, Location, Organisation, Topic

    yesterday = timezone.now() - timezone.timedelta(days=1)
    for model in (Offer, Organisation, Location, Contact, Topic, Event):
        model.objects.update(updated_at=yesterday)
    DirectoryChange.objects.update(changed_at=yesterday)
    first = client.get(API + "services")
    directory.offer.topics.set([Topic.objects.get(slug="beratung")])  # no updated_at moves
    changed = client.get(API + "services", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert changed.status_code == 200
    assert DirectoryChange.objects.get().changed_at > timezone.now() - timezone.timedelta(minutes=1)


@pytest.mark.parametrize(
    "path",
    [
        "services?full=true&per_page=500",
        "service_at_locations?full=true&per_page=500",
        "organizations?full_service=true&per_page=500",
        "services?format=ndjson&full=true",
    ],
)
def test_queries_do_not_grow_with_the_number_of_offers(client, directory, path):
    def count():
        with CaptureQueriesContext(connection) as queries:
            response = client.get(API + path)
            if response.streaming:
                b"".join(response.streaming_content)
        return len(queries)

    few = count()
    ehingen = Municipality.objects.get(slug="ehingen-donau")
    bulk = testing.many_offers(60, ehingen)
    for offer in Offer.objects.filter(organisation=bulk)[:30]:
        offer.locations.set([testing.location(org=bulk)])
        offer.contacts.set([testing.contact(org=bulk)])
    assert count() == few


@pytest.mark.parametrize(
    ("moment", "status"),
    [
        ("4428-05-03T08:32:02.364767+17:57", 200),  # an offset no database takes
        ("0001-01-01T00:00:00+14:00", 400),  # before year 1 in UTC
        ("2026-01-31", 200),
        ("2026-01-31T12:00:00Z", 200),
    ],
)
def test_odd_moments(client, directory, moment, status):
    assert client.get(API + "services", {"modified_after": moment}).status_code == status


def test_a_change_shows_at_once_though_services_are_cached(client, directory):
    from portal.directory.models import Topic

    def codes():
        service = get(client, "services?full=true")["contents"][1]
        assert service["id"] == str(directory.offer.uuid)
        return service["name"], {a["taxonomy_term"]["code"] for a in service["attributes"]}

    assert codes() == ("Deutschkurs für Frauen", {"sprache", "frauen"})
    directory.offer.topics.set([Topic.objects.get(slug="arbeit-ausbildung")])  # topics only
    assert codes() == ("Deutschkurs für Frauen", {"arbeit-ausbildung", "frauen"})
    # Written by another process (no signal here): its `updated_at` is the directory's news.
    Offer.objects.filter(pk=directory.offer.pk).update(
        title_de="Deutschkurs am Abend", updated_at=timezone.now() + timezone.timedelta(seconds=5)
    )
    assert codes()[0] == "Deutschkurs am Abend"
    assert (
        get(client, "services?full=true&lang=ar")["contents"][1]["name"]
        == "دورة لغة ألمانية للنساء"
    )
