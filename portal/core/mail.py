"""Outgoing mail through the outbox table.

A request only queues a message (`queue_mail`, inside its own transaction); `manage.py
send_outbox`, run by cron or a systemd timer, delivers it. Every sender claims one message at a
time before talking to the mail server, so overlapping runs never send a message twice. A message
that cannot be delivered waits with a growing pause (exponential backoff with a cap) and is tried
again for days (`OUTBOX_RETRY_DAYS`); only then, or when the mail server rejects it for good, it
is marked failed. Failed messages are kept and listed by `send_outbox --status`.

A sender that dies after the mail server accepted a message but before it was marked sent leaves
a claim that expires after `CLAIM_SECONDS`; the message is then sent again. That is the only way
a message can arrive twice, and it needs a crash at exactly that moment.
"""

import logging
import smtplib
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.core.mail.message import sanitize_address
from django.db import connection as db_connection
from django.db import transaction
from django.utils import timezone

from .models import OutboxMessage
from .text import single_line

log = logging.getLogger(__name__)
CLAIM_SECONDS = 15 * 60


def queue_mail(recipients: list[str], subject: str, body: str, reply_to: str = "") -> OutboxMessage:
    """Store a mail for `send_outbox`. Raises ValueError for a mail that could never be sent
    (a header with a line break, an address that cannot be encoded): forms must refuse such
    input before anything is stored."""
    subject = single_line(subject)[:250]
    mail = _build(recipients, subject, body, reply_to)
    mail.message()  # raises for a header that cannot be encoded
    for address in [mail.from_email, *mail.recipients(), *mail.reply_to]:
        sanitize_address(address, mail.encoding or settings.DEFAULT_CHARSET)  # as SMTP will
    return OutboxMessage.objects.create(
        recipients=list(recipients), subject=subject, body=body, reply_to=reply_to
    )


def _build(recipients, subject, body, reply_to, connection=None) -> EmailMessage:
    return EmailMessage(
        subject=subject,
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=list(recipients),
        reply_to=[reply_to] if reply_to else None,
        connection=connection,
    )


@dataclass
class SendResult:
    sent: int = 0
    waiting: int = 0
    failed: int = 0


def send_pending(now: datetime | None = None) -> SendResult:
    """Deliver every message that is due. Never raises for delivery errors."""
    now = now or timezone.now()
    result = SendResult()
    connection = get_connection(fail_silently=False)
    try:
        while (message := claim_next(now)) is not None:
            outcome = deliver(message, connection, now)
            setattr(result, outcome, getattr(result, outcome) + 1)
    finally:
        connection.close()
    return result


def claim_next(now: datetime) -> OutboxMessage | None:
    """Take the next due message for this sender alone.

    PostgreSQL: the row is locked and other senders skip it. SQLite: the settings open every
    transaction with BEGIN IMMEDIATE, so claims happen one after another."""
    with transaction.atomic():
        due = OutboxMessage.objects.due(now).order_by("next_attempt_at", "pk")
        if db_connection.features.has_select_for_update_skip_locked:
            due = due.select_for_update(skip_locked=True)
        message = due.first()
        if message is None:
            return None
        message.status = OutboxMessage.Status.SENDING
        message.claimed_until = now + timedelta(seconds=CLAIM_SECONDS)
        message.attempts += 1
        message.save(update_fields=["status", "claimed_until", "attempts"])
    return message


def deliver(message: OutboxMessage, connection, now: datetime) -> str:
    """Send one claimed message; returns "sent", "waiting" or "failed"."""
    mail = _build(message.recipients, message.subject, message.body, message.reply_to, connection)
    try:
        mail.send()
    except Exception as exc:  # any transport or encoding error: keep the message, record why
        connection.close()  # a broken connection must not be reused for the next message
        return _record_failure(message, exc, now)
    message.status = OutboxMessage.Status.SENT
    message.sent_at = now
    message.claimed_until = None
    message.last_error = ""
    message.save(update_fields=["status", "sent_at", "claimed_until", "last_error"])
    return "sent"


def _record_failure(message: OutboxMessage, exc: Exception, now: datetime) -> str:
    message.last_error = f"{type(exc).__name__}: {exc}"[:2000]
    message.claimed_until = None
    kind = error_kind(exc)  # logs name the message and the kind of error, never an address
    if is_permanent(exc) or now >= message.retry_until:
        message.status = OutboxMessage.Status.FAILED
        log.error(
            "Outbox message %s failed after %s attempt(s) (%s); it is kept: "
            "see `manage.py send_outbox --status`",
            message.pk,
            message.attempts,
            kind,
        )
    else:
        message.status = OutboxMessage.Status.PENDING
        message.next_attempt_at = now + backoff(message.attempts)
        log.warning(
            "Outbox message %s not sent (attempt %s, %s); next attempt at %s",
            message.pk,
            message.attempts,
            kind,
            message.next_attempt_at.isoformat(timespec="seconds"),
        )
    message.save(update_fields=["status", "last_error", "claimed_until", "next_attempt_at"])
    return "failed" if message.status == OutboxMessage.Status.FAILED else "waiting"


def backoff(attempts: int) -> timedelta:
    """1, 2, 4, 8 … minutes after the first, second, third … failure, at most the cap."""
    cap = settings.OUTBOX_BACKOFF_MAX_MINUTES
    return timedelta(minutes=min(cap, 2 ** min(attempts - 1, 20)))


def is_permanent(exc: Exception) -> bool:
    """The mail server refused this message for good (5xx), or it cannot be encoded at all."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _msg in exc.recipients.values())
    if isinstance(exc, smtplib.SMTPResponseException):
        return exc.smtp_code >= 500
    return isinstance(exc, (UnicodeError, ValueError))


def error_kind(exc: Exception) -> str:
    code = getattr(exc, "smtp_code", None)
    return f"{type(exc).__name__} {code}" if code else type(exc).__name__
