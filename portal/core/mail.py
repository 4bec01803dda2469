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

Each message has one recipient, so that a recipient refused for now is retried alone.
"""

import logging
import smtplib
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.core.mail.message import sanitize_address
from django.db import connection as db_connection
from django.db import transaction
from django.utils import timezone

from .models import OutboxMessage
from .text import single_line

log = logging.getLogger(__name__)
CLAIM_SECONDS = 15 * 60


@dataclass(frozen=True)
class Extras:
    """What some mails carry besides the plain text: an HTML version, further headers (e.g.
    List-Unsubscribe) and what the mail is about (`about`, to delete it with that)."""

    html_body: str = ""
    headers: dict | None = None
    about: str = ""


def queue_mail(
    recipients: list[str],
    subject: str,
    body: str,
    reply_to: str = "",
    extras: Extras = Extras(),
) -> list[OutboxMessage]:
    """Store a mail for `send_outbox`, one message per recipient (so that a recipient the mail
    server refuses for now is retried alone). Raises ValueError for a mail that could never be
    sent (an address that cannot be encoded): forms must refuse such input before anything is
    stored."""
    subject = single_line(subject)[:250]
    headers = {name: single_line(value) for name, value in (extras.headers or {}).items()}
    messages = []
    for recipient in recipients:
        message = OutboxMessage(
            recipients=[recipient],
            subject=subject,
            body=body,
            html_body=extras.html_body,
            headers=headers,
            reply_to=reply_to,
            about=extras.about,
        )
        mail = _build(message)
        mail.message()  # raises for a header that cannot be encoded
        for address in [mail.from_email, *mail.recipients(), *mail.reply_to]:
            sanitize_address(address, mail.encoding or settings.DEFAULT_CHARSET)  # as SMTP will
        messages.append(message)
    return OutboxMessage.objects.bulk_create(messages)


def _build(message: OutboxMessage) -> EmailMultiAlternatives:
    mail = EmailMultiAlternatives(
        subject=message.subject,
        body=message.body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=list(message.recipients),
        reply_to=[message.reply_to] if message.reply_to else None,
        headers=dict(message.headers or {}),
    )
    if message.html_body:
        mail.attach_alternative(message.html_body, "text/html")
    return mail


@dataclass
class SendResult:
    sent: int = 0
    waiting: int = 0
    failed: int = 0


def send_pending(now: datetime | None = None) -> SendResult:
    """Deliver every message that was due when the run started. Never raises for delivery
    errors. `now` fixes the clock (for tests that travel in time); otherwise every claim and
    every outcome is stamped with the time it happens, so a long run never works with claims
    that have already expired."""
    clock = (lambda: now) if now else timezone.now
    started = clock()
    result = SendResult()
    while (message := claim_next(started, clock())) is not None:
        outcome = deliver(message, clock)
        setattr(result, outcome, getattr(result, outcome) + 1)
    return result


def claim_next(due_at: datetime, now: datetime) -> OutboxMessage | None:
    """Take the next message due at `due_at` for this sender alone, for CLAIM_SECONDS from now.

    PostgreSQL: the row is locked and other senders skip it. SQLite: the settings open every
    transaction with BEGIN IMMEDIATE, so claims happen one after another."""
    with transaction.atomic():
        due = OutboxMessage.objects.due(due_at).order_by("next_attempt_at", "pk")
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


def deliver(message: OutboxMessage, clock) -> str:
    """Send one claimed message; returns "sent", "waiting" or "failed"."""
    mail = _build(message)
    try:
        mail.send()
    except Exception as exc:  # any transport or encoding error: keep the message, record why
        return _record_failure(message, exc, clock())
    _finish(message, status=OutboxMessage.Status.SENT, sent_at=clock(), last_error="")
    return "sent"


def _record_failure(message: OutboxMessage, exc: Exception, now: datetime) -> str:
    error = f"{type(exc).__name__}: {exc}"[:2000]
    kind = error_kind(exc)  # logs name the message and the kind of error, never an address
    if is_permanent(exc) or now >= message.retry_until:
        _finish(message, status=OutboxMessage.Status.FAILED, last_error=error)
        log.error(
            "Outbox message %s failed after %s attempt(s) (%s); it is kept: "
            "see `manage.py send_outbox --status`",
            message.pk,
            message.attempts,
            kind,
        )
        return "failed"
    next_attempt_at = now + backoff(message.attempts)
    _finish(
        message,
        status=OutboxMessage.Status.PENDING,
        last_error=error,
        next_attempt_at=next_attempt_at,
    )
    log.warning(
        "Outbox message %s not sent (attempt %s, %s); next attempt at %s",
        message.pk,
        message.attempts,
        kind,
        next_attempt_at.isoformat(timespec="seconds"),
    )
    return "waiting"


def _finish(message: OutboxMessage, **fields) -> None:
    """Record the outcome, unless another sender took the message over meanwhile (because
    this sender's claim expired): then its outcome counts."""
    updated = OutboxMessage.objects.filter(
        pk=message.pk,
        status=OutboxMessage.Status.SENDING,
        claimed_until=message.claimed_until,
    ).update(claimed_until=None, **fields)
    if not updated:
        log.warning("Outbox message %s was taken over by another sender", message.pk)


def backoff(attempts: int) -> timedelta:
    """1, 2, 4, 8 … minutes after the first, second, third … failure, at most the cap."""
    cap = settings.OUTBOX_BACKOFF_MAX_MINUTES
    return timedelta(minutes=min(cap, 2 ** min(attempts - 1, 20)))


def is_permanent(exc: Exception) -> bool:
    """The mail server refused this message for good (5xx for the recipient or the content), or
    it cannot be encoded at all. A refused login or sender is a fault of the setup, fixed by an
    operator: those messages keep waiting."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _msg in exc.recipients.values())
    if isinstance(exc, smtplib.SMTPDataError):
        return exc.smtp_code >= 500
    return isinstance(exc, (UnicodeError, ValueError))


def error_kind(exc: Exception) -> str:
    code = getattr(exc, "smtp_code", None)
    return f"{type(exc).__name__} {code}" if code else type(exc).__name__
