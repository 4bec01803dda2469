"""Stable public identifiers. Entries have their own UUID; the parts HSDS needs that have none
in the portal (a service's languages, a location's address, an offer at a location, the
taxonomies) get a name-based UUID (version 5): the same every time, in every database."""

import uuid

NAMESPACE = uuid.UUID("6f1c3b1e-5a57-4b8e-9d0e-2f9f3a0c4d11")  # this portal's HSDS data


def derived(*parts) -> str:
    return str(uuid.uuid5(NAMESPACE, "/".join(str(p) for p in parts)))


TOPICS = derived("taxonomy", "topics")
TARGET_GROUPS = derived("taxonomy", "target-groups")


def target_group(slug: str) -> str:
    return derived("target-group", slug)


def service_at_location(offer_uuid, location_uuid) -> str:
    return derived("service-at-location", offer_uuid, location_uuid)
