import unicodedata
from html import escape

from django import forms
from django.forms.models import ModelChoiceIterator
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from portal.core import reference
from portal.core.forms import GuardedForm, MailAddressField, SingleLineField, TextField
from portal.directory.models import Language, Municipality, TargetGroup, Topic, phone_validator
from portal.volunteering.models import Availability

from . import vocabulary


class _KeptChoices(ModelChoiceIterator):
    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self.field.objects():
            yield self.choice(obj)

    def __len__(self):
        return len(self.field.objects()) + (self.field.empty_label is not None)

    def __bool__(self):
        return self.field.empty_label is not None or bool(self.field.objects())


class _Kept:
    """A model choice field whose choices are the rows `vocabulary` keeps per process
    (`kept`, a function of it), not a query per form; the queryset says which rows they are."""

    iterator = _KeptChoices

    def __init__(self, *args, kept, **kwargs):
        super().__init__(*args, **kwargs)
        self.kept = kept

    def objects(self) -> list:
        return self.kept()

    def options(self) -> list[tuple[str, str]]:
        """(value, label) of every choice but the empty one, in the reader's language, built
        once per language and process (until reference data changes): a select of the 55
        towns took some 2,000 Python calls for every page that shows it."""
        name = f"options:{self.kept.__name__}:{self.to_field_name}:{type(self).__name__}"
        return reference.kept(
            f"{name}:{get_language()}",
            lambda: [
                (str(getattr(obj, self.to_field_name)), str(self.label_from_instance(obj)))
                for obj in self.objects()
            ],
        )

    def options_html(self) -> list[tuple[str, str, str]]:
        """`options()` as (value, value escaped for HTML, label escaped for HTML), kept as
        they are."""
        name = f"options-html:{self.kept.__name__}:{self.to_field_name}:{type(self).__name__}"
        return reference.kept(
            f"{name}:{get_language()}",
            lambda: [(value, escape(value), escape(label)) for value, label in self.options()],
        )

    def __deepcopy__(self, memo):
        """Every form copies its fields; a model choice field also clones its queryset, which
        is not run for the choices (they are kept): the copy shares it."""
        result = forms.Field.__deepcopy__(self, memo)
        result._queryset = self._queryset
        result.widget.choices = result.choices
        return result


class KeptChoiceField(_Kept, forms.ModelChoiceField):
    """A choice of reference data (topics, municipalities, languages, target groups): the
    choices and the check of a chosen value come from the kept rows."""

    def to_python(self, value):
        if value in self.empty_values:
            return None
        self.validate_no_null_characters(value)
        if isinstance(value, self.queryset.model):
            value = getattr(value, self.to_field_name)
        key = str(value)
        found = next((x for x in self.kept() if str(getattr(x, self.to_field_name)) == key), None)
        if found is None:
            raise forms.ValidationError(
                self.error_messages["invalid_choice"],
                code="invalid_choice",
                params={"value": value},
            )
        return found


class MunicipalityChoiceField(KeptChoiceField):
    def label_from_instance(self, obj):
        """The official name, and beside it the name in the reader's script if there is one."""
        local = obj.local_name(get_language())
        return f"{obj.name} · {local}" if local else obj.name


class MunicipalityPickerForm(forms.Form):
    gemeinde = MunicipalityChoiceField(
        label=_("Meine Stadt oder Gemeinde"),
        queryset=Municipality.objects.for_picker(),
        kept=vocabulary.municipalities,
        to_field_name="slug",
        empty_label=_("Bitte wählen"),
        error_messages={
            "required": _("Bitte wählen Sie eine Stadt oder Gemeinde aus."),
            "invalid_choice": _("Diese Stadt oder Gemeinde gehört nicht zum Landkreis."),
        },
    )


NOT_IN_COUNTY = _("Diese Stadt oder Gemeinde gehört nicht zum Landkreis.")


class LanguageChoiceField(KeptChoiceField):
    def label_from_instance(self, obj):
        return obj.name_native


class SearchForm(forms.Form):
    """The search box and the filters. Every field is optional; a value that does not exist
    is reported and left out, the rest still applies."""

    q = forms.CharField(label=_("Suchbegriff"), required=False)
    thema = KeptChoiceField(
        label=_("Thema"),
        queryset=Topic.objects.all(),
        kept=vocabulary.topics,
        to_field_name="slug",
        required=False,
        empty_label=_("alle Themen"),
        error_messages={"invalid_choice": _("Dieses Thema gibt es nicht.")},
    )
    gemeinde = MunicipalityChoiceField(
        label=_("Ort"),
        queryset=Municipality.objects.for_picker(),
        kept=vocabulary.municipalities,
        to_field_name="slug",
        required=False,
        empty_label=_("ganzer Landkreis"),
        error_messages={"invalid_choice": NOT_IN_COUNTY},
    )
    sprache = LanguageChoiceField(
        label=_("Angeboten in der Sprache"),
        queryset=Language.objects.order_by("order", "code"),
        kept=vocabulary.languages,
        to_field_name="code",
        required=False,
        empty_label=_("alle Sprachen"),
        error_messages={"invalid_choice": _("Diese Sprache gibt es in der Auswahl nicht.")},
    )
    zielgruppe = KeptChoiceField(
        label=_("Für wen"),
        queryset=TargetGroup.objects.all(),
        kept=vocabulary.target_groups,
        to_field_name="slug",
        required=False,
        empty_label=_("für alle"),
        error_messages={"invalid_choice": _("Diese Zielgruppe gibt es nicht.")},
    )
    kostenlos = forms.BooleanField(label=_("nur kostenlose Angebote"), required=False)
    # "Meine Gemeinde": results closest to it first (set by the page, not a filter).
    bei = MunicipalityChoiceField(
        queryset=Municipality.objects.for_picker(),
        kept=vocabulary.municipalities,
        to_field_name="slug",
        required=False,
        widget=forms.HiddenInput,
        error_messages={"invalid_choice": NOT_IN_COUNTY},
    )

    FILTERS = ("thema", "gemeinde", "sprache", "zielgruppe", "kostenlos")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["q"].validators = []  # clean_q says it in the reader's words

    def clean_q(self):
        """A NUL byte is refused (with the field's message); invisible direction marks, which
        Arabic and Persian keyboards insert, and other formatting characters are dropped."""
        value = self.cleaned_data["q"]
        if "\x00" in value:
            raise forms.ValidationError(_("Die Suche darf kein Nullzeichen enthalten."), code="nul")
        return "".join(c for c in value if unicodedata.category(c) not in ("Cc", "Cf")).strip()

    def valid_data(self) -> dict:
        """What can be used: every valid field (after is_valid(), also when another is not)."""
        self.is_valid()
        return {name: value for name, value in self.cleaned_data.items() if name not in self.errors}


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


class CheckboxesField(_Kept, forms.ModelMultipleChoiceField):
    """Checkboxes of reference data: the choices from the kept rows, the check of what was
    ticked by a query (the form is sent rarely)."""

    widget = forms.CheckboxSelectMultiple


class TopicCheckboxes(CheckboxesField):
    def label_from_instance(self, obj):
        return obj.name


class LanguageCheckboxes(CheckboxesField):
    def label_from_instance(self, obj):
        return obj.name_native


class VolunteerContactForm(GuardedForm):
    """How to reach a volunteer: the fields of the sign-up and of an answer to a need."""

    name = SingleLineField(
        label=_("Ihr Name"),
        max_length=100,
        error_messages={
            "required": _("Bitte geben Sie Ihren Namen an."),
            "max_length": _("Bitte kürzen Sie den Namen auf höchstens 100 Zeichen."),
        },
    )
    email = MailAddressField(
        label=_("Ihre E-Mail-Adresse"),
        error_messages={"required": _("Bitte geben Sie Ihre E-Mail-Adresse an.")},
    )
    phone = SingleLineField(
        label=_("Ihre Telefonnummer"),
        required=False,
        max_length=30,
        validators=[phone_validator],
        error_messages={"max_length": _("Bitte geben Sie eine gültige Telefonnummer ein.")},
    )
    email_hint = ""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].help_text = self.email_hint


class VolunteerForm(VolunteerContactForm):
    """Mithelfen: what a neighbour offers, and how to reach them."""

    municipality = MunicipalityChoiceField(
        label=_("Wo möchten Sie helfen?"),
        queryset=Municipality.objects.for_picker(),
        kept=vocabulary.municipalities,
        to_field_name="slug",
        empty_label=_("Bitte wählen"),
        error_messages={
            "required": _("Bitte wählen Sie eine Stadt oder Gemeinde aus."),
            "invalid_choice": NOT_IN_COUNTY,
        },
    )
    topics = TopicCheckboxes(
        label=_("Wobei möchten Sie helfen?"),
        queryset=Topic.objects.all(),
        kept=vocabulary.topics,
        to_field_name="slug",
        required=False,
        error_messages={
            "invalid_choice": _("Dieses Thema gibt es nicht."),
            "invalid_pk_value": _("Dieses Thema gibt es nicht."),
        },
    )
    languages = LanguageCheckboxes(
        label=_("Welche Sprachen sprechen Sie?"),
        queryset=Language.objects.order_by("order", "code"),
        kept=vocabulary.languages,
        to_field_name="code",
        required=False,
        error_messages={
            "invalid_choice": _("Diese Sprache gibt es in der Auswahl nicht."),
            "invalid_pk_value": _("Diese Sprache gibt es in der Auswahl nicht."),
        },
    )
    availability = forms.MultipleChoiceField(
        label=_("Wann haben Sie Zeit?"),
        choices=Availability.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        error_messages={"invalid_choice": _("Bitte wählen Sie nur aus den genannten Zeiten.")},
    )
    message = TextField(
        label=_("Ihre Nachricht"),
        help_text=_("Zum Beispiel: was Sie gut können, oder wie oft Sie Zeit haben."),
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
        max_length=2000,
        error_messages={"max_length": _("Bitte fassen Sie sich kürzer (höchstens 2000 Zeichen).")},
    )
    email_hint = _(
        "Sie bekommen eine E-Mail mit einem Link. Erst wenn Sie ihn öffnen, geben "
        "wir Ihre Anmeldung weiter."
    )
    field_order = [
        "municipality",
        "topics",
        "languages",
        "availability",
        "message",
        "name",
        "email",
        "phone",
        "consent",
    ]
    consent = forms.BooleanField(
        label=_(
            "Ich bin einverstanden, dass das Landratsamt meine Angaben speichert und an den "
            "Helferkreis oder das Integrationsmanagement meines Ortes weitergibt, damit man "
            "sich bei mir meldet. Ich kann das jederzeit über den Link in jeder E-Mail "
            "widerrufen."
        ),
        error_messages={
            "required": _("Ohne Ihr Einverständnis können wir Ihre Anmeldung nicht weitergeben.")
        },
    )


class NeedAnswerForm(VolunteerContactForm):
    """An answer to a need on the board, passed on to its coordinator."""

    message = TextField(
        label=_("Ihre Nachricht"),
        help_text=_("Wann und wie können Sie helfen?"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=2000,
        min_length=10,
        error_messages={
            "required": _("Bitte schreiben Sie eine Nachricht."),
            "min_length": _("Bitte schreiben Sie mindestens 10 Zeichen."),
            "max_length": _("Bitte fassen Sie sich kürzer (höchstens 2000 Zeichen)."),
        },
    )
    email_hint = _("Die Koordination antwortet Ihnen an diese Adresse.")
    field_order = ["message", "name", "email", "phone"]
