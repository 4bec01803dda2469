"""Forms of the partner area. They validate only; views call the services that write."""

from datetime import timedelta

from django import forms
from django.contrib.auth import authenticate, get_user_model
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm
from django.core.validators import URLValidator
from django.utils import timezone
from django_otp import match_token

from portal.accounts import scopes
from portal.accounts.models import Account
from portal.content.models import Event, Page
from portal.core.forms import MailAddressField, SingleLineField, TextField
from portal.core.translations import translation_version
from portal.directory.models import (
    Contact,
    Language,
    Location,
    Municipality,
    Offer,
    Organisation,
    TargetGroup,
    Topic,
)
from portal.review.editables import (
    CONTACT,
    LOCATION,
    MUNICIPALITY,
    OFFER,
    ORGANISATION,
    from_form,
)
from portal.volunteering.models import Need

User = get_user_model()
WEB_ADDRESS = URLValidator(
    schemes=["http", "https"], message="Bitte eine Adresse mit https:// angeben."
)


class LoginForm(AuthenticationForm):
    """The same message for an unknown address, a wrong password and a locked account."""

    username = forms.EmailField(
        label="E-Mail-Adresse", widget=forms.EmailInput(attrs={"autocomplete": "username"})
    )
    error_messages = {
        "invalid_login": "E-Mail-Adresse oder Passwort stimmen nicht.",
        "inactive": "E-Mail-Adresse oder Passwort stimmen nicht.",
    }

    def clean_username(self):
        return self.cleaned_data["username"].lower()


class CodeForm(forms.Form):
    code = forms.CharField(
        label="Code",
        max_length=16,
        help_text="Der sechsstellige Code aus Ihrer Authenticator-App, oder einer Ihrer "
        "Wiederherstellungscodes.",
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )

    def clean_code(self):
        return "".join(self.cleaned_data["code"].split())


class PasswordResetRequestForm(forms.Form):
    email = MailAddressField(label="E-Mail-Adresse")


def password_is_right(request, user, password: str) -> bool:
    """The current password, checked like at the login: django-axes counts a wrong one, and
    after too many the account is locked (re-authentication is no way around the lockout)."""
    return authenticate(request, username=user.get_username(), password=password) == user


class ConfirmWithPasswordForm(forms.Form):
    """Asks for the current password again before a change that matters (re-authentication)."""

    password = forms.CharField(
        label="Ihr aktuelles Passwort",
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, user, *args, request=None, **kwargs):
        self.user = user
        self.request = request
        super().__init__(*args, **kwargs)

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not password_is_right(self.request, self.user, password):
            raise forms.ValidationError("Das Passwort stimmt nicht.")
        return password


class OwnPasswordChangeForm(PasswordChangeForm):
    def __init__(self, user, *args, request=None, **kwargs):
        self.request = request
        super().__init__(user, *args, **kwargs)

    def clean_old_password(self):
        old_password = self.cleaned_data["old_password"]
        if not password_is_right(self.request, self.user, old_password):
            raise forms.ValidationError("Das Passwort stimmt nicht.")
        return old_password


class ReplaceAuthenticatorForm(ConfirmWithPasswordForm):
    """Password and second factor: whoever holds only an open session, or only the password,
    cannot move the second factor to their own phone."""

    code = forms.CharField(
        label="Code aus der bisherigen App oder ein Wiederherstellungscode",
        max_length=16,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )

    def clean(self):
        cleaned = super().clean()
        code = "".join(cleaned.get("code", "").split())
        if "password" in cleaned and code and match_token(self.user, code) is None:
            self.add_error("code", "Der Code stimmt nicht oder ist abgelaufen.")
        return cleaned


class EmailChangeForm(ConfirmWithPasswordForm):
    email = MailAddressField(label="Neue E-Mail-Adresse")

    def clean_email(self):
        email = self.cleaned_data["email"].lower()
        if User.objects.filter(username=email).exclude(pk=self.user.pk).exists():
            raise forms.ValidationError("Diese E-Mail-Adresse hat schon einen Zugang.")
        return email


class InviteForm(forms.Form):
    email = MailAddressField(label="E-Mail-Adresse")
    role = forms.ChoiceField(
        label="Rolle", choices=Account.Role.choices, initial=Account.Role.EDITOR
    )
    organisations = forms.ModelMultipleChoiceField(
        label="Organisationen",
        queryset=Organisation.objects.order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    municipalities = forms.ModelMultipleChoiceField(
        label="Zuständig für diese Städte und Gemeinden",
        queryset=Municipality.objects.order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def clean_email(self):
        email = self.cleaned_data["email"].lower()
        if User.objects.filter(username=email).exists():
            raise forms.ValidationError("Diese E-Mail-Adresse hat schon einen Zugang.")
        return email

    def clean(self):
        data = super().clean()
        if (
            data.get("role") == Account.Role.EDITOR
            and not data.get("organisations")
            and not data.get("municipalities")
        ):
            raise forms.ValidationError(
                "Wählen Sie mindestens eine Organisation oder eine Stadt oder Gemeinde."
            )
        return data


class EntryForm(forms.ModelForm):
    """Edits the values of a revision. Views never call save(): the values go into the
    revision, and a county editor publishes them into the live entry."""

    editable = None

    def __init__(self, *args, organisation=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        for field in self.fields.values():
            if isinstance(field, forms.URLField):  # http and https only, no ftp: or the like
                field.validators = [WEB_ADDRESS]
                field.assume_scheme = "https"

    def revision_values(self, previous: dict) -> dict:
        """The values for the revision. References the form does not offer (a location
        archived meanwhile, another organisation's contact the county linked) stay as they
        were: not offering a choice must not remove it."""
        values = from_form(self.cleaned_data, self.editable)
        for name in self.editable.m2m:
            field = self.fields.get(name)
            if isinstance(field, forms.ModelMultipleChoiceField) and previous.get(name):
                offered = set(field.queryset.values_list("pk", flat=True))
                kept = {pk for pk in previous[name] if pk not in offered}
                values[name] = sorted(set(values[name]) | kept)
        return values


def as_form_data(editable, values: dict) -> dict:
    """Revision values as a browser would post them, to check them with the entry form."""
    data = {}
    for name, value in values.items():
        if name in editable.m2m:
            data[name] = [str(pk) for pk in value or []]
        elif value is True:
            data[name] = "on"
        elif value not in (None, False):
            data[name] = str(value)
    return data


def problems_of(revision, form_class) -> list[str]:
    """What keeps a revision from being submitted or previewed: the entry form's messages for
    the stored values (a new entry nobody has filled in yet, a location archived meanwhile)."""
    if revision.is_new and not revision.data:
        return ["Der Eintrag ist noch leer: Füllen Sie das Formular aus und speichern Sie."]
    form = form_class(
        as_form_data(form_class.editable, revision.data), organisation=revision.organisation
    )
    if form.is_valid():
        return []
    return [
        f"{form.fields[name].label if name in form.fields else 'Eintrag'}: {message}"
        for name, messages in form.errors.items()
        for message in messages
    ]


def _checkboxes(queryset, label, required=False):
    return forms.ModelMultipleChoiceField(
        label=label, queryset=queryset, required=required, widget=forms.CheckboxSelectMultiple
    )


class OfferForm(EntryForm):
    editable = OFFER
    title_de = SingleLineField(label="Titel", max_length=200)
    summary_de = SingleLineField(
        label="Kurzbeschreibung",
        max_length=300,
        help_text="Ein oder zwei Sätze, die in Listen erscheinen.",
    )
    description_de = TextField(
        label="Beschreibung",
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="Absätze durch eine Leerzeile trennen. Möglich sind **fett**, *kursiv*, "
        "Listen mit - am Zeilenanfang und Links wie [Text](https://…).",
    )
    registration_de = TextField(
        label="So melden Sie sich an", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    schedule_de = TextField(label="Wann", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    cost_note_de = SingleLineField(label="Hinweis zu den Kosten", max_length=300, required=False)
    topics = _checkboxes(Topic.objects.all(), "Themen", required=True)
    target_groups = _checkboxes(TargetGroup.objects.all(), "Zielgruppen")
    languages = _checkboxes(Language.objects.all(), "Angeboten in")
    municipalities = _checkboxes(Municipality.objects.order_by("name"), "Für diese Orte")

    class Meta:
        model = Offer
        fields = OFFER.all_fields
        labels = {"is_county_wide": "Für Menschen im ganzen Landkreis"}

    def __init__(self, *args, organisation=None, **kwargs):
        super().__init__(*args, organisation=organisation, **kwargs)
        own = {"organisation": organisation}
        self.fields["locations"] = _checkboxes(Location.objects.active().filter(**own), "Orte")
        self.fields["contacts"] = _checkboxes(
            Contact.objects.active().filter(**own), "Ansprechpersonen"
        )

    def clean(self):
        data = super().clean()
        if not data.get("is_county_wide") and not data.get("municipalities"):
            self.add_error(
                "municipalities",
                "Wählen Sie die Orte, für die das Angebot ist, oder „im ganzen Landkreis“.",
            )
        return data


class LocationForm(EntryForm):
    editable = LOCATION
    name = SingleLineField(label="Bezeichnung", max_length=200)
    street = SingleLineField(label="Straße und Hausnummer", max_length=200)
    city = SingleLineField(label="Ort", max_length=100)
    accessibility_de = TextField(
        label="Barrierefreiheit vor Ort", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    class Meta:
        model = Location
        fields = LOCATION.all_fields

    def clean(self):
        data = super().clean()
        if (data.get("latitude") is None) != (data.get("longitude") is None):
            raise forms.ValidationError("Breiten- und Längengrad müssen zusammen angegeben werden.")
        return data


class ContactForm(EntryForm):
    editable = CONTACT
    name = SingleLineField(label="Name der Person oder Stelle", max_length=200)
    role_de = SingleLineField(label="Funktion", max_length=200, required=False)
    email = MailAddressField(label="E-Mail", required=False)
    office_hours_de = TextField(
        label="Sprechzeiten", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    municipalities = _checkboxes(Municipality.objects.order_by("name"), "Zuständig für")

    class Meta:
        model = Contact
        fields = CONTACT.all_fields

    def clean(self):
        data = super().clean()
        if not data.get("email") and not data.get("phone"):
            raise forms.ValidationError(
                "Eine Ansprechperson braucht eine E-Mail-Adresse oder eine Telefonnummer."
            )
        return data


class OrganisationForm(EntryForm):
    editable = ORGANISATION
    name = SingleLineField(label="Name", max_length=200)
    description_de = TextField(
        label="Beschreibung",
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Absätze durch eine Leerzeile trennen; **fett**, *kursiv*, Listen und Links.",
    )
    email = MailAddressField(label="E-Mail", required=False)
    street = SingleLineField(label="Straße und Hausnummer", max_length=200, required=False)
    city = SingleLineField(label="Ort", max_length=100, required=False)
    municipalities_served = _checkboxes(
        Municipality.objects.order_by("name"),
        "Tätig in",
    )

    class Meta:
        model = Organisation
        fields = ORGANISATION.all_fields


class MunicipalityNoteForm(EntryForm):
    editable = MUNICIPALITY
    note_de = TextField(
        label="Hinweis auf der Seite der Stadt oder Gemeinde",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Zum Beispiel: wo die Sprechstunde des Integrationsmanagements stattfindet.",
    )

    class Meta:
        model = Municipality
        fields = MUNICIPALITY.all_fields


ENTRY_FORMS = {
    form.editable.model: form
    for form in (OfferForm, LocationForm, ContactForm, OrganisationForm, MunicipalityNoteForm)
}


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label="Entscheidung",
        choices=[("publish", "Veröffentlichen"), ("return", "Zurückgeben")],
        widget=forms.RadioSelect,
    )
    comment = TextField(
        label="Hinweis an die Partnerorganisation",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Nötig beim Zurückgeben: Was soll geändert werden?",
    )

    def clean(self):
        data = super().clean()
        if data.get("decision") == "return" and not data.get("comment"):
            self.add_error("comment", "Bitte schreiben Sie, was geändert werden soll.")
        return data


def translation_form(obj, lang: str, data=None):
    """One field per translated field of `obj`, prefilled with the current translation."""
    fields = {}
    for name in obj.translated_fields():
        source = getattr(obj, f"{name}_de") or ""
        if not source:
            continue
        model_field = obj._meta.get_field(f"{name}_{lang}")
        multiline = model_field.get_internal_type() == "TextField"
        field_class = TextField if multiline else SingleLineField
        fields[f"{name}_{lang}"] = field_class(
            label=str(model_field.verbose_name),
            required=False,
            max_length=getattr(model_field, "max_length", None),
            initial=getattr(obj, f"{name}_{lang}") or "",
            widget=forms.Textarea(attrs={"rows": 6 if multiline else 2}),
        )
    fields["version"] = forms.CharField(
        widget=forms.HiddenInput, initial=translation_version(obj, lang)
    )
    return type("TranslationForm", (forms.Form,), fields)(data)


class CountyForm(forms.ModelForm):
    """County editors' forms; the view saves through `edit_directly`, never form.save()."""

    version = forms.CharField(widget=forms.HiddenInput, required=False)


class PageForm(CountyForm):
    title_de = SingleLineField(label="Titel", max_length=200)
    summary_de = SingleLineField(label="Zusammenfassung", max_length=300, required=False)
    body_de = TextField(
        label="Text",
        required=False,
        widget=forms.Textarea(attrs={"rows": 16}),
        help_text="Zwischenüberschriften mit ## am Zeilenanfang; Listen mit -; Links wie "
        "[Text](https://…), Telefon wie [0731 185-0](tel:+497311850).",
    )

    class Meta:
        model = Page
        fields = ["title_de", "summary_de", "body_de", "kind", "order", "is_published"]


class TopicForm(CountyForm):
    name_de = SingleLineField(label="Name", max_length=100)
    description_de = TextField(
        label="Beschreibung", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    class Meta:
        model = Topic
        fields = ["name_de", "description_de", "icon", "order"]


class EventForm(CountyForm):
    title_de = SingleLineField(label="Titel", max_length=200)
    description_de = TextField(
        label="Beschreibung", required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    place_text = SingleLineField(label="Ort (Freitext)", max_length=200, required=False)
    starts_at = forms.DateTimeField(
        label="Beginn",
        input_formats=["%Y-%m-%dT%H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    ends_at = forms.DateTimeField(
        label="Ende",
        input_formats=["%Y-%m-%dT%H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )

    class Meta:
        model = Event
        fields = [
            "title_de",
            "description_de",
            "kind",
            "starts_at",
            "ends_at",
            "place_text",
            "municipality",
            "organisation",
            "offer",
            "is_published",
        ]


class RunderTischForm(forms.Form):
    members = forms.ModelMultipleChoiceField(
        label="Mitglieder des Runden Tisches Integration",
        queryset=Organisation.objects.order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


class NeedForm(forms.ModelForm):
    """A need on the public needs board; published at once, closed by its end date."""

    title = SingleLineField(
        label="Was wird gesucht?",
        max_length=150,
        help_text="Kurz und konkret, z. B. „Fahrdienst zu Arztterminen in Laichingen“.",
    )
    description = TextField(
        label="Beschreibung",
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Worum geht es, wie oft, wo? Bitte keine Namen oder Adressen von Geflüchteten.",
    )
    skills = SingleLineField(
        label="Was sollten Helfende mitbringen?", max_length=300, required=False
    )
    starts_on = forms.DateField(
        label="ab",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    ends_on = forms.DateField(
        label="bis",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text="Danach verschwindet das Gesuch von selbst vom Portal.",
    )

    class Meta:
        model = Need
        fields = [
            "title",
            "description",
            "skills",
            "languages",
            "municipality",
            "starts_on",
            "ends_on",
            "organisation",
            "contact",
        ]
        widgets = {"languages": forms.CheckboxSelectMultiple}
        labels = {"contact": "Antworten gehen an"}
        help_texts = {
            "contact": "Diese Person oder Stelle bekommt die Antworten per E-Mail; ihre Adresse "
            "wird nicht gezeigt.",
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = scopes.organisations_for(user).order_by("name")
        self.fields["contact"].queryset = (
            scopes.need_contacts_for(user).select_related("organisation").order_by("name")
        )
        self.fields["contact"].label_from_instance = lambda c: f"{c.name} ({c.organisation})"
        self.fields["municipality"].queryset = Municipality.objects.order_by("name")
        self.fields["languages"].queryset = Language.objects.order_by("order", "code")
        self.fields["languages"].label_from_instance = lambda lang: lang.name_german
        self.fields["languages"].required = False
        self.fields["languages"].label = "Gewünschte Sprachen"
        self.today = timezone.localdate()

    def clean_ends_on(self):
        ends_on = self.cleaned_data["ends_on"]
        if ends_on < self.today and (not self.instance.pk or ends_on != self.instance.ends_on):
            raise forms.ValidationError("Das Ende liegt in der Vergangenheit.")
        if ends_on > self.today + timedelta(days=366):
            raise forms.ValidationError("Ein Gesuch läuft höchstens ein Jahr.")
        return ends_on

    def clean(self):
        cleaned = super().clean()
        starts_on, ends_on = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts_on and ends_on and starts_on > ends_on:
            self.add_error("starts_on", "Der Beginn liegt nach dem Ende.")
        return cleaned
