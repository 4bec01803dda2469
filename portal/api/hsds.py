"""The portal's entries as Open Referral HSDS 3.0 objects (plain dicts, ready for JSON).

An offer is a `service`, a partner an `organization`, a place a `location`, an offer at one of
its places a `service_at_location`; topics and target groups are two taxonomies whose terms are
linked to services through `attributes`. Texts are in the active language, German where an
entry has no translation. Fields without a value are left out (HSDS never requires them).
"""

from contextvars import ContextVar
from functools import lru_cache

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation

from portal.directory.models import Contact, Location, Offer, Organisation, TargetGroup, Topic

from . import ids

STATE = "Baden-Württemberg"
COUNTY = ContextVar("county", default="")  # the county's name, set per request
COUNTRY = "DE"


def _clean(data: dict) -> dict:
    return {k: v for k, v in data.items() if v not in (None, "", [])}


def absolute(path: str) -> str:
    return settings.SITE_URL + path


@lru_cache(maxsize=128)
def _pattern(name: str, lang: str) -> str:
    with translation.override(lang):
        return settings.SITE_URL + reverse(name, args=["__slug__"])


def page(name: str, slug: str) -> str:
    """The address of a public page in the active language (reverse() once per kind)."""
    return _pattern(name, translation.get_language()).replace("__slug__", slug)


def taxonomies() -> list[dict]:
    return [
        {
            "id": ids.TOPICS,
            "name": "Themen",
            "description": "Die Themen des Portals (Deutsch lernen, Arbeit und Ausbildung, …).",
            "uri": absolute("/api/hsds/taxonomies/" + ids.TOPICS),
            "version": "1",
        },
        {
            "id": ids.TARGET_GROUPS,
            "name": "Zielgruppen",
            "description": "Für wen ein Angebot gedacht ist (Erwachsene, Frauen, Eltern, …).",
            "uri": absolute("/api/hsds/taxonomies/" + ids.TARGET_GROUPS),
            "version": "1",
        },
    ]


def topic_term(topic: Topic) -> dict:
    return {
        "id": str(topic.uuid),
        "code": topic.slug,
        "name": topic.name,
        "description": topic.description or topic.name,
        "taxonomy": "Themen",
        "taxonomy_id": ids.TOPICS,
        "term_uri": page("web:topic-detail", topic.slug),
    }


def target_group_term(group: TargetGroup) -> dict:
    return {
        "id": ids.target_group(group.slug),
        "code": group.slug,
        "name": group.name,
        "description": group.name,
        "taxonomy": "Zielgruppen",
        "taxonomy_id": ids.TARGET_GROUPS,
    }


def _attribute(service_id: str, term: dict) -> dict:
    return {
        "id": ids.derived("attribute", service_id, term["id"]),
        "link_id": service_id,
        "link_type": term["taxonomy"],
        "link_entity": "service",
        "taxonomy_term_id": term["id"],
        "taxonomy_term": term,
    }


def _phone(number: str, owner: str, **link) -> list[dict]:
    if not number:
        return []
    return [_clean({"id": ids.derived("phone", owner), "number": number, **link})]


def contact(entry: Contact, service_id: str | None = None) -> dict:
    contact_id = str(entry.uuid)
    return _clean(
        {
            "id": contact_id,
            "organization_id": str(entry.organisation.uuid),
            "service_id": service_id,
            "name": entry.name,
            "title": entry.role,
            "email": entry.email,
            "phones": _phone(entry.phone, contact_id, contact_id=contact_id),
        }
    )


def location(place: Location) -> dict:
    location_id = str(place.uuid)
    address = {
        "id": ids.derived("address", location_id),
        "location_id": location_id,
        "address_1": place.street,
        "city": place.city,
        "state_province": STATE,
        "postal_code": place.postcode,
        "country": COUNTRY,
        "address_type": "physical",
    }
    accessibility = (
        [
            {
                "id": ids.derived("accessibility", location_id),
                "location_id": location_id,
                "description": place.accessibility,
            }
        ]
        if place.accessibility
        else []
    )
    return _clean(
        {
            "id": location_id,
            "location_type": "physical",
            "organization_id": str(place.organisation.uuid),
            "name": place.name,
            "latitude": float(place.latitude) if place.latitude is not None else None,
            "longitude": float(place.longitude) if place.longitude is not None else None,
            "addresses": [address],
            "accessibility": accessibility,
        }
    )


def organization(org: Organisation, full: bool = False, services: list | None = None) -> dict:
    org_id = str(org.uuid)
    data = {
        "id": org_id,
        "name": org.name,
        "description": org.description or org.kind.name,
        "email": org.email,
        "website": org.website,
        "uri": page("web:organisation-detail", org.slug),
        "phones": _phone(org.phone, org_id, organization_id=org_id),
    }
    if full:
        data["locations"] = [location(p) for p in org.public_locations]
        data["contacts"] = [contact(c) for c in org.public_contacts]
    if services is not None:
        data["services"] = services
    return _clean(data)


def _fees(offer: Offer) -> str:
    label = str(offer.get_cost_display())
    return f"{label}. {offer.cost_note}" if offer.cost_note else label


def service(offer: Offer, full: bool = False) -> dict:
    """An offer; with `full`, its organisation, places, contacts, languages, areas, terms."""
    service_id = str(offer.uuid)
    data = {
        "id": service_id,
        "organization_id": str(offer.organisation.uuid),
        "name": offer.title,
        "description": offer.description or offer.summary,
        "url": offer.external_url or page("web:offer-detail", offer.slug),
        "status": "active",
        "application_process": offer.registration,
        "fees_description": _fees(offer),
        "eligibility_description": ", ".join(g.name for g in offer.group_list),
        "assured_date": timezone.localdate(offer.last_verified_at).isoformat()
        if offer.last_verified_at
        else None,
        "last_modified": offer.updated_at.isoformat(),
    }
    if not full:
        return _clean(data)
    terms = [topic_term(t) for t in offer.topic_list]
    terms += [target_group_term(g) for g in offer.group_list]
    areas = (
        [{"name": COUNTY.get(), "description": "im ganzen Landkreis"}]
        if offer.is_county_wide
        else [
            {"name": m.name, "uri": page("web:municipality-detail", m.slug)}
            for m in offer.municipality_list
        ]
    )
    data |= {
        "organization": organization(offer.organisation),
        "service_at_locations": [
            service_at_location(offer, place, nested=False) for place in offer.public_locations
        ],
        "contacts": [contact(c, service_id) for c in offer.public_contacts],
        "languages": [
            {
                "id": ids.derived("language", service_id, lang.code),
                "service_id": service_id,
                "name": lang.name_native,
                "code": lang.code,
            }
            for lang in offer.language_list
        ],
        "schedules": [
            {
                "id": ids.derived("schedule", service_id),
                "service_id": service_id,
                "description": offer.schedule,
            }
        ]
        if offer.schedule
        else [],
        "service_areas": [
            _clean(
                {"id": ids.derived("area", service_id, a["name"]), "service_id": service_id, **a}
            )
            for a in areas
        ],
        "cost_options": [
            _clean(
                {
                    "id": ids.derived("cost", service_id),
                    "service_id": service_id,
                    "option": str(offer.get_cost_display()),
                    "amount": 0 if offer.cost == Offer.Cost.FREE else None,
                    "currency": "EUR" if offer.cost == Offer.Cost.FREE else None,
                    "amount_description": offer.cost_note,
                }
            )
        ],
        "attributes": [_attribute(service_id, term) for term in terms],
    }
    return _clean(data)


def service_at_location(offer: Offer, place: Location, nested: bool = True) -> dict:
    data = {
        "id": ids.service_at_location(offer.uuid, place.uuid),
        "service_id": str(offer.uuid),
        "location_id": str(place.uuid),
        "location": location(place),
    }
    if nested:
        data["service"] = service(offer)
    return data
