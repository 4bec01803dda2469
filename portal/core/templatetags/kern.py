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
    if type(widget) is forms.Select and not field.field.localize:
        return _select(field, widget, attrs)
    return field.as_widget(attrs=attrs)


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
    attrs = field.build_widget_attrs(attrs, widget)
    if field.auto_id and "id" not in widget.attrs:
        attrs.setdefault("id", field.auto_id)
    context = widget.get_context(field.html_name, field.value(), attrs)["widget"]
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


@register.simple_tag
def choice_options(field, widget: str):
    """The options of a list of checkboxes or radio buttons (what a template loop over the
    field gave, without its per-option cost: the sign-up form has some 30)."""
    kind = "radio" if widget == "radio" else "checkbox"
    parts = []
    for option in field.subwidgets:
        data = option.data
        ident = conditional_escape(data["attrs"].get("id") or "")
        checked = " checked" if data["selected"] else ""
        parts.append(
            '\n    <div class="kern-form-check">\n'
            f'      <input class="kern-form-check__{kind}" type="{conditional_escape(widget)}" '
            f'name="{conditional_escape(data["name"])}" '
            f'value="{conditional_escape(str(data["value"]))}" id="{ident}"{checked}>\n'
            f'      <label class="kern-label" for="{ident}">{conditional_escape(data["label"])}'
            "</label>\n    </div>\n    "
        )
    if not parts:
        parts.append(
            f'<p class="kern-body kern-body--small">'
            f"{conditional_escape(gettext('Noch keine Einträge zur Auswahl.'))}</p>\n    "
        )
    return mark_safe("".join(parts))  # every value is escaped


@register.simple_tag
def select_options(field, skip_empty=False):
    """The `<option>` elements of a choice field, the chosen one selected: built in one go, as
    a select of all 55 towns took the template engine several milliseconds. `skip_empty`:
    without the choice of no value (where the template writes its own)."""
    chosen = str(field.value())
    parts = []
    choices = field.field.choices
    if callable(getattr(field.field, "options", None)):  # kept per language (web's KeptChoiceField)
        empty = field.field.empty_label
        choices = ([("", empty)] if empty is not None else []) + field.field.options()
    for value, label in choices:
        value = str(value)
        if skip_empty and not value:
            continue
        selected = " selected" if value == chosen else ""
        parts.append(f'<option value="{escape(value)}"{selected}>{escape(str(label))}</option>')
    return mark_safe("".join(parts))  # every value is escaped
