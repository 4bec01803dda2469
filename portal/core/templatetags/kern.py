"""Form widgets in KERN UX markup, for every surface's forms."""

from html import escape

from django import forms, template
from django.utils.safestring import mark_safe

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
    return field.as_widget(attrs=attrs)


@register.simple_tag
def select_options(field):
    """The `<option>` elements of a choice field, the chosen one selected: built in one go, as
    a select of all 55 towns took the template engine several milliseconds."""
    chosen = str(field.value())
    parts = []
    for value, label in field.field.choices:
        value = str(value)
        selected = " selected" if value == chosen else ""
        parts.append(f'<option value="{escape(value)}"{selected}>{escape(str(label))}</option>')
    return mark_safe("".join(parts))  # every value is escaped
