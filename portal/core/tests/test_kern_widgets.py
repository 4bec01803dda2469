"""The KERN widget tags build selects and checkbox lists in Python: they must give what
Django's widget templates (and the template loop they replaced) give."""

from django import forms
from django.template import Context, Template

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
