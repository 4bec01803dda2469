"""Django's `static` template library, with `{% static "…" %}` of a fixed path looked up once
per process instead of at every use (about 110 Python calls each, six on every page).
Registered in place of Django's library under its name (`libraries` of `TEMPLATES` in the
settings). With DEBUG on, or after the static files settings changed, it asks anew."""

from django import template
from django.conf import settings
from django.core.signals import setting_changed
from django.templatetags import static

from .kept_i18n import fixed

register = template.Library()
register.tags.update(static.register.tags)
register.filters.update(static.register.filters)

_urls: dict[str, str] = {}  # a fixed path's address, as the static files storage gives it


def _forget(setting, **kwargs) -> None:
    if setting in ("STATIC_URL", "STATIC_ROOT", "STORAGES", "STATICFILES_DIRS", "DEBUG"):
        _urls.clear()


setting_changed.connect(_forget, dispatch_uid="kept-static-urls")


class KeptStaticNode(static.StaticNode):
    def url(self, context):
        if settings.DEBUG or not fixed(self.path):
            return super().url(context)
        path = self.path.var.literal
        if path not in _urls:
            _urls[path] = super().url(context)
        return _urls[path]


@register.tag("static")
def kept_static(parser, token):
    return KeptStaticNode.handle_token(parser, token)
