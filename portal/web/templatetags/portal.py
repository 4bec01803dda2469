"""Template helpers for language handling and small shared bits of markup."""

from urllib.parse import urlsplit

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils import translation
from django.utils.html import format_html

from portal.core.models import TranslationState

register = template.Library()


@register.simple_tag(takes_context=True)
def language_links(context):
    """The current page in every UI language, for the switcher and hreflang links."""
    request = context["request"]
    current = translation.get_language()
    # "//host/..." would survive translate_url as a link to another site: keep one slash.
    path = "/" + request.get_full_path().lstrip("/")
    links = []
    for code, name in settings.LANGUAGES:
        url = translate_url(path, code)
        if urlsplit(url).netloc:
            url = "/"
        links.append(
            {
                "code": code,
                "name": name,
                "url": url,
                "current": code == current,
                "dir": "rtl" if code in settings.LANGUAGES_BIDI else "ltr",
            }
        )
    return links


@register.simple_tag
def translation_state(obj):
    return obj.translation_state(translation.get_language())


@register.simple_tag
def content_lang(obj, field=None):
    """`lang` and `dir` attributes for text shown in German because no translation exists.

    With a field name, it checks that one field (a translation may cover only some fields);
    without, the object as a whole."""
    lang = translation.get_language()
    source = settings.LANGUAGE_CODE
    if lang == source:
        return ""
    if field is None:
        shown_in_german = obj.translation_state(lang) == TranslationState.MISSING
    else:
        shown_in_german = not getattr(obj, f"{field}_{lang}", "") and getattr(
            obj, f"{field}_{source}", ""
        )
    if shown_in_german:
        return format_html('lang="{}" dir="ltr"', source)
    return ""


@register.inclusion_tag("includes/translation_note.html")
def translation_note(obj):
    lang = translation.get_language()
    return {"state": obj.translation_state(lang), "is_source": lang == settings.LANGUAGE_CODE}


@register.inclusion_tag("includes/demo_badge.html")
def demo_badge(obj):
    return {"is_demo": getattr(obj, "is_demo", False)}
