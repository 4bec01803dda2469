"""Form fields with the portal's rules for user input, shared by every surface."""

import unicodedata

from django import forms
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
