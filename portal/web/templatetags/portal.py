"""Template helpers for language handling and small shared bits of markup."""

import re
from urllib.parse import urlsplit

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils import translation
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe

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
def content_lang(obj, field=None, direction=True):
    """`lang` and `dir` attributes for text shown in German because no translation exists.

    With a field name, it checks that one field (a translation may cover only some fields);
    without, the object as a whole. `direction=False` leaves out `dir` (for `<title>`, whose
    text also holds the portal's name in the reader's language)."""
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
    if not shown_in_german:
        return ""
    if direction:
        return format_html('lang="{}" dir="ltr"', source)
    return format_html('lang="{}"', source)


@register.inclusion_tag("includes/translation_note.html")
def translation_note(obj):
    lang = translation.get_language()
    return {"state": obj.translation_state(lang), "is_source": lang == settings.LANGUAGE_CODE}


@register.inclusion_tag("includes/demo_badge.html")
def demo_badge(obj):
    return {"is_demo": getattr(obj, "is_demo", False)}


# Both patterns run over every description a page shows: they must take linear time on any
# input (no ambiguous splits of a digit run, matches only at word boundaries).
EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# German numbers as people write them: 0731 185-0, 07391 779-2001, +49 731 000000-12.
PHONE = re.compile(r"(?<![\w+/.:-])(?:\+49 ?|0)[1-9][0-9]{2,}+(?:[ /-][0-9]++){0,4}(?![\w-])")
PHONE_MIN_DIGITS = 6  # fewer are dates, prices or course numbers, not phone numbers


def phone_numbers(text: str) -> list[str]:
    return [
        m[0] for m in PHONE.finditer(text) if len(re.sub(r"[^0-9]", "", m[0])) >= PHONE_MIN_DIGITS
    ]


@register.filter
def tel_href(number: str) -> str:
    """The number for a tel: link: digits and a leading +."""
    return re.sub(r"[^0-9+]", "", number)


@register.filter(needs_autoescape=True)
def contact_links(text, autoescape=True):
    """Plain text with every e-mail address and phone number made a mailto:/tel: link."""
    escaped = str(conditional_escape(text) if autoescape else text)

    def link(match, scheme):
        value = match[0]
        if scheme == "tel" and len(re.sub(r"[^0-9]", "", value)) < PHONE_MIN_DIGITS:
            return value
        target = tel_href(value) if scheme == "tel" else value
        return f'<a class="kern-link" href="{scheme}:{target}" dir="ltr">{value}</a>'

    parts = re.split(f"({EMAIL.pattern})", escaped)
    out = []
    for index, part in enumerate(parts):
        if index % 2:
            out.append(link(re.match(EMAIL, part), "mailto"))
        else:
            out.append(PHONE.sub(lambda m: link(m, "tel"), part))
    return mark_safe("".join(out))
