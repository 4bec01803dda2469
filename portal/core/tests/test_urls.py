"""Addresses built around the slug, and fixed addresses reversed once, are the addresses
`reverse` gives."""

import pytest
from django.conf import settings
from django.urls import NoReverseMatch, reverse, set_script_prefix
from django.utils import translation
from django.utils.html import escape

from portal.core.urls import fixed_url, slug_url, slug_urls, url_in

VIEWS = [
    "web:offer-detail",
    "web:topic-detail",
    "web:municipality-detail",
    "web:organisation-detail",
    "web:event-detail",
    "web:page-detail",
]


@pytest.mark.parametrize("lang", [code for code, _name in settings.LANGUAGES])
@pytest.mark.parametrize("viewname", VIEWS)
def test_slug_url_is_what_reverse_gives(viewname, lang):
    with translation.override(lang):
        for slug in ("deutschkurs-ehingen", "a_b-9", "__slug__"):
            assert slug_url(viewname, slug) == reverse(viewname, args=[slug])
            assert slug_urls(viewname)(slug) == reverse(viewname, args=[slug])
            escaped = slug_urls(viewname, escaped=True)(slug)
            assert escaped == escape(reverse(viewname, args=[slug]))


def test_slug_url_follows_the_script_prefix():
    try:
        set_script_prefix("/portal/")
        assert slug_url("web:offer-detail", "kurs") == reverse("web:offer-detail", args=["kurs"])
        assert slug_url("web:offer-detail", "kurs").startswith("/portal/")
    finally:
        set_script_prefix("/")


def test_an_escaped_address_escapes_the_script_prefix():
    try:
        set_script_prefix('/a&b"/')
        escaped = slug_urls("web:offer-detail", escaped=True)("kurs")
        assert escaped == escape(reverse("web:offer-detail", args=["kurs"]))
        assert escaped.startswith("/a&amp;b%22/") or escaped.startswith("/a&amp;b&quot;/")
    finally:
        set_script_prefix("/")


def test_slug_url_leaves_what_is_no_slug_to_reverse():
    with pytest.raises(NoReverseMatch):
        slug_url("web:offer-detail", "kurs/../für alle")
    with pytest.raises(NoReverseMatch):
        slug_urls("web:offer-detail")("kurs/../für alle")


FIXED = [
    ("web:home", ()),
    ("web:search", ()),
    ("web:page-detail", ("leichte-sprache",)),
    ("web:municipality-detail", ("ehingen-donau",)),
]


@pytest.mark.parametrize("lang", [code for code, _name in settings.LANGUAGES])
def test_fixed_url_is_what_reverse_gives(lang):
    with translation.override(lang):
        for viewname, args in FIXED:
            assert fixed_url(viewname, *args) == reverse(viewname, args=args)


def test_fixed_url_follows_the_script_prefix():
    try:
        set_script_prefix("/portal/")
        assert fixed_url("web:search") == reverse("web:search")
        assert fixed_url("web:search").startswith("/portal/")
    finally:
        set_script_prefix("/")


@pytest.mark.parametrize("lang", [code for code, _name in settings.LANGUAGES])
def test_url_in_a_language_is_what_reverse_gives_there(lang):
    for viewname, args in FIXED:
        with translation.override(lang):
            expected = reverse(viewname, args=args)
        with translation.override("de"):  # whatever the request's language
            assert url_in(lang, viewname, args) == expected
