"""Outgoing mail through the outbox table: queue inside the transaction, deliver later."""

import logging

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.utils import timezone

from .models import OutboxMessage

log = logging.getLogger(__name__)
MAX_ATTEMPTS = 20


def queue_mail(recipients: list[str], subject: str, body: str, reply_to: str = "") -> OutboxMessage:
    """Store a mail; it is sent right after the transaction commits, or later by send_outbox."""
    message = OutboxMessage.objects.create(
        recipients=list(recipients), subject=subject[:250], body=body, reply_to=reply_to
    )
    transaction.on_commit(lambda: send_pending(ids=[message.pk]))
    return message


def send_pending(ids: list[int] | None = None) -> tuple[int, int]:
    """Try to deliver waiting mail. Returns (sent, failed). Never raises for delivery errors:
    a message that could not be sent stays in the outbox for the next run."""
    pending = OutboxMessage.objects.filter(status=OutboxMessage.Status.PENDING)
    if ids is not None:
        pending = pending.filter(pk__in=ids)
    sent = failed = 0
    connection = get_connection(fail_silently=False)
    for message in pending.order_by("created_at"):
        mail = EmailMessage(
            subject=message.subject,
            body=message.body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=message.recipients,
            reply_to=[message.reply_to] if message.reply_to else None,
            connection=connection,
        )
        message.attempts += 1
        try:
            mail.send()
        except Exception as exc:  # any transport error: keep the message, record why
            failed += 1
            message.last_error = f"{type(exc).__name__}: {exc}"[:2000]
            if message.attempts >= MAX_ATTEMPTS:
                message.status = OutboxMessage.Status.FAILED
                log.error("Giving up on outbox message %s: %s", message.pk, message.last_error)
            else:
                log.warning("Outbox message %s not sent: %s", message.pk, message.last_error)
            message.save(update_fields=["attempts", "last_error", "status"])
            continue
        sent += 1
        message.status = OutboxMessage.Status.SENT
        message.sent_at = timezone.now()
        message.last_error = ""
        message.save(update_fields=["attempts", "last_error", "status", "sent_at"])
    return sent, failed
