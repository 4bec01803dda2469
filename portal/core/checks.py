"""System checks (`manage.py check`): settings that would make mail undeliverable."""

from django.conf import settings
from django.core.checks import Error, register
from django.core.exceptions import ValidationError
from django.core.mail.message import sanitize_address
from django.core.validators import validate_email


@register()
def mail_addresses(app_configs, **kwargs):
    errors = []
    addresses = [("DEFAULT_FROM_EMAIL", settings.DEFAULT_FROM_EMAIL)]
    addresses += [("FEEDBACK_RECIPIENTS", a) for a in settings.FEEDBACK_RECIPIENTS]
    for name, address in addresses:
        try:
            sanitize_address(address, "utf-8")
            if "<" not in address:
                validate_email(address)
        except (ValueError, ValidationError):
            errors.append(
                Error(
                    f"{name}: {address!r} is not an e-mail address mail can be sent to.",
                    id="portal.E001",
                )
            )
    if not settings.FEEDBACK_RECIPIENTS:
        errors.append(
            Error("FEEDBACK_RECIPIENTS is empty: reports would reach nobody.", id="portal.E002")
        )
    return errors
