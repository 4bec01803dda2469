from django import forms
from django.utils.translation import gettext_lazy as _

from portal.core.forms import MailAddressField, SingleLineField, TextField
from portal.directory.models import Municipality


class MunicipalityChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class MunicipalityPickerForm(forms.Form):
    gemeinde = MunicipalityChoiceField(
        label=_("Meine Stadt oder Gemeinde"),
        queryset=Municipality.objects.for_picker(),
        to_field_name="slug",
        empty_label=_("Bitte wählen"),
        error_messages={
            "required": _("Bitte wählen Sie eine Stadt oder Gemeinde aus."),
            "invalid_choice": _("Diese Stadt oder Gemeinde gehört nicht zum Landkreis."),
        },
    )


class AccessibilityReportForm(forms.Form):
    page_url = SingleLineField(
        label=_("Auf welcher Seite ist die Barriere?"),
        help_text=_("Adresse oder Name der Seite, wenn Sie es wissen."),
        required=False,
        max_length=500,
    )
    message = TextField(
        label=_("Beschreiben Sie die Barriere"),
        help_text=_("Was wollten Sie tun, und was hat nicht funktioniert?"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=5000,
        min_length=10,
        error_messages={
            "required": _("Bitte beschreiben Sie die Barriere."),
            "min_length": _("Bitte beschreiben Sie die Barriere in mindestens 10 Zeichen."),
            "max_length": _("Bitte fassen Sie sich kürzer (höchstens 5000 Zeichen)."),
        },
    )
    name = SingleLineField(label=_("Ihr Name"), required=False, max_length=200)
    email = MailAddressField(
        label=_("Ihre E-Mail-Adresse"),
        required=False,
        help_text=_("Nur wenn Sie eine Antwort möchten."),
    )
