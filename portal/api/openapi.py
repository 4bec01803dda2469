"""The API's own OpenAPI 3.1 document: the paths and parameters of the HSDS 3.0 template as
this portal implements them, with the official HSDS 3.0 object schemas (copied unchanged into
`hsds-3.0/`, CC BY-SA 4.0, see its README) as components, so that the document stands alone
(no schema is fetched from elsewhere)."""

import json
from functools import cache
from pathlib import Path

from .params import DEFAULT_PER_PAGE, LANGUAGES, MAX_PER_PAGE

SCHEMAS = Path(__file__).resolve().parent / "hsds-3.0" / "schema"


def _local_refs(node):
    """`"$ref": "phone.json"` → `"$ref": "#/components/schemas/phone"`."""
    if isinstance(node, dict):
        out = {}
        for key, value in node.items():
            if key == "$ref" and isinstance(value, str) and value.endswith(".json"):
                out[key] = "#/components/schemas/" + Path(value).stem
            else:
                out[key] = _local_refs(value)
        return out
    if isinstance(node, list):
        return [_local_refs(v) for v in node]
    return node


@cache
def object_schemas() -> dict:
    return {
        path.stem: _local_refs(json.loads(path.read_text(encoding="utf-8")))
        for path in sorted(SCHEMAS.glob("*.json"))
        if path.stem != "openapi"
    }


def _param(name, description, schema, where="query", required=False):
    return {
        "name": name,
        "in": where,
        "required": required,
        "description": description,
        "schema": schema,
    }


UUID = {"type": "string", "format": "uuid"}
BOOLEAN = {"type": "string", "enum": ["true", "false", "1", "0"]}

PARAMETERS = {
    "search": _param(
        "search",
        "Full-text search (what the portal's search finds; the first 200 characters count).",
        {"type": "string"},
    ),
    "page": _param(
        "page", "Page number, from 1.", {"type": "integer", "minimum": 1, "maximum": 1_000_000}
    ),
    "per_page": _param(
        "per_page",
        f"Entries per page (default {DEFAULT_PER_PAGE}).",
        {"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE},
    ),
    "format": _param(
        "format",
        "`ndjson`: all results, one JSON object per line, no paging.",
        {"type": "string", "enum": ["json", "ndjson"]},
    ),
    "taxonomy_term_id": _param(
        "taxonomy_term_id", "Services with this term (topic or target group).", UUID
    ),
    "taxonomy_id": _param("taxonomy_id", "Services with any term of this taxonomy.", UUID),
    "organization_id": _param("organization_id", "Services of this organization.", UUID),
    "modified_after": _param(
        "modified_after",
        "Changed on or after this moment (ISO 8601).",
        {"type": "string", "format": "date-time"},
    ),
    "minimal": _param("minimal", "Only `id` and `last_modified` of each service.", BOOLEAN),
    "full": _param("full", "Fully nested objects.", BOOLEAN),
    "full_service": _param(
        "full_service", "Organizations with their fully nested services.", BOOLEAN
    ),
    "postcode": _param(
        "postcode",
        "Places with this postcode; with `proximity`, places "
        "within that distance of the municipality with this postcode.",
        {"type": "string", "pattern": "^[0-9]{5}$"},
    ),
    "proximity": _param(
        "proximity",
        "Distance in metres (with `postcode`).",
        {"type": "number", "minimum": 0, "maximum": 1_000_000},
    ),
    "lang": _param(
        "lang",
        "Language of the texts (else Accept-Language, else German). "
        "Entries without a translation are given in German.",
        {"type": "string", "enum": LANGUAGES},
    ),
    "top_only": _param("top_only", "Only terms without a parent (all are).", BOOLEAN),
    "parent_id": _param("parent_id", "Terms with this parent (none has one).", UUID),
    "id": _param("id", "The entry's UUID.", {"type": "string"}, where="path", required=True),
}

PAGE = {
    "type": "object",
    "required": [
        "total_items",
        "total_pages",
        "page_number",
        "size",
        "first_page",
        "last_page",
        "empty",
        "contents",
    ],
    "properties": {
        "total_items": {"type": "integer"},
        "total_pages": {"type": "integer"},
        "page_number": {"type": "integer"},
        "size": {"type": "integer"},
        "first_page": {"type": "boolean"},
        "last_page": {"type": "boolean"},
        "empty": {"type": "boolean"},
    },
}

ERROR = {
    "type": "object",
    "required": ["error", "message"],
    "properties": {"error": {"type": "string"}, "message": {"type": "string"}},
}

MINIMAL_SERVICE = {
    "type": "object",
    "required": ["id", "last_modified"],
    "properties": {"id": UUID, "last_modified": {"type": "string", "format": "date-time"}},
}


def _ref(name):
    return {"$ref": f"#/components/schemas/{name}"}


def _error(description):
    return {"description": description, "content": {"application/json": {"schema": _ref("Error")}}}


def _list(summary, item, names):
    paged = {
        "allOf": [
            _ref("Page"),
            {"type": "object", "properties": {"contents": {"type": "array", "items": item}}},
        ]
    }
    return {
        "get": {
            "summary": summary,
            "parameters": [{"$ref": f"#/components/parameters/{n}"} for n in [*names, "lang"]],
            "responses": {
                "200": {
                    "description": summary,
                    "content": {
                        "application/json": {"schema": paged},
                        "application/x-ndjson": {"schema": {"type": "string"}},
                    },
                },
                "304": {"description": "Not modified since the ETag or date sent."},
                "400": _error("A parameter is wrong; the message says which and why."),
            },
        }
    }


def _detail(summary, item, names=()):
    return {
        "get": {
            "summary": summary,
            "parameters": [
                {"$ref": f"#/components/parameters/{n}"} for n in ["id", *names, "lang"]
            ],
            "responses": {
                "200": {"description": summary, "content": {"application/json": {"schema": item}}},
                "304": {"description": "Not modified since the ETag or date sent."},
                "400": _error("A parameter is wrong."),
                "404": _error("No published entry with this id."),
            },
        }
    }


def document(base_url: str) -> dict:
    listing = ["search", "page", "per_page", "format"]
    services = [
        *listing,
        "taxonomy_term_id",
        "taxonomy_id",
        "organization_id",
        "modified_after",
        "minimal",
        "full",
    ]
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Integrationsportal – Offene Daten (HSDS 3.0)",
            "version": "1.0.0",
            "summary": "The published offers, organisations and places of the integration "
            "portal as Open Referral HSDS 3.0, read-only.",
            "license": {
                "name": "Datenlizenz Deutschland – Namensnennung – Version 2.0",
                "url": "https://www.govdata.de/dl-de/by-2-0",
            },
        },
        "servers": [{"url": base_url.rstrip("/")}],
        "paths": {
            "/": {
                "get": {
                    "summary": "This API and its relationship with HSDS.",
                    "responses": {
                        "200": {
                            "description": "HSDS version, profile, this document.",
                            "content": {
                                "application/json": {
                                    "schema": {
                                        "type": "object",
                                        "required": ["version", "profile", "openapi_url"],
                                        "properties": {
                                            "version": {"type": "string"},
                                            "profile": {"type": "string", "format": "uri"},
                                            "openapi_url": {"type": "string", "format": "uri"},
                                        },
                                    }
                                }
                            },
                        },
                        "304": {"description": "Not modified."},
                        "400": _error("A parameter is wrong."),
                    },
                    "parameters": [{"$ref": "#/components/parameters/lang"}],
                }
            },
            "/services": _list(
                "Published services (offers), paged.",
                {"anyOf": [_ref("service"), _ref("MinimalService")]},
                services,
            ),
            "/services/{id}": _detail("A fully nested service.", _ref("service")),
            "/organizations": _list(
                "Organizations (partners), paged.",
                _ref("organization"),
                [*listing, "full", "full_service"],
            ),
            "/organizations/{id}": _detail(
                "An organization with its places, contacts and services.",
                _ref("organization"),
                ["full_service"],
            ),
            "/service_at_locations": _list(
                "Published services at their places, paged.",
                _ref("service_at_location"),
                [
                    *listing,
                    "taxonomy_term_id",
                    "taxonomy_id",
                    "organization_id",
                    "modified_after",
                    "full",
                    "postcode",
                    "proximity",
                ],
            ),
            "/service_at_locations/{id}": _detail(
                "A service at one place, with the place and the full service.",
                _ref("service_at_location"),
            ),
            "/taxonomies": _list(
                "The taxonomies (topics, target groups).", _ref("taxonomy"), listing
            ),
            "/taxonomies/{id}": _detail("A taxonomy.", _ref("taxonomy")),
            "/taxonomy_terms": _list(
                "The terms of the taxonomies.",
                _ref("taxonomy_term"),
                [*listing, "taxonomy_id", "top_only", "parent_id"],
            ),
            "/taxonomy_terms/{id}": _detail("A taxonomy term.", _ref("taxonomy_term")),
        },
        "components": {
            "schemas": {
                **object_schemas(),
                "Page": PAGE,
                "Error": ERROR,
                "MinimalService": MINIMAL_SERVICE,
            },
            "parameters": PARAMETERS,
        },
    }
