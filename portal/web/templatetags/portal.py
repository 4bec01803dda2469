"""Template helpers for language handling and small shared bits of markup."""

from html import escape
from urllib.parse import quote, urlsplit, urlunsplit

from django import template
from django.conf import settings
from django.template import Context
from django.urls import NoReverseMatch, translate_url
from django.utils import translation
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe

from portal.core import reference, text
from portal.core.models import TranslationState
from portal.core.urls import fixed_url, url_in
from portal.web import cards, structured_data

register = template.Library()


@register.simple_tag(takes_context=True)
def language_links(context):
    """The current page in every UI language, for the switcher and hreflang links."""
    request = context["request"]
    current = translation.get_language()
    # "//host/..." would survive translate_url as a link to another site: keep one slash.
    path = "/" + request.get_full_path().lstrip("/")
    match = getattr(request, "resolver_match", None)
    links = []
    for code, name in settings.LANGUAGES:
        url = _translated(path, code, match)
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
        if code == settings.LANGUAGE_CODE:  # x-default: the address without a language
            prefix = f"/{code}/"
            neutral = "/" + url.removeprefix(prefix).lstrip("/") if url.startswith(prefix) else url
            links[-1]["neutral_url"] = neutral
    return links


def _translated(path: str, lang: str, match) -> str:
    """`translate_url(path, lang)`, with the request's match instead of resolving the path
    again for every language."""
    if match is None or not match.url_name:
        return translate_url(path, lang)
    try:
        url = url_in(lang, match.view_name, match.args, match.kwargs)
    except NoReverseMatch:
        return path
    parsed = urlsplit(path)
    return urlunsplit((parsed.scheme, parsed.netloc, url, parsed.query, parsed.fragment))


@register.simple_tag
def link(viewname, *args):
    """As `{% url %}` with positional arguments, reversed once per language and arguments."""
    return fixed_url(viewname, *args)


@register.simple_tag(takes_context=True)
def shared(context, template_name, languages=(), current=None, seite=None):
    """A part of every page that is the same on all pages of a language (header with menu,
    footer): rendered once per language and process, and again after the county's data
    changed (`reference`), instead of for every page (about a third of a page's rendering).
    The part sees only COUNTY. What differs from page to page fills its markers:
    `<!--languages-->` the language switcher's links to this page (`language_links`),
    `current` marks the menu's link to this address (after `<!--menu-->`, aria-current), and
    `<!--seite-->` is this page's address (`seite`). Escaped text cannot contain a marker."""
    lang = translation.get_language()

    def render():
        template = context.template.engine.get_template(template_name)
        return template.render(Context({"COUNTY": context.get("COUNTY")}, autoescape=True))

    html = render() if settings.DEBUG else reference.kept(f"shared:{template_name}:{lang}", render)
    if "<!--languages-->" in html:
        html = html.replace("<!--languages-->", _language_items(languages))
    if "<!--menu-->" in html:
        head, _marker, menu = html.partition("<!--menu-->")
        if current:
            link = f'<a href="{escape(current)}">'
            menu = menu.replace(link, f'{link[:-1]} aria-current="page">')
        html = head + menu
    if seite is not None:
        html = html.replace("<!--seite-->", escape(quote(seite, safe="/")))
    return mark_safe(html)  # the template's output, and escaped values


@register.simple_tag
def alternate_links(languages) -> SafeString:
    """The page's `<link rel="alternate">` in every language (from `language_links`), and
    the address without a language as x-default (as the template loop made them)."""
    site = escape(settings.SITE_URL)
    items = []
    for link in languages:
        code = escape(link["code"])
        items.append(
            f'\n  <link rel="alternate" hreflang="{code}" href="{site}{escape(link["url"])}">'
        )
        if link["code"] == "de":
            neutral = escape(link["neutral_url"])
            items.append(f'\n  <link rel="alternate" hreflang="x-default" href="{site}{neutral}">')
    return mark_safe("".join(items))  # every value is escaped


class KeptNode(template.Node):
    def __init__(self, name: str, nodelist):
        self.name, self.nodelist = name, nodelist

    def render(self, context):
        if settings.DEBUG:
            return self.nodelist.render(context)
        key = f"kept:{self.name}:{translation.get_language()}"
        return reference.kept(key, lambda: self.nodelist.render(context))


@register.tag
def kept(parser, token):
    """`{% kept "name" %}…{% endkept %}`: a part of a page that shows nothing but reference
    data (topics, towns, languages … as `portal.web.vocabulary` keeps them) in the reader's
    language, rendered once per language and process and again after reference data changed
    (`reference`), instead of for every request. Nothing of the request, a form's state or an
    entry other than reference data may be inside: whatever it renders first is kept. With
    DEBUG on, it is rendered every time."""
    bits = token.split_contents()
    if len(bits) != 2 or bits[1][0] not in "\"'" or bits[1][0] != bits[1][-1]:
        raise template.TemplateSyntaxError('{% kept "name" %} takes one quoted name')
    nodelist = parser.parse(("endkept",))
    parser.delete_first_token()
    return KeptNode(bits[1][1:-1], nodelist)


def _language_items(languages) -> str:
    """The language switcher's items (as the template loop made them)."""
    items = []
    for link in languages:
        code, current = escape(link["code"]), ' aria-current="true"' if link["current"] else ""
        items.append(
            f'\n          <li><a href="{escape(link["url"])}" lang="{code}" hreflang="{code}" '
            f'dir="{escape(link["dir"])}"{current}>{escape(str(link["name"]))}</a></li>\n          '
        )
    return "".join(items)


@register.simple_tag(takes_context=True)
def render_once(context, template_name):
    """An included template rendered into a variable, for markup a page shows twice (the
    navigation, wide and in the narrow menu): its addresses are reversed once."""
    template = context.template.engine.get_template(template_name)
    with context.push():  # as {% include %}: what the template sets stays inside
        return template.render(context)


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


@register.simple_tag
def demo_badge(obj):
    """The "Beispieldaten" badge of demo entries (as `cards` builds it)."""
    return cards.demo_badge(obj)


register.simple_tag(cards.offer_card, name="offer_card")
register.simple_tag(cards.offer_cards, name="offer_cards")
register.simple_tag(cards.circle_items, name="circle_items")
register.simple_tag(cards.search_hits, name="search_hits")
register.simple_tag(cards.event_item, name="event_item")
register.simple_tag(cards.contact_card, name="contact_card")
register.simple_tag(cards.contact_cards, name="contact_cards")
register.simple_tag(cards.organisation_items, name="organisation_items")


@register.simple_tag
def filter_options(options):
    """The `<option>` elements of a search or town filter (dicts with value and label, or
    both escaped as `html`, selected and perhaps count), built in one go: the search page's
    four filters have some 90 options, and the template loop took about 2 ms."""
    parts = []
    for option in options:
        selected = " selected" if option["selected"] else ""
        count = option.get("count")
        count = "" if count is None else f" ({count})"
        value, label = option.get("html") or (
            escape(str(option["value"])),
            escape(str(option["label"])),
        )
        parts.append(f'<option value="{value}"{selected}>{label}{count}</option>')
    return mark_safe("".join(parts))  # every value is escaped


@register.filter
def tel_href(number: str) -> str:
    """The number for a tel: link: digits and a leading +."""
    return text.tel_href(number)


@register.filter(needs_autoescape=True)
def contact_links(value, autoescape=True):
    """Plain text with every e-mail address and phone number made a mailto:/tel: link."""
    escaped = str(conditional_escape(value) if autoescape else value)
    return mark_safe(text.link_contacts(escaped))


@register.simple_tag(takes_context=True)
def url_with(context, **changes) -> str:
    """The current page's query string with some parameters changed (None or "" removes
    one): pagination and "remove this filter" links keep everything else."""
    params = context["request"].GET.copy()
    for name, value in changes.items():
        if value in (None, ""):
            params.pop(name, None)
        else:
            params[name] = value
    return "?" + params.urlencode() if params else "?"


@register.simple_tag(takes_context=True)
def json_ld(context, kind: str, obj, locations=(), *, municipalities=None, languages=None):  # noqa: PLR0913
    """schema.org JSON-LD of an offer, organisation, event or municipality page (an offer's
    municipalities and languages as the page shows them, if given)."""
    county = context["COUNTY"].name
    lang = translation.get_language()
    data = {
        "offer": lambda: structured_data.offer(
            obj, county, locations, lang, municipalities=municipalities, languages=languages
        ),
        "organisation": lambda: structured_data.organisation(obj),
        "event": lambda: structured_data.event(obj, county, lang),
        "municipality": lambda: structured_data.municipality(obj, county),
    }[kind]()
    return structured_data.script(data)
