"""Addresses without resolving the URL patterns each time: `reverse` takes tens of
microseconds, a list page links a hundred entries or more, and every page's header, menu and
footer link some twenty fixed addresses."""

import re
from functools import lru_cache
from html import escape

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import translation

_SLUG = re.compile(r"[-a-zA-Z0-9_]+")
_MARK = "__slug__"


@lru_cache(maxsize=256)
def _around(viewname: str, urlconf: str, script_prefix: str, lang: str | None) -> tuple[str, str]:
    head, _mark, tail = reverse(viewname, args=[_MARK]).partition(_MARK)
    return head, tail


@lru_cache(maxsize=4096)
def _in_language(lang: str, viewname: str, args: tuple, kwargs: tuple, where: tuple) -> str:
    with translation.override(lang):
        return reverse(viewname, args=args, kwargs=dict(kwargs))


def url_in(lang: str, viewname: str, args=(), kwargs=None) -> str:
    """`reverse(viewname, args=args, kwargs=kwargs)` in the language `lang`, reversed once
    (the language switcher links every page in every language)."""
    where = (get_urlconf(settings.ROOT_URLCONF), get_script_prefix())
    return _in_language(lang, viewname, tuple(args), tuple(sorted((kwargs or {}).items())), where)


def fixed_url(viewname: str, *args) -> str:
    """`reverse(viewname, args=args)` in the current language, reversed once: for the
    addresses a page links whatever it shows (menu, footer), whose arguments are few."""
    return url_in(translation.get_language(), viewname, tuple(str(arg) for arg in args))


def slug_urls(viewname: str, *, escaped: bool = False):
    """`slug_url` for many slugs of one view: a function of the slug, with the address around
    it looked up once (a map or list page links hundreds of entries). `escaped`: the address
    escaped for HTML (a slug has nothing to escape, so only the part around it is)."""
    head, tail = _around(
        viewname,
        get_urlconf(settings.ROOT_URLCONF),
        get_script_prefix(),
        translation.get_language(),
    )
    if escaped:
        head, tail = escape(head), escape(tail)

    def url(slug: str) -> str:
        if not _SLUG.fullmatch(slug):
            address = reverse(viewname, args=[slug])
            return escape(address) if escaped else address
        return head + slug + tail

    return url


def slug_url(viewname: str, slug: str) -> str:
    """`reverse(viewname, args=[slug])` for a view whose address holds one slug: the address
    around the slug is reversed once per language (and URL configuration)."""
    if not _SLUG.fullmatch(slug):
        return reverse(viewname, args=[slug])
    head, tail = _around(
        viewname,
        get_urlconf(settings.ROOT_URLCONF),
        get_script_prefix(),
        translation.get_language(),
    )
    return head + slug + tail
