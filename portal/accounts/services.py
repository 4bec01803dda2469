"""Inviting, deactivating and reactivating partner-area users. Each function is one
transaction, writes the audit history and queues any mail."""

from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.contrib.sessions.models import Session
from django.db import transaction
from django.utils import timezone

from portal.core.audit import record
from portal.core.mail import queue_mail
from portal.core.models import AuditEntry

from .models import Account

User = get_user_model()


class InvitationTokenGenerator(PasswordResetTokenGenerator):
    """Like a password reset link (valid for PASSWORD_RESET_TIMEOUT, void once a password is
    set), but not interchangeable with one."""

    key_salt = "portal.accounts.invitation"


invitation_tokens = InvitationTokenGenerator()
reset_tokens = PasswordResetTokenGenerator()


@dataclass(frozen=True)
class Invitation:
    email: str
    role: str
    organisations: tuple = ()
    municipalities: tuple = ()


@transaction.atomic
def invite(invitation: Invitation, by, link_for) -> Account:
    """Create a user without a password and mail them a link to set one. `link_for(user)`
    returns the path of that link (the surface knows its URLs)."""
    email = User.objects.normalize_email(invitation.email).lower()
    user = User.objects.create_user(username=email, email=email)
    user.set_unusable_password()
    user.save(update_fields=["password"])
    account = Account.objects.create(
        user=user, role=invitation.role, invited_by=by, invited_at=timezone.now()
    )
    account.organisations.set(invitation.organisations)
    account.municipalities.set(invitation.municipalities)
    record(by, AuditEntry.Action.INVITE, account, comment=account.get_role_display())
    days = settings.PASSWORD_RESET_TIMEOUT // 86400
    queue_mail(
        [email],
        "Einladung in den Partnerbereich des Integrationsportals",
        "Guten Tag,\n\n"
        f"{by.get_full_name() or by.email} lädt Sie in den Partnerbereich des "
        "Integrationsportals ein. Dort pflegen Sie die Angebote und Ansprechpersonen "
        "Ihrer Organisation.\n\n"
        f"Legen Sie hier Ihr Passwort fest (der Link gilt {days} Tage und nur einmal):\n"
        f"{settings.SITE_URL}{link_for(user)}\n\n"
        "Danach richten Sie eine Authenticator-App für die Anmeldung in zwei Schritten ein.\n",
    )
    return account


def send_password_reset(email: str, link_for) -> None:
    """Mail a link to set a new password, if an active partner-area user has this address.
    Says nothing about whether one has (the caller shows the same message either way)."""
    user = User.objects.filter(email__iexact=email, is_active=True, account__isnull=False).first()
    if user is None or not user.has_usable_password():
        return
    queue_mail(
        [user.email],
        "Neues Passwort für den Partnerbereich",
        "Guten Tag,\n\nSie können hier ein neues Passwort für den Partnerbereich des "
        f"Integrationsportals festlegen:\n{settings.SITE_URL}{link_for(user)}\n\n"
        "Wenn Sie das nicht angefordert haben, ignorieren Sie diese E-Mail.\n",
    )


SIGN_IN_CHANGES = {
    "email": "E-Mail-Adresse geändert",
    "password": "Passwort geändert",
    "codes": "Wiederherstellungscodes neu erzeugt",
    "authenticator": "Authenticator-App ersetzt",
}


@transaction.atomic
def sign_in_changed(user, what: str, notify: str = "") -> None:
    """Record a change to how the user signs in and tell them by mail (`notify`: the old
    address, when the address itself changed), so that a change by somebody else who got
    hold of the session does not go unnoticed."""
    change = SIGN_IN_CHANGES[what]
    record(user, AuditEntry.Action.SIGN_IN, user.account, comment=change)
    queue_mail(
        [notify or user.email],
        f"Partnerbereich: {change}",
        "Guten Tag,\n\n"
        f"in Ihrem Zugang zum Partnerbereich des Integrationsportals wurde soeben Folgendes "
        f"geändert: {change}.\n\n"
        "Wenn Sie das selbst waren, ist nichts weiter zu tun. Wenn nicht, melden Sie sich bitte "
        "sofort beim Landratsamt: Dort wird Ihr Zugang gesperrt und neu eingerichtet.\n",
    )


@transaction.atomic
def deactivate(user, by) -> None:
    """Lock the user out at once: no login, and every open session ends now."""
    user.is_active = False
    user.save(update_fields=["is_active"])
    user.account.ended_at = timezone.now()
    user.account.save(update_fields=["ended_at"])
    end_sessions(user)
    record(by, AuditEntry.Action.DEACTIVATE, user.account)


@transaction.atomic
def activate(user, by) -> None:
    user.is_active = True
    user.save(update_fields=["is_active"])
    user.account.ended_at = None
    user.account.save(update_fields=["ended_at"])
    record(by, AuditEntry.Action.ACTIVATE, user.account)


def end_sessions(user) -> int:
    """Delete the user's sessions (the session table is small: partner-area users only)."""
    ended = [
        session.pk
        for session in Session.objects.filter(expire_date__gt=timezone.now())
        if str(session.get_decoded().get("_auth_user_id")) == str(user.pk)
    ]
    Session.objects.filter(pk__in=ended).delete()
    return len(ended)
