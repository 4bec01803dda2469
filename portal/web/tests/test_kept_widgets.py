"""Selects and checkboxes of reference data are built from the choices kept per language:
they must give what Django's widgets give for the same form."""

import pytest
from django.utils import translation

from portal.core.templatetags.kern import choice_options, kern_attrs, kern_widget
from portal.directory.models import Municipality, Topic
from portal.web.forms import MunicipalityPickerForm, SearchForm, VolunteerForm

pytestmark = pytest.mark.django_db


def _django(field):
    """The field through Django's widget templates, with the attributes kern_widget gives."""
    return str(field.as_widget(attrs=kern_attrs(field)))


def _loop(field, widget):
    """The options as the template loop over `field.subwidgets` made them."""
    kind = "radio" if widget == "radio" else "checkbox"
    return "".join(
        '\n    <div class="kern-form-check">\n'
        f'      <input class="kern-form-check__{kind}" type="{widget}" '
        f'name="{o.data["name"]}" value="{o.data["value"]}" id="{o.id_for_label}"'
        f"{' checked' if o.data['selected'] else ''}>\n"
        f'      <label class="kern-label" for="{o.id_for_label}">{o.choice_label}</label>'
        "\n    </div>\n    "
        for o in field.subwidgets
    )


def test_kept_selects_and_checkboxes_are_what_django_gives():
    town = Municipality.objects.get(slug="ehingen-donau")
    for lang in ("de", "ar"):
        with translation.override(lang):  # new forms: a bound field keeps its options
            _compare(_forms(town))
    forms = _forms(town)
    ticked = str(choice_options(forms[2]["topics"], "checkbox"))
    assert ticked.count(" checked") == 2
    selected = str(kern_widget(forms[1]["municipality"]))
    assert '<option value="ehingen-donau" selected>' in selected


def _forms(town):
    two = list(Topic.objects.values_list("slug", flat=True)[:2])
    return [
        VolunteerForm(),
        VolunteerForm(initial={"municipality": town}),
        VolunteerForm(data={"municipality": "ehingen-donau", "topics": two}),
        VolunteerForm(data={"municipality": "nirgendwo", "languages": ["ar", "xx"]}),
        SearchForm({"thema": "sprache", "gemeinde": "blaubeuren", "sprache": "uk"}),
        SearchForm({"gemeinde": "nirgendwo"}),
        MunicipalityPickerForm(),
    ]


def _compare(forms):
    compared = 0
    for form in forms:
        form.is_valid() if form.is_bound else None
        for name, field in form.fields.items():
            bound = form[name]
            if type(field.widget).__name__ == "Select":
                assert str(kern_widget(bound)) == _django(bound), name
                compared += 1
            elif type(field.widget).__name__ == "CheckboxSelectMultiple":
                assert str(choice_options(bound, "checkbox")) == _loop(bound, "checkbox"), name
                compared += 1
    assert compared >= 10
