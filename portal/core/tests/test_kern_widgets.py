"""The KERN widget tags build selects and checkbox lists in Python: they must give what
Django's widget templates (and the template loop they replaced) give."""

from django import forms
from django.template import Context, Template
from django.utils import translation

from portal.core.templatetags.kern import choice_options, kern_attrs, kern_widget

TOWNS = [("ehingen", "Ehingen (Donau)"), ("blaubeuren", 'Blau"beuren <&>'), ("", "–")]


class Sample(forms.Form):
    town = forms.ChoiceField(choices=TOWNS, help_text="Wo?")
    grouped = forms.ChoiceField(
        choices=[("Alb", [("a", "Laichingen"), ("b", "Merklingen")]), ("c", "Ulm")],
        required=False,
    )
    topics = forms.MultipleChoiceField(
        choices=[("sprache", "Sprache"), ("arbeit", "Arbeit & Beruf")],
        widget=forms.CheckboxSelectMultiple,
    )
    kind = forms.ChoiceField(choices=[("1", "eins"), ("2", "zwei")], widget=forms.RadioSelect)
    empty = forms.MultipleChoiceField(choices=[], widget=forms.CheckboxSelectMultiple)


LOOP = Template(
    '{% for option in field %}\n    <div class="kern-form-check">\n      <input '
    "class=\"kern-form-check__{% if widget == 'radio' %}radio{% else %}checkbox{% endif %}\" "
    'type="{{ widget }}" name="{{ option.data.name }}" value="{{ option.data.value }}" '
    'id="{{ option.id_for_label }}"{% if option.data.selected %} checked{% endif %}>\n      '
    '<label class="kern-label" for="{{ option.id_for_label }}">{{ option.choice_label }}'
    '</label>\n    </div>\n    {% empty %}<p class="kern-body kern-body--small">Noch keine '
    "Einträge zur Auswahl.</p>\n    {% endfor %}"
)


class Inputs(forms.Form):
    name = forms.CharField(max_length=20, help_text="Wie heißen Sie?")
    email = forms.EmailField(required=False)
    site = forms.URLField(required=False, assume_scheme="https")
    count = forms.IntegerField(required=False, min_value=1)
    phone = forms.CharField(required=False, widget=forms.TelInput)
    q = forms.CharField(required=False, widget=forms.SearchInput)
    secret = forms.CharField(required=False, widget=forms.PasswordInput)
    message = forms.CharField(widget=forms.Textarea(attrs={"rows": 5}), max_length=200)


def test_inputs_and_textareas_are_what_the_widget_templates_give():
    payload = '"><script>alert(1)</script> & \u202e'
    for form in (
        Inputs(),
        Inputs(initial={"name": payload, "message": payload, "count": 3}),
        Inputs(data={"name": payload * 3, "email": "kein@", "count": "x", "message": ""}),
        Inputs(data={"name": "Ana", "message": "Zeile 1\n<b>Zeile 2</b>", "secret": "s"}),
        Inputs(auto_id=False),
    ):
        form.is_valid() if form.is_bound else None
        for name in form.fields:
            expected = _as_django_renders(form[name])
            assert str(kern_widget(form[name])) == str(expected), name
    form = Inputs(initial={"email": "a@b.de"})
    with_dir = form["email"].as_widget(attrs={"class": "kern-form-input__input", "dir": "ltr"})
    assert str(kern_widget(form["email"])) == str(with_dir)
    rendered = str(kern_widget(Inputs(initial={"name": payload})["name"]))
    assert "<script>" not in rendered and "&lt;script&gt;" in rendered


def _as_django_renders(field):
    """What kern_widget gave before: the field, with the same attributes, through Django's
    widget templates."""
    return field.as_widget(attrs=kern_attrs(field))


def test_a_select_is_what_the_widget_templates_give():
    for form in (
        Sample(),
        Sample(initial={"town": "blaubeuren", "grouped": "b"}),
        Sample(data={"town": "nirgends", "grouped": "c"}),  # with errors
        Sample(data={"town": "ehingen"}, auto_id="f-%s"),
        Sample(auto_id=False),
    ):
        form.is_valid() if form.is_bound else None
        for name in ("town", "grouped"):
            assert str(kern_widget(form[name])) == str(_as_django_renders(form[name]))
    rendered = str(kern_widget(Sample(initial={"town": "blaubeuren"})["town"]))
    assert '<option value="blaubeuren" selected>Blau&quot;beuren &lt;&amp;&gt;</option>' in rendered
    assert (
        'class="kern-form-input__select" aria-describedby="id_town-hint" id="id_town"' in rendered
    )


def test_checkbox_and_radio_options_are_what_the_template_loop_gave():
    for form in (
        Sample(),
        Sample(data={"topics": ["arbeit"], "kind": "2"}),
        Sample(initial={"topics": ["sprache", "arbeit"]}),
    ):
        for name, widget in (("topics", "checkbox"), ("kind", "radio"), ("empty", "checkbox")):
            loop = LOOP.render(Context({"field": form[name], "widget": widget}))
            assert str(choice_options(form[name], widget)) == loop
    checked = str(choice_options(Sample(data={"topics": ["arbeit"]})["topics"], "checkbox"))
    assert 'value="arbeit" id="id_topics_1" checked>' in checked
    assert ">Arbeit &amp; Beruf</label>" in checked
    assert "Noch keine Einträge zur Auswahl." in str(choice_options(Sample()["empty"], "checkbox"))


FORM_FIELD = """{% load i18n kern %}{% with widget=field.field.widget.input_type|default:"" %}
{% if widget == "checkbox" and field.field.widget.allow_multiple_selected or widget == "radio" %}
<fieldset class="kern-fieldset{% if field.errors %} kern-fieldset--error{% endif %}" id="{{ field.auto_id }}"{% if field.help_text or field.errors %} aria-describedby="{% if field.help_text %}{{ field.auto_id }}-hint{% endif %}{% if field.errors %} {{ field.auto_id }}-error{% endif %}"{% endif %}>
  <legend class="kern-label">{{ field.label }}{% if not field.field.required %} <span class="kern-label__optional">– {% translate "freiwillig" %}</span>{% endif %}</legend>
  {% if field.help_text %}<div class="kern-hint" id="{{ field.auto_id }}-hint">{{ field.help_text }}</div>{% endif %}
  {% if field.errors %}<p class="kern-error" id="{{ field.auto_id }}-error"><span class="kern-icon kern-icon--danger kern-icon--small" aria-hidden="true"></span> {{ field.errors.0 }}</p>{% endif %}
  <div class="kern-fieldset__body checkbox-columns">
    {% choice_options field widget %}
  </div>
</fieldset>
{% elif widget == "checkbox" %}
<div class="kern-form-check{% if field.errors %} kern-form-check--error{% endif %}">
  <input class="kern-form-check__checkbox" type="checkbox" name="{{ field.html_name }}" id="{{ field.id_for_label }}"{% if field.value %} checked{% endif %}{% if field.help_text or field.errors %} aria-describedby="{% if field.help_text %}{{ field.id_for_label }}-hint{% endif %}{% if field.errors %} {{ field.id_for_label }}-error{% endif %}"{% endif %}{% if field.errors %} aria-invalid="true"{% endif %}>
  <label class="kern-label" for="{{ field.id_for_label }}">{{ field.label }}</label>
  {% if field.help_text %}<div class="kern-hint" id="{{ field.id_for_label }}-hint">{{ field.help_text }}</div>{% endif %}
  {% if field.errors %}<p class="kern-error" id="{{ field.id_for_label }}-error"><span class="kern-icon kern-icon--danger kern-icon--small" aria-hidden="true"></span> {{ field.errors.0 }}</p>{% endif %}
</div>
{% else %}
<div class="kern-form-input{% if field.errors %} kern-form-input--error{% endif %}">
  <label class="kern-label" for="{{ field.id_for_label }}">{{ field.label }}{% if not field.field.required %} <span class="kern-label__optional">– {% translate "freiwillig" %}</span>{% endif %}</label>
  {% if field.help_text %}<div class="kern-hint" id="{{ field.id_for_label }}-hint">{{ field.help_text }}</div>{% endif %}
  {% if field.errors %}<p class="kern-error" id="{{ field.id_for_label }}-error"><span class="kern-icon kern-icon--danger kern-icon--small" aria-hidden="true"></span> {{ field.errors.0 }}</p>{% endif %}
  {% if field.field.widget.input_type == "select" %}<div class="kern-form-input__select-wrapper">{% endif %}
  {% kern_widget field %}
  {% if field.field.widget.input_type == "select" %}</div>{% endif %}
</div>
{% endif %}
{% endwith %}
"""


class Fields(forms.Form):
    """Every kind of field includes/form_field.html shows, with and without hint."""

    name = forms.CharField(label='Name <"&">', max_length=20, help_text="Wie <b>heißen</b> Sie?")
    email = forms.EmailField(required=False)
    message = forms.CharField(widget=forms.Textarea, required=False, help_text="Kurz.")
    town = forms.ChoiceField(choices=TOWNS, required=False)
    topics = forms.MultipleChoiceField(
        choices=[("sprache", "Sprache"), ("arbeit", "Arbeit & Beruf")],
        widget=forms.CheckboxSelectMultiple,
        help_text="Eins oder mehr.",
    )
    kind = forms.ChoiceField(
        choices=[("1", "eins"), ("2", "zwei")], widget=forms.RadioSelect, required=False
    )
    agreed = forms.BooleanField(label="Einverstanden", help_text="Bitte lesen.")
    news = forms.BooleanField(required=False)
    day = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))


# What includes/form_field.html was, for each field.
INCLUDE = Template("{% for field in form %}" + FORM_FIELD + "{% endfor %}")
TAG = Template("{% load kern %}{% for field in form %}{% form_field field %}{% endfor %}")


def test_a_form_field_is_what_the_included_template_gives():
    payload = '"><script>alert(1)</script> & \u202e'
    for lang in ("de", "ar"):
        with translation.override(lang):
            for form in (
                Fields(),
                Fields(initial={"name": payload, "topics": ["arbeit"], "news": True}),
                Fields(data={"name": payload * 3, "email": "kein@", "town": "x", "kind": "9"}),
                Fields(data={"name": "Ana", "topics": ["sprache"], "agreed": "on", "day": "1.1."}),
                Fields(auto_id="f-%s"),
                Fields(auto_id=False),
            ):
                form.is_valid() if form.is_bound else None
                expected = INCLUDE.render(Context({"form": form}))
                assert TAG.render(Context({"form": form})) == expected
                assert "<script>" not in expected
