"""What happens to a sign-up and to an answer on the needs board. Every mail goes through the
outbox in the same transaction as the change that causes it; nothing is sent inside a request."""

import json
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from portal.core.mail import Extras, queue_mail
from portal.core.models import OutboxMessage
from portal.directory.models import Contact, Organisation

from . import links
from .models import Need, SignUp

CONSENT_VERSION = "2026-12-03"


@dataclass(frozen=True)
class Recipient:
    name: str
    email: str


def coordinator_for(municipality) -> Recipient:
    """Who receives a confirmed sign-up: the Helferkreis coordination responsible for the
    municipality, else its integration management, else the county office."""
    contacts = (
        Contact.objects.active()
        .filter(municipalities=municipality)
        .exclude(email="")
        .order_by("order", "pk")
    )
    for kind in (Contact.Kind.VOLUNTEER_COORDINATION, Contact.Kind.INTEGRATION_MANAGER):
        contact = contacts.filter(kind=kind).first()
        if contact is not None:
            return Recipient(contact.name, contact.email)
    office = (
        Organisation.objects.filter(kind__is_county_office=True)
        .exclude(email="")
        .order_by("pk")
        .first()
    )
    if office is not None:
        return Recipient(office.name, office.email)
    return Recipient("Landratsamt", settings.VOLUNTEER_FALLBACK_RECIPIENT)


def _staff_mail(template: str, context: dict, to: str, reply_to: str = "", about: str = ""):
    """A plain-text mail in German to a coordinator or a need's contact."""
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string(f"volunteering/mail/{template}_subject.txt", context).strip()
        body = render_to_string(f"volunteering/mail/{template}.txt", context)
    queue_mail([to], subject, body, reply_to=reply_to, extras=Extras(about=about))


def _volunteer_mail(signup: SignUp, template: str, **context) -> None:
    """A mail to the volunteer in the language they used, as text and HTML, with the link to
    withdraw in the text and in List-Unsubscribe (one click, RFC 8058)."""
    withdraw = links.withdraw_url(signup)
    context = {
        "signup": signup,
        "withdraw_url": withdraw,
        "manage_url": links.manage_url(signup),
        "rtl": signup.language in settings.LANGUAGES_BIDI,
        "language": signup.language,
        **context,
    }
    with translation.override(signup.language):
        subject = render_to_string(f"volunteering/mail/{template}_subject.txt", context).strip()
        body = render_to_string(f"volunteering/mail/{template}.txt", context)
        html = render_to_string(f"volunteering/mail/{template}.html", context)
    queue_mail(
        [signup.email],
        subject,
        body,
        extras=Extras(
            html_body=html,
            headers={
                "List-Unsubscribe": f"<{withdraw}>",
                "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            },
            about=signup.mail_key,
        ),
    )


@transaction.atomic
def sign_up(data: dict, language: str) -> SignUp:
    """Store a sign-up and ask the volunteer to confirm their address."""
    signup = SignUp.objects.create(
        name=data["name"],
        email=data["email"],
        phone=data.get("phone", ""),
        municipality=data["municipality"],
        availability=list(data.get("availability", [])),
        message=data.get("message", ""),
        language=language,
        consent_version=CONSENT_VERSION,
    )
    signup.topics.set(data.get("topics", []))
    signup.languages.set(data.get("languages", []))
    _volunteer_mail(
        signup,
        "confirm",
        confirm_url=links.confirm_url(signup),
        days=settings.VOLUNTEER_UNCONFIRMED_DAYS,
    )
    return signup


def confirm(signup: SignUp, now: datetime | None = None) -> bool:
    """Confirm the address and send the sign-up on: to its coordinator (in German, answering
    goes to the volunteer) and a confirmation to the volunteer in their language. False if it
    was confirmed before (a second click changes nothing)."""
    now = now or timezone.now()
    recipient = coordinator_for(signup.municipality)
    with transaction.atomic():
        updated = SignUp.objects.filter(pk=signup.pk, confirmed_at__isnull=True).update(
            confirmed_at=now,
            routed_to=f"{recipient.name} <{recipient.email}>",
            delete_after=now + timedelta(days=settings.VOLUNTEER_RETENTION_DAYS),
        )
        if not updated:
            return False
        signup.refresh_from_db()
        _staff_mail(
            "coordinator",
            {"signup": signup, "recipient": recipient},
            recipient.email,
            reply_to=signup.email,
            about=signup.mail_key,
        )
        _volunteer_mail(signup, "confirmed", recipient=recipient)
    return True


def renew(signup: SignUp, now: datetime | None = None) -> None:
    now = now or timezone.now()
    signup.delete_after = now + timedelta(days=settings.VOLUNTEER_RETENTION_DAYS)
    signup.reminded_at = None
    signup.save(update_fields=["delete_after", "reminded_at"])


@transaction.atomic
def withdraw(signup: SignUp) -> None:
    """Delete the sign-up and every mail about it still in the outbox. If a coordinator has
    received it, they are asked to delete it too (the message names only the volunteer)."""
    if signup.confirmed_at and signup.routed_to:
        address = signup.routed_to.rpartition("<")[2].rstrip(">")
        _staff_mail("withdrawn", {"signup": signup}, address)
    OutboxMessage.objects.filter(about=signup.mail_key).delete()
    signup.delete()


def stored_data(signup: SignUp) -> dict:
    """Everything stored about a volunteer, for the download (Art. 15 and 20 GDPR)."""
    return {
        "name": signup.name,
        "email": signup.email,
        "phone": signup.phone,
        "municipality": signup.municipality.name,
        "topics": [topic.name for topic in signup.topics.all()],
        "languages": [language.name_german for language in signup.languages.all()],
        "availability": signup.availability_labels(),
        "message": signup.message,
        "language": signup.language,
        "consent_version": signup.consent_version,
        "created_at": signup.created_at.isoformat(),
        "confirmed_at": signup.confirmed_at.isoformat() if signup.confirmed_at else None,
        "sent_to": signup.routed_to,
        "delete_after": signup.delete_after.isoformat() if signup.delete_after else None,
        "mails_waiting": OutboxMessage.objects.filter(
            about=signup.mail_key, status=OutboxMessage.Status.PENDING
        ).count(),
    }


def stored_data_json(signup: SignUp) -> bytes:
    return json.dumps(stored_data(signup), ensure_ascii=False, indent=2).encode()


def remind(signup: SignUp, now: datetime) -> None:
    _volunteer_mail(signup, "reminder", delete_after=signup.delete_after)
    SignUp.objects.filter(pk=signup.pk).update(reminded_at=now)


@transaction.atomic
def relay_answer(need: Need, data: dict, language: str) -> None:
    """Pass a volunteer's answer to a need on to its contact; nobody's address is shown, and
    nothing but the mail in the outbox is kept."""
    context = {"need": need, "data": data, "language": language}
    _staff_mail("relay", context, need.contact.email, reply_to=data["email"])
