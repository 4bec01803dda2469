"""Form fields with the portal's rules for user input, shared by every surface."""

import time
import unicodedata

from django import forms
from django.conf import settings
from django.core import signing
from django.core.mail.message import sanitize_address
from django.core.validators import EmailValidator
from django.utils.translation import gettext_lazy as _

from .text import single_line, validate_plain_text


class SingleLineField(forms.CharField):
    """A one-line text: no control characters; line breaks (pasted or sent by a script)
    become spaces, so the value can never break a mail header or a layout."""

    default_validators = [validate_plain_text]

    def to_python(self, value):
        value = super().to_python(value)
        return single_line(value) if value else value


class TextField(forms.CharField):
    """A multi-line text without NUL, bidi overrides or other control characters."""

    default_validators = [validate_plain_text]


class MailAddressField(forms.EmailField):
    """An e-mail address that mail can really be sent to: the same character rules as every text
    field, and a domain that can be encoded for the mail server (IDNA)."""

    default_error_messages = {"invalid": _("Bitte geben Sie eine gültige E-Mail-Adresse ein.")}
    default_validators = [validate_plain_text, EmailValidator()]

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 254)
        super().__init__(**kwargs)

    def clean(self, value):
        value = super().clean(value)
        if value and any(unicodedata.category(char)[0] in "CZ" for char in value):
            # Invisible characters (zero-width joiners, spaces) make two addresses look alike.
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        if value:
            try:
                sanitize_address(value, "utf-8")
            except (ValueError, UnicodeError):
                raise forms.ValidationError(
                    _("An diese E-Mail-Adresse können wir keine Nachricht senden."),
                    code="unencodable",
                ) from None
        return value


class GuardedForm(forms.Form):
    """A public form that scripts find hard to abuse, without a third-party captcha: a field
    people do not see (a script that fills every field fills it too) and a signed time the form
    was opened (a post sooner than FORM_MIN_SECONDS after it is asked to be sent again). What a
    person typed is kept in both cases; nothing is stored."""

    homepage = forms.CharField(required=False, label=_("Bitte dieses Feld leer lassen"))
    started = forms.CharField(required=False, widget=forms.HiddenInput)

    signer = signing.TimestampSigner(salt="portal.forms.started")

    def __init__(self, data=None, *args, now: float | None = None, **kwargs):
        super().__init__(data, *args, **kwargs)
        self.now = time.time() if now is None else now
        self.sent_started = self.data.get("started", "") if self.is_bound else ""
        # A new time on every page, also when the form is shown again with errors.
        fresh = self.signer.sign(str(int(self.now)))
        self.fields["started"].initial = fresh
        if self.is_bound:
            self.data = self.data.copy()
            self.data["started"] = fresh

    def fields_for_people(self):
        return [field for field in self if field.name not in ("homepage", "started")]

    def clean(self):
        cleaned = super().clean()
        if self.data.get("homepage"):
            raise forms.ValidationError(
                _(
                    "Ihre Nachricht konnte nicht gesendet werden. Bitte lassen Sie das Feld "
                    "„Bitte dieses Feld leer lassen“ leer."
                ),
                code="honeypot",
            )
        try:
            opened = int(self.signer.unsign(self.sent_started))
        except (signing.BadSignature, ValueError, TypeError):
            raise forms.ValidationError(
                _(
                    "Das Formular ist unvollständig angekommen. Bitte prüfen Sie Ihre Angaben "
                    "und senden Sie es noch einmal."
                ),
                code="started",
            ) from None
        if self.now - opened < settings.FORM_MIN_SECONDS:
            raise forms.ValidationError(
                _(
                    "Das ging sehr schnell. Bitte prüfen Sie Ihre Angaben und senden Sie das "
                    "Formular noch einmal."
                ),
                code="too_fast",
            )
        return cleaned
