"""Form widgets in KERN UX markup, for every surface's forms."""

from html import escape

from django import forms, template
from django.utils.html import conditional_escape
from django.utils.html import escape as escape_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

register = template.Library()


@register.simple_tag
def kern_widget(field):
    """The field's input with the KERN class, its hint and error tied to it for screen readers,
    and addresses and numbers written left to right also on a right-to-left page."""
    widget, attrs = field.field.widget, kern_attrs(field)
    if field.field.localize:
        return field.as_widget(attrs=attrs)
    if type(widget) is forms.Select:
        return _select(field, widget, attrs)
    if type(widget) in _INPUTS:
        return _input(field, widget, attrs)
    return field.as_widget(attrs=attrs)


def kern_attrs(field) -> dict:
    """The attributes `kern_widget` gives the field's widget (on top of the widget's own)."""
    widget = field.field.widget
    select = isinstance(widget, forms.Select)
    css = "kern-form-input__select" if select else "kern-form-input__input"
    if field.errors:
        css += f" {css}--error"
    described = [f"{field.id_for_label}-hint"] if field.help_text else []
    if field.errors:
        described.append(f"{field.id_for_label}-error")
    attrs = {"class": css}
    if described:
        attrs["aria-describedby"] = " ".join(described)
    if field.errors:
        attrs["aria-invalid"] = "true"
    if getattr(widget, "input_type", "") in ("email", "url", "tel", "password"):
        attrs["dir"] = "ltr"
    return attrs


# Widgets whose template is Django's input.html or textarea.html, unchanged.
_INPUTS = {
    forms.TextInput,
    forms.EmailInput,
    forms.URLInput,
    forms.NumberInput,
    forms.SearchInput,
    forms.TelInput,
    forms.PasswordInput,
    forms.Textarea,
}


def _bound_attrs(field, widget, attrs: dict) -> dict:
    """`attrs` with what `field.as_widget(attrs=attrs)` adds (required, aria, id)."""
    attrs = field.build_widget_attrs(attrs, widget)
    if field.auto_id and "id" not in widget.attrs:
        attrs.setdefault("id", field.auto_id)
    return attrs


def _context(field, widget, attrs: dict) -> dict:
    """The widget's context as `field.as_widget(attrs=attrs)` builds it."""
    attrs = _bound_attrs(field, widget, attrs)
    return widget.get_context(field.html_name, field.value(), attrs)["widget"]


def _kept_escaped(field) -> list | None:
    """The choices of a field whose choices are kept per language (web's kept choice fields,
    with `options_html()`) as (value, value escaped, label escaped), the empty one first if
    it has one; else None."""
    if not callable(getattr(field.field, "options_html", None)):
        return None
    empty = field.field.empty_label
    first = [("", "", conditional_escape(empty))] if empty is not None else []
    return first + field.field.options_html()


def _input(field, widget, attrs: dict):
    """What `field.as_widget(attrs=attrs)` gives for an input or a textarea, in Python:
    through the widget templates (with their included attribute template) a form of eight
    fields took some 4,000 Python calls."""
    context = _context(field, widget, attrs)
    name, value = conditional_escape(context["name"]), context["value"]
    if isinstance(widget, forms.Textarea):
        text = conditional_escape(value) if value else ""
        return mark_safe(f'<textarea name="{name}"{_attrs(context["attrs"])}>\n{text}</textarea>')
    shown = "" if value is None else f' value="{escape_html(str(value))}"'
    kind = conditional_escape(context["type"])
    return mark_safe(f'<input type="{kind}" name="{name}"{shown}{_attrs(context["attrs"])}>')


def _attrs(attrs: dict) -> str:
    """What Django's widgets/attrs.html gives for these attributes."""
    return "".join(
        f" {name}" if value is True else f' {name}="{escape_html(str(value))}"'
        for name, value in attrs.items()
        if value is not False
    )


def _select(field, widget, attrs: dict):
    """What `field.as_widget(attrs=attrs)` gives for a single select, in Python: through the
    widget templates, a select of the 55 towns took some 2,000 Python calls."""
    choices = _kept_escaped(field)
    if choices is not None:
        return _kept_select(field, widget, attrs, choices)
    context = _context(field, widget, attrs)
    parts = [f'<select name="{conditional_escape(context["name"])}"{_attrs(context["attrs"])}>']
    for group_name, options, _index in context["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{conditional_escape(group_name)}">')
        for option in options:
            parts.append(
                f'\n  <option value="{escape_html(str(option["value"]))}"'
                f"{_attrs(option['attrs'])}>{conditional_escape(option['label'])}</option>\n"
            )
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return mark_safe("".join(parts))  # every value is escaped


def _kept_select(field, widget, attrs: dict, choices: list):
    """`_select` for choices kept per language: the same markup, without a model object and
    an option context per choice. As Django's select, it marks the first option whose value
    is the field's (the empty one when there is no value)."""
    attrs = widget.build_attrs(widget.attrs, _bound_attrs(field, widget, attrs))
    value = field.value()
    chosen = "" if value is None else str(value)
    parts = [f'<select name="{conditional_escape(field.html_name)}"{_attrs(attrs)}>']
    found = False
    for option, value, label in choices:  # as _kept_escaped gives them
        selected = not found and option == chosen
        found = found or selected
        parts.append(
            f'\n  <option value="{value}"{" selected" if selected else ""}>{label}</option>\n'
        )
    parts.append("\n</select>")
    return mark_safe("".join(parts))  # every value is escaped


@register.simple_tag
def choice_options(field, widget: str):
    """The options of a list of checkboxes or radio buttons (what a template loop over the
    field gave, without its per-option cost: the sign-up form has some 30)."""
    kind = "radio" if widget == "radio" else "checkbox"
    ident = field.field.widget.attrs.get("id") or field.auto_id
    kept = _kept_escaped(field)
    if kept is not None and ident:
        parts = _kept_choice_options(field, conditional_escape(ident), kind, widget, kept)
    else:
        parts = _choice_options(field, kind, widget)
    if not parts:
        empty = gettext("Noch keine Einträge zur Auswahl.")
        parts.append(f'<p class="kern-body kern-body--small">{conditional_escape(empty)}</p>\n    ')
    return mark_safe("".join(parts))  # every value is escaped


OPTION = (
    '\n    <div class="kern-form-check">\n'
    '      <input class="kern-form-check__{kind}" type="{widget}" name="{name}" value="{value}" '
    'id="{ident}"{checked}>\n'
    '      <label class="kern-label" for="{ident}">{label}</label>\n    </div>\n    '
)


def _kept_choice_options(field, ident: str, kind: str, widget: str, kept: list) -> list:
    """`choice_options` of choices kept per language, escaped as `_kept_escaped` gives them."""
    value = field.value()
    chosen = {str(v) for v in (value if isinstance(value, list | tuple) else [value])}
    name, widget = conditional_escape(field.html_name), conditional_escape(widget)
    return [
        OPTION.format(
            kind=kind,
            widget=widget,
            name=name,
            value=escaped,
            ident=f"{ident}_{index}",
            checked=" checked" if option in chosen else "",
            label=label,
        )
        for index, (option, escaped, label) in enumerate(kept)
    ]


def _choice_options(field, kind: str, widget: str) -> list:
    """`choice_options` of other choices, from Django's options (`field.subwidgets`)."""
    widget = conditional_escape(widget)
    parts = []
    for option in field.subwidgets:
        data = option.data
        parts.append(
            OPTION.format(
                kind=kind,
                widget=widget,
                name=conditional_escape(data["name"]),
                value=conditional_escape(str(data["value"])),
                ident=conditional_escape(data["attrs"].get("id") or ""),
                checked=" checked" if data["selected"] else "",
                label=conditional_escape(data["label"]),
            )
        )
    return parts


@register.simple_tag
def select_options(field, skip_empty=False):
    """The `<option>` elements of a choice field, the chosen one selected: built in one go, as
    a select of all 55 towns took the template engine several milliseconds. `skip_empty`:
    without the choice of no value (where the template writes its own)."""
    chosen = str(field.value())
    choices = _kept_escaped(field)
    if choices is None:
        choices = [
            (str(value), escape(str(value)), escape(str(label)))
            for value, label in field.field.choices
        ]
    parts = []
    for value, value_html, label_html in choices:
        if skip_empty and not value:
            continue
        selected = " selected" if value == chosen else ""
        parts.append(f'<option value="{value_html}"{selected}>{label_html}</option>')
    return mark_safe("".join(parts))  # every value is escaped


OPTIONAL = ' <span class="kern-label__optional">– {}</span>'
INVALID = ' aria-invalid="true"'
SELECT_WRAPPER = '<div class="kern-form-input__select-wrapper">'
ERROR = (
    '<p class="kern-error" id="{}-error"><span class="kern-icon kern-icon--danger '
    'kern-icon--small" aria-hidden="true"></span> {}</p>'
)


@register.simple_tag
def form_field(field):
    """A form field in KERN markup: label (and "optional"), hint, error and widget, or a
    fieldset for a list of checkboxes or radio buttons. What includes/form_field.html gave,
    built in Python: the template took some 300 Python calls per field."""
    widget = field.field.widget
    kind = getattr(widget, "input_type", "") or ""
    errors, help_text = field.errors, field.help_text
    label = conditional_escape(field.label)
    optional = ""
    if not field.field.required:
        optional = OPTIONAL.format(conditional_escape(gettext("freiwillig")))
    if (
        kind == "checkbox" and getattr(widget, "allow_multiple_selected", False)
    ) or kind == "radio":
        ident = conditional_escape(field.auto_id)
        described = ""
        if help_text or errors:
            hint = f"{ident}-hint" if help_text else ""
            error = f" {ident}-error" if errors else ""
            described = f' aria-describedby="{hint}{error}"'
        html = (
            f'\n\n<fieldset class="kern-fieldset{" kern-fieldset--error" if errors else ""}" '
            f'id="{ident}"{described}>\n'
            f'  <legend class="kern-label">{label}{optional}</legend>\n'
            f"  {_hint(ident, help_text)}\n"
            f"  {ERROR.format(ident, conditional_escape(errors[0])) if errors else ''}\n"
            '  <div class="kern-fieldset__body checkbox-columns">\n'
            f"    {choice_options(field, kind)}\n"
            "  </div>\n</fieldset>\n\n\n"
        )
        return mark_safe(html)  # every value is escaped
    ident = conditional_escape(field.id_for_label)
    error = ERROR.format(ident, conditional_escape(errors[0])) if errors else ""
    if kind == "checkbox":
        described = ""
        if help_text or errors:
            hint = f"{ident}-hint" if help_text else ""
            described = f' aria-describedby="{hint}{f" {ident}-error" if errors else ""}"'
        html = (
            f'\n\n<div class="kern-form-check{" kern-form-check--error" if errors else ""}">\n'
            '  <input class="kern-form-check__checkbox" type="checkbox" '
            f'name="{conditional_escape(field.html_name)}" id="{ident}"'
            f"{' checked' if field.value() else ''}{described}{INVALID if errors else ''}>\n"
            f'  <label class="kern-label" for="{ident}">{label}</label>\n'
            f"  {_hint(ident, help_text)}\n  {error}\n</div>\n\n\n"
        )
        return mark_safe(html)  # every value is escaped
    select = kind == "select"
    html = (
        f'\n\n<div class="kern-form-input{" kern-form-input--error" if errors else ""}">\n'
        f'  <label class="kern-label" for="{ident}">{label}{optional}</label>\n'
        f"  {_hint(ident, help_text)}\n  {error}\n"
        f"  {SELECT_WRAPPER if select else ''}\n"
        f"  {kern_widget(field)}\n"
        f"  {'</div>' if select else ''}\n</div>\n\n\n"
    )
    return mark_safe(html)  # every value is escaped


def _hint(ident: str, help_text) -> str:
    if not help_text:
        return ""
    return f'<div class="kern-hint" id="{ident}-hint">{conditional_escape(help_text)}</div>'
