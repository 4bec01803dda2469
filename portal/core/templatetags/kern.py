"""Form widgets in KERN UX markup, for every surface's forms."""

from django import forms, template
from django.utils.html import format_html_join

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
    return format_html_join(
        "",
        '<option value="{}"{}>{}</option>',
        (
            (value, " selected" if str(value) == chosen else "", label)
            for value, label in field.field.choices
        ),
    )
