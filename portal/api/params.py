"""The query parameters of the HSDS API: read, checked, and a clear message when one is wrong
(answered with 400). Messages are in English, the language of the standard and of the
developers who read them."""

import uuid
from datetime import UTC, datetime

from django.conf import settings
from django.utils import timezone
from django.utils.translation.trans_real import parse_accept_lang_header

MAX_PER_PAGE = 500
DEFAULT_PER_PAGE = 50
LANGUAGES = [code for code, _name in settings.LANGUAGES]


class BadParameter(Exception):
    pass


def text(request, name: str, max_length: int = 200) -> str:
    value = request.GET.get(name, "")
    # Control characters (a NUL byte breaks PostgreSQL) are no part of a search.
    value = "".join(ch for ch in value if ch.isprintable() or ch == " ")
    return value.strip()[:max_length]


def integer(request, name: str, default: int, low: int, high: int) -> int:
    raw = request.GET.get(name)
    if raw is None:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise BadParameter(f"`{name}` must be a whole number, not {raw[:40]!r}.") from None
    if not low <= value <= high:
        raise BadParameter(f"`{name}` must be between {low} and {high}.")
    return value


def boolean(request, name: str) -> bool:
    raw = request.GET.get(name, "false").lower()
    if raw in ("false", "0"):
        return False
    if raw in ("true", "1"):
        return True
    raise BadParameter(f"`{name}` must be true or false.")


def identifier(request, name: str) -> uuid.UUID | None:
    raw = request.GET.get(name)
    if raw is None:
        return None
    try:
        return uuid.UUID(raw)
    except ValueError:
        raise BadParameter(f"`{name}` must be a UUID.") from None


def moment(request, name: str) -> datetime | None:
    raw = request.GET.get(name)
    if raw is None:
        return None
    try:
        value = datetime.fromisoformat(raw.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        raise BadParameter(
            f"`{name}` must be a date and time in ISO 8601, e.g. 2026-01-31T12:00:00Z."
        ) from None
    try:
        if timezone.is_naive(value):
            value = timezone.make_aware(value)
        return value.astimezone(UTC)  # databases take no offset of, say, +17:57
    except (OverflowError, ValueError):
        raise BadParameter(f"`{name}` is out of range.") from None


def output_format(request) -> str:
    value = request.GET.get("format", "json")
    if value not in ("json", "ndjson"):
        raise BadParameter("`format` must be json or ndjson.")
    return value


def postcode(request) -> str | None:
    raw = request.GET.get("postcode")
    if raw is None:
        return None
    if not (len(raw) == 5 and raw.isascii() and raw.isdigit()):
        raise BadParameter("`postcode` must be a German postcode of five digits.")
    return raw


def proximity(request) -> float | None:
    raw = request.GET.get("proximity")
    if raw is None:
        return None
    try:
        value = float(raw)
    except ValueError:
        raise BadParameter("`proximity` must be a distance in metres.") from None
    if not 0 <= value <= 1_000_000:
        raise BadParameter("`proximity` must be a distance between 0 and 1000000 metres.")
    return value


def language(request) -> str:
    """`lang` if given, else the first supported language of Accept-Language, else German."""
    raw = request.GET.get("lang")
    if raw is not None:
        if raw not in LANGUAGES:
            raise BadParameter(f"`lang` must be one of {', '.join(LANGUAGES)}.")
        return raw
    for code, _quality in parse_accept_lang_header(request.headers.get("Accept-Language", "")):
        base = code.split("-")[0].lower()
        if base in LANGUAGES:
            return base
    return settings.LANGUAGE_CODE
