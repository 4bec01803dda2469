"""Text helpers shared by the apps: slugs, Markdown rendering and input checks."""

import re
import unicodedata
from functools import lru_cache

import markdown as md
import nh3
from django.core.exceptions import ValidationError
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

_GERMAN = str.maketrans(
    {"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss"}
)

# Bidirectional overrides and isolates can disguise text (e.g. "Trojan Source"); they never belong
# in names, titles or messages. Ordinary right-to-left letters are of course allowed.
_BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")

ALLOWED_TAGS = {"p", "h2", "h3", "h4", "ul", "ol", "li", "a", "strong", "em", "br", "blockquote"}


def german_slugify(value: str) -> str:
    return slugify(str(value).translate(_GERMAN))


# Pages render the same texts again and again (the welcome text on every start page): the
# result depends on nothing but the arguments.
@lru_cache(maxsize=256)
def render_markdown(source: str, demote: int = 0) -> SafeString:
    """Render editor Markdown to sanitised HTML (no raw HTML, no scripts, safe links only;
    e-mail addresses and phone numbers in the text become links).

    `demote` moves every heading down that many levels, for text shown inside a section
    that already has its own heading."""
    html = md.markdown(source or "", extensions=["sane_lists"], output_format="html")
    cleaned = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes={"a": {"href"}},
        url_schemes={"http", "https", "mailto", "tel"},
        link_rel="noopener",
    )
    if demote:
        cleaned = re.sub(
            r"<(/?)h([2-5])>", lambda m: f"<{m[1]}h{min(int(m[2]) + demote, 6)}>", cleaned
        )
    return mark_safe(link_contacts_in_html(cleaned))


def validate_plain_text(value: str) -> None:
    """Reject control characters that have no place in user or editor text."""
    if "\x00" in value:
        raise ValidationError(_("Der Text darf kein Nullzeichen enthalten."), code="nul")
    if _BIDI_CONTROLS.search(value):
        raise ValidationError(
            _("Der Text enthält unsichtbare Steuerzeichen für die Schreibrichtung."), code="bidi"
        )
    for char in value:
        if unicodedata.category(char) == "Cc" and char not in "\n\r\t":
            raise ValidationError(_("Der Text darf keine Steuerzeichen enthalten."), code="control")


# Every character Python's str.splitlines() breaks at: none of them belongs in a single-line
# value such as a name, a title or anything that ends up in a mail header.
_LINE_BREAKS = re.compile("[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]+")


def single_line(value: str) -> str:
    """The value on one line: line breaks become single spaces."""
    return _LINE_BREAKS.sub(" ", value).strip()


def validate_single_line(value: str) -> None:
    if _LINE_BREAKS.search(value):
        raise ValidationError(_("Dieser Wert darf keinen Zeilenumbruch enthalten."), code="newline")


# Both patterns run over every description a page shows: they must take linear time on any
# input (no ambiguous splits of a digit run, matches only at word boundaries).
EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# German numbers as people write them: 0731 185-0, 07391 779-2001, +49 731 000000-12.
PHONE = re.compile(r"(?<![\w+/.:-])(?:\+49 ?|0)[1-9][0-9]{2,}+(?:[ /-][0-9]++){0,4}(?![\w-])")
PHONE_MIN_DIGITS = 6  # fewer are dates, prices or course numbers, not phone numbers


def phone_numbers(value: str) -> list[str]:
    return [
        m[0] for m in PHONE.finditer(value) if len(re.sub(r"[^0-9]", "", m[0])) >= PHONE_MIN_DIGITS
    ]


def tel_href(number: str) -> str:
    """The number for a tel: link: digits and a leading +."""
    return re.sub(r"[^0-9+]", "", number)


def link_contacts(escaped: str) -> str:
    """Escaped text (no tags) with every e-mail address and phone number made a link."""

    def link(value, scheme):
        target = tel_href(value) if scheme == "tel" else value
        return f'<a class="kern-link" href="{scheme}:{target}" dir="ltr">{value}</a>'

    def phone(match):
        if len(re.sub(r"[^0-9]", "", match[0])) < PHONE_MIN_DIGITS:
            return match[0]
        return link(match[0], "tel")

    parts = re.split(f"({EMAIL.pattern})", escaped)
    return "".join(
        link(part, "mailto") if index % 2 else PHONE.sub(phone, part)
        for index, part in enumerate(parts)
    )


_TAG = re.compile(r"(<[^>]*>)")


def link_contacts_in_html(html: str) -> str:
    """Sanitised HTML with contact links added in text that is not already inside a link."""
    out, in_link = [], 0
    for piece in _TAG.split(html):
        if piece.startswith("<"):
            if re.match(r"<a[\s>]", piece):
                in_link += 1
            elif piece.startswith("</a"):
                in_link = max(in_link - 1, 0)
            out.append(piece)
        else:
            out.append(piece if in_link else link_contacts(piece))
    return "".join(out)
