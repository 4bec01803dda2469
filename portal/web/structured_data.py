"""schema.org descriptions (JSON-LD) of offers, organisations, events and municipalities, so
that search engines show the right page with its address, time and provider."""

import json

from django.conf import settings
from django.utils.html import format_html
from django.utils.safestring import SafeString

from portal.content.models import Event
from portal.directory.models import Location, Municipality, Offer, Organisation

CONTEXT = "https://schema.org"


def _url(path: str) -> str:
    return settings.SITE_URL + path


def _clean(data: dict) -> dict:
    return {k: v for k, v in data.items() if v not in (None, "", [])}


def _address(street: str, postcode: str, city: str) -> dict:
    return _clean({"@type": "PostalAddress", "streetAddress": street, "postalCode": postcode,
                   "addressLocality": city, "addressRegion": "Baden-Württemberg",
                   "addressCountry": "DE"})  # fmt: skip


def _geo(latitude, longitude) -> dict | None:
    if latitude is None or longitude is None:
        return None
    return {"@type": "GeoCoordinates", "latitude": float(latitude), "longitude": float(longitude)}


def place(location: Location) -> dict:
    return _clean(
        {
            "@type": "Place",
            "name": location.name,
            "address": _address(location.street, location.postcode, location.city),
            "geo": _geo(location.latitude, location.longitude),
        }
    )


def organisation(org: Organisation, nested: bool = False) -> dict:
    official = org.kind.is_county_office or org.kind.slug == "kommune"
    data = {
        "@type": "GovernmentOrganization" if official else "Organization",
        "name": org.name,
        "url": _url(org.get_absolute_url()),
    }
    if nested:
        return data
    return _clean(
        {
            **data,
            "description": org.description,
            "email": org.email,
            "telephone": org.phone,
            "sameAs": org.website,
            "address": _address(org.street, org.postcode, org.city) if org.street else None,
        }
    )


def offer(  # noqa: PLR0913 (the page's lists, when it has them)
    entry: Offer,
    county: str,
    locations=(),
    lang: str = "de",
    *,
    municipalities=None,
    languages=None,
) -> dict:
    provider = organisation(entry.organisation, nested=True)
    if municipalities is None:
        municipalities = entry.municipalities.all()
    if languages is None:
        languages = entry.languages.all()
    area = (
        [{"@type": "AdministrativeArea", "name": county}]
        if entry.is_county_wide
        else [{"@type": "City", "name": m.name} for m in municipalities]
    )
    return _clean(
        {
            "@type": "GovernmentService"
            if provider["@type"] == "GovernmentOrganization"
            else "Service",
            "name": entry.title,
            "description": entry.summary,
            "url": _url(entry.get_absolute_url()),
            "provider": provider,
            "areaServed": area,
            "availableChannel": [
                {"@type": "ServiceChannel", "serviceLocation": place(p)} for p in locations
            ],
            "availableLanguage": [language.code for language in languages],
            "isAccessibleForFree": entry.cost == Offer.Cost.FREE,
            "inLanguage": lang,
        }
    )


def event(entry: Event, county: str, lang: str = "de") -> dict:
    if entry.location and not entry.location.archived_at:
        where = place(entry.location)
    else:
        where = _clean({"@type": "Place", "name": entry.place_text or (
            entry.municipality.name if entry.municipality else county),
            "address": _address("", "", entry.municipality.name)
            if entry.municipality else None})  # fmt: skip
    return _clean(
        {
            "@type": "Event",
            "name": entry.title,
            "description": entry.description,
            "startDate": entry.starts_at.isoformat(),
            "endDate": entry.ends_at.isoformat(),
            "eventStatus": "https://schema.org/EventScheduled",
            "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
            "location": where,
            "organizer": organisation(entry.organisation, nested=True)
            if entry.organisation
            else None,
            "url": _url(entry.get_absolute_url()),
            "inLanguage": lang,
        }
    )


def municipality(entry: Municipality, county: str) -> dict:
    return _clean(
        {
            "@type": "City" if entry.kind == Municipality.Kind.TOWN else "Place",
            "name": entry.name,
            "url": _url(entry.get_absolute_url()),
            "address": _address("", entry.postcode, entry.name),
            "geo": _geo(entry.latitude, entry.longitude),
            "containedInPlace": {"@type": "AdministrativeArea", "name": county},
            "identifier": {"@type": "PropertyValue", "propertyID": "AGS", "value": entry.ags},
        }
    )


def script(data: dict) -> SafeString:
    """A `<script type="application/ld+json">` element; `<`, `>` and `&` escaped so that no
    text can end the element."""
    text = json.dumps({"@context": CONTEXT, **data}, ensure_ascii=False)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return format_html('<script type="application/ld+json">{}</script>', SafeString(text))
