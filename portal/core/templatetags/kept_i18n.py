"""Django's `i18n` template library, with `{% translate "…" %}` of a fixed text worked out
once per language (and escaping) and process instead of at every use: each took about 90
Python calls, and a page uses dozens. Registered in place of Django's library under its name
(`libraries` of `TEMPLATES` in the settings), so templates keep `{% load i18n %}`; every
other tag is Django's own. With DEBUG on, nothing is kept (the catalogues may change while
the development server runs)."""

from django import template
from django.conf import settings
from django.template.base import render_value_in_context
from django.templatetags import i18n
from django.utils import translation
from django.utils.safestring import SafeData, mark_safe

register = template.Library()
register.tags.update(i18n.register.tags)
register.filters.update(i18n.register.filters)


def fixed(filter_expression) -> bool:
    """A quoted text or path without filters (not a variable)."""
    var = filter_expression.var
    return not filter_expression.filters and getattr(var, "literal", None) is not None


class KeptTranslateNode(i18n.TranslateNode):
    def render(self, context):
        if settings.DEBUG or self.message_context or not fixed(self.filter_expression):
            return super().render(context)
        kept = self.__dict__.setdefault("kept", {})
        key = (translation.get_language(), context.autoescape)
        value = kept.get(key)
        if value is None:
            value = kept[key] = self._translated(context)
        if self.asvar:
            context[self.asvar] = value
            return ""
        return value

    def _translated(self, context):
        """The text as Django's node renders it."""
        self.filter_expression.var.translate = not self.noop
        value = render_value_in_context(self.filter_expression.resolve(context), context)
        is_safe = isinstance(value, SafeData)
        value = value.replace("%%", "%")  # template text doubles percent signs
        return mark_safe(value) if is_safe else value


def _kept_translate(parser, token):
    node = i18n.do_translate(parser, token)
    node.__class__ = KeptTranslateNode
    return node


register.tag("translate", _kept_translate)
register.tag("trans", _kept_translate)
