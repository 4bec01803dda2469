"""Rendering form fields in the KERN design with their hint and error tied to the input."""

from django import forms, template

register = template.Library()


@register.simple_tag
def kern_widget(field):
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


@register.filter
def verbose_name(obj) -> str:
    return str(obj._meta.verbose_name)
