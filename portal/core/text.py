"""Text helpers shared by the apps: slugs, Markdown rendering and input checks."""

import re
import unicodedata

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


def render_markdown(source: str, demote: int = 0) -> SafeString:
    """Render editor Markdown to sanitised HTML (no raw HTML, no scripts, safe links only).

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
    return mark_safe(cleaned)


def validate_plain_text(value: str) -> None:
    """Reject control characters that have no place in user or editor text."""
    if "\x00" in value:
        raise ValidationError(_("Der Text enthält ein unzulässiges Nullzeichen."), code="nul")
    if _BIDI_CONTROLS.search(value):
        raise ValidationError(
            _("Der Text enthält unsichtbare Steuerzeichen für die Schreibrichtung."), code="bidi"
        )
    for char in value:
        if unicodedata.category(char) == "Cc" and char not in "\n\r\t":
            raise ValidationError(_("Der Text enthält unzulässige Steuerzeichen."), code="control")


# Every character Python's str.splitlines() breaks at: none of them belongs in a single-line
# value such as a name, a title or anything that ends up in a mail header.
_LINE_BREAKS = re.compile("[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]+")


def single_line(value: str) -> str:
    """The value on one line: line breaks become single spaces."""
    return _LINE_BREAKS.sub(" ", value).strip()


def validate_single_line(value: str) -> None:
    if _LINE_BREAKS.search(value):
        raise ValidationError(_("Dieser Wert darf keinen Zeilenumbruch enthalten."), code="newline")
