"""Rendering form fields in the KERN design with their hint and error tied to the input."""

from django import template

from portal.core.templatetags.kern import kern_widget

register = template.Library()


register.simple_tag(kern_widget)


@register.filter
def verbose_name(obj) -> str:
    return str(obj._meta.verbose_name)
