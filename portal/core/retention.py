"""Deleting personal data after its retention period (`manage.py apply_retention`, daily).

Each app registers what it deletes with `@retention_policy`; the command runs them all.
Log lines and the command's output name only counts, never personal data.
"""

from collections.abc import Callable
from datetime import datetime, timedelta

from django.conf import settings

Policy = Callable[[datetime], tuple[str, int]]
_policies: list[Policy] = []


def retention_policy(func: Policy) -> Policy:
    _policies.append(func)
    return func


def apply_retention(now: datetime) -> list[tuple[str, int]]:
    return [policy(now) for policy in _policies]


@retention_policy
def delete_old_mail(now: datetime) -> tuple[str, int]:
    """Sent mail after OUTBOX_KEEP_SENT_DAYS; mail that failed for good after RETENTION_DAYS."""
    from .models import OutboxMessage

    sent = OutboxMessage.objects.filter(
        status=OutboxMessage.Status.SENT,
        sent_at__lt=now - timedelta(days=settings.OUTBOX_KEEP_SENT_DAYS),
    )
    failed = OutboxMessage.objects.filter(
        status=OutboxMessage.Status.FAILED,
        created_at__lt=now - timedelta(days=settings.RETENTION_DAYS),
    )
    count = sent.delete()[0] + failed.delete()[0]
    return "ausgehende E-Mails", count


@retention_policy
def delete_old_history(now: datetime) -> tuple[str, int]:
    """The audit history names who changed what: kept for AUDIT_RETENTION_DAYS."""
    from .models import AuditEntry

    cutoff = now - timedelta(days=settings.AUDIT_RETENTION_DAYS)
    return "Einträge im Verlauf", AuditEntry.objects.filter(created_at__lt=cutoff).delete()[0]
