"""Volunteers' data is kept only as long as the privacy statement says (`apply_retention`)."""

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Q

from portal.core.models import OutboxMessage
from portal.core.retention import retention_policy

from . import services
from .models import Need, SignUp

log = logging.getLogger(__name__)


def _delete(signups) -> int:
    keys = [SignUp.mail_key_of(pk) for pk in signups.values_list("pk", flat=True)]
    OutboxMessage.objects.filter(about__in=keys).delete()
    return signups.delete()[1].get(SignUp._meta.label, 0)


@retention_policy
def delete_unconfirmed_signups(now: datetime) -> tuple[str, int]:
    cutoff = now - timedelta(days=settings.VOLUNTEER_UNCONFIRMED_DAYS)
    return "unbestätigte Anmeldungen zum Mithelfen", _delete(
        SignUp.objects.unconfirmed().filter(created_at__lt=cutoff)
    )


def remind_before_deletion(now: datetime) -> int:
    """A volunteer hears VOLUNTEER_REMINDER_DAYS ahead that their sign-up will be deleted, with
    the link to renew it (once)."""
    due = SignUp.objects.confirmed().filter(
        reminded_at__isnull=True,
        delete_after__lt=now + timedelta(days=settings.VOLUNTEER_REMINDER_DAYS),
        delete_after__gte=now,
    )
    due = list(due)
    for signup in due:
        services.remind(signup, now)
    return len(due)


@retention_policy
def delete_expired_signups(now: datetime) -> tuple[str, int]:
    """Confirmed sign-ups after their period; those whose end is near are reminded first."""
    deleted = _delete(SignUp.objects.confirmed().filter(delete_after__lt=now))
    reminded = remind_before_deletion(now)
    log.info("Reminded %s volunteer(s) that their sign-up will be deleted", reminded)
    return "abgelaufene Anmeldungen zum Mithelfen", deleted


@retention_policy
def delete_old_needs(now: datetime) -> tuple[str, int]:
    """Needs after their end (or after being closed) plus RETENTION_DAYS."""
    cutoff = now - timedelta(days=settings.RETENTION_DAYS)
    old = Need.objects.filter(Q(ends_on__lt=cutoff.date()) | Q(closed_at__lt=cutoff))
    return "abgelaufene Gesuche", old.delete()[1].get(Need._meta.label, 0)
