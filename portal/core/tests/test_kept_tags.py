"""`{% translate %}` and `{% static %}` of fixed texts and paths are kept per language and
process: they must give what Django's tags give, in every language, with `as`, escaping and
variables."""

from django.template import Context, Engine, Template, engines
from django.test import override_settings
from django.utils import translation

PAGE = (
    "{% load i18n static %}"
    '{% translate "Startseite" %}|{% translate "Suche" as label %}{{ label }}|'
    '{% translate "Kosten: 5 %% & mehr" %}|{% translate text %}|'
    '{% translate "Termine" context "Überschrift" %}|'
    "{% static 'css/portal.css' %}|{% static path %}"
)

DJANGO = Engine(  # Django's own `i18n` and `static`
    libraries={"i18n": "django.templatetags.i18n", "static": "django.templatetags.static"}
)


def test_kept_translations_and_paths_are_what_django_gives():
    ours = Template(PAGE)  # the portal's engine: `i18n` and `static` are the kept ones
    theirs = engines["django"].engine.from_string(PAGE)
    assert "Kept" in type(ours.nodelist[1]).__name__
    plain = DJANGO.from_string(PAGE)
    assert "Kept" not in type(plain.nodelist[1]).__name__
    for lang in ("de", "en", "ar", "de"):
        with translation.override(lang):
            for autoescape in (True, False):
                context = {"text": "Mithelfen", "path": "js/portal.js"}
                expected = plain.render(Context(context, autoescape=autoescape))
                assert ours.render(Context(context, autoescape=autoescape)) == expected
                assert theirs.render(Context(context, autoescape=autoescape)) == expected
    with translation.override("en"):
        english = ours.render(Context({"text": "Mithelfen", "path": "x.js"}))
    with translation.override("de"):
        german = ours.render(Context({"text": "Mithelfen", "path": "x.js"}))
    assert english.split("|")[0] != german.split("|")[0]  # kept per language


def test_a_changed_static_setting_is_followed():
    page = Template("{% load static %}{% static 'css/portal.css' %}")
    before = page.render(Context())
    with override_settings(STATIC_URL="/anders/"):
        assert page.render(Context()).startswith("/anders/")
    assert page.render(Context()) == before


def test_a_fixed_path_is_looked_up_once(monkeypatch):
    calls = []
    monkeypatch.setattr(
        "django.templatetags.static.StaticNode.handle_simple",
        classmethod(lambda cls, path: calls.append(path) or f"/static/{path}"),
    )
    monkeypatch.setattr("portal.core.templatetags.kept_static._urls", {})
    page = Template(
        "{% load static %}{% static 'css/kern.css' %}|{% static \"js/a.js\" %}|{% static p %}"
    )
    for _ in range(3):
        assert (
            page.render(Context({"p": "x.js"}))
            == "/static/css/kern.css|/static/js/a.js|/static/x.js"
        )
    assert calls == ["css/kern.css", "js/a.js", "x.js", "x.js", "x.js"]


def test_with_debug_nothing_is_kept(settings):
    settings.DEBUG = True
    page = Template('{% load i18n %}{% translate "Startseite" %}')
    with translation.override("en"):
        assert page.render(Context()) == DJANGO.from_string(page.source).render(Context())
    assert not page.nodelist[1].__dict__.get("kept")
