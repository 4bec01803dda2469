"""The mail outbox: every message delivered exactly once, retried for days, never dropped."""

import logging
import smtplib
import threading
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.db import connections
from django.utils import timezone

from portal.core.mail import (
    CLAIM_SECONDS,
    backoff,
    claim_next,
    deliver,
    is_permanent,
    queue_mail,
    send_pending,
)
from portal.core.models import OutboxMessage
from portal.core.retention import apply_retention
from portal.core.testing import running_smtp_server

RECIPIENT = "erika.beispiel@example.org"


def run_senders(count: int) -> list:
    """`count` senders at once, each in its own thread with its own database connection, as
    overlapping cron runs would be."""
    start = threading.Barrier(count)
    results, errors = [], []

    def sender():
        try:
            start.wait()
            results.append(send_pending())
        except Exception as exc:  # reported below; a thread cannot fail the test itself
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=sender) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors
    return results


# Real transactions, so that the senders' threads see the messages; only the outbox table is
# emptied afterwards (available_apps), not the county profile the other tests rely on.
@pytest.mark.django_db(transaction=True, available_apps=["portal.core"])
def test_four_concurrent_senders_deliver_every_message_exactly_once(smtp_server):
    smtp_server.delay = 0.02  # each delivery takes a moment, so the senders really overlap
    for number in range(20):
        queue_mail([RECIPIENT], f"Nachricht {number}", "Text")
    results = run_senders(4)
    subjects = sorted(str(m["Subject"]) for m in smtp_server.messages)
    assert subjects == sorted(f"Nachricht {n}" for n in range(20))
    assert sum(r.sent for r in results) == 20
    assert sum(1 for r in results if r.sent) > 1, "the senders did not run side by side"
    assert set(OutboxMessage.objects.values_list("status", flat=True)) == {"sent"}
    assert set(OutboxMessage.objects.values_list("attempts", flat=True)) == {1}


def test_a_queued_message_is_only_sent_by_a_sender(db, smtp_server):
    queue_mail([RECIPIENT], "Wartet", "Text")
    assert smtp_server.messages == []
    assert send_pending().sent == 1
    assert [m["Subject"] for m in smtp_server.messages] == ["Wartet"]
    assert send_pending().sent == 0
    assert len(smtp_server.messages) == 1


def test_message_waits_with_growing_pauses_through_a_long_outage_and_arrives_once(
    db, smtp_down, settings
):
    [message] = queue_mail([RECIPIENT], "Nach dem Ausfall", "Text")
    outage_end = timezone.now() + timedelta(days=3)
    pauses = []
    while (message := OutboxMessage.objects.get(pk=message.pk)).next_attempt_at < outage_end:
        before = message.next_attempt_at
        assert send_pending(now=before).waiting == 1
        message.refresh_from_db()
        pauses.append(message.next_attempt_at - before)
    # The earlier outbox gave up after 20 attempts (about 100 minutes); this one keeps going.
    assert message.status == OutboxMessage.Status.PENDING
    assert message.attempts > 60
    assert pauses[:4] == [timedelta(minutes=m) for m in (1, 2, 4, 8)]
    assert max(pauses) == timedelta(minutes=settings.OUTBOX_BACKOFF_MAX_MINUTES)
    assert "ConnectionRefusedError" in message.last_error
    with running_smtp_server(settings) as inbox:
        assert send_pending(now=message.next_attempt_at).sent == 1
        assert send_pending(now=message.next_attempt_at + timedelta(days=1)).sent == 0
    assert [m["Subject"] for m in inbox.messages] == ["Nach dem Ausfall"]


def test_after_the_retry_period_a_message_fails_is_kept_logged_and_can_be_retried(
    db, smtp_down, settings, caplog, capsys
):
    [message] = queue_mail([RECIPIENT], "Vertraulicher Betreff", "Text")
    caplog.set_level(logging.WARNING, logger="portal.core.mail")
    now = message.retry_until + timedelta(minutes=1)
    assert send_pending(now=now).failed == 1
    message.refresh_from_db()
    assert message.status == OutboxMessage.Status.FAILED
    failure = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert len(failure) == 1
    logged = failure[0].getMessage()
    assert str(message.pk) in logged and "send_outbox --status" in logged
    assert RECIPIENT not in caplog.text and "Vertraulich" not in caplog.text

    with pytest.raises(CommandError, match="1 E-Mail"):
        call_command("send_outbox", "--status")
    status = capsys.readouterr().out
    assert f"gescheitert: Nr. {message.pk}" in status and "ConnectionRefusedError" in status
    assert RECIPIENT not in status

    assert send_pending(now=now + timedelta(days=30)).sent == 0  # failed stays failed
    assert OutboxMessage.objects.filter(pk=message.pk).exists()
    with running_smtp_server(settings) as inbox:
        call_command("send_outbox", "--retry-failed")
    assert [m["Subject"] for m in inbox.messages] == ["Vertraulicher Betreff"]
    message.refresh_from_db()
    assert message.status == OutboxMessage.Status.SENT


def test_a_permanent_rejection_fails_at_once(db, smtp_server):
    smtp_server.reject = True
    [message] = queue_mail([RECIPIENT], "Abgelehnt", "Text")
    assert send_pending().failed == 1
    message.refresh_from_db()
    assert message.status == OutboxMessage.Status.FAILED
    assert message.attempts == 1
    assert "550" in message.last_error


def test_a_claim_of_a_sender_that_died_expires(db, smtp_server):
    now = timezone.now()
    [held] = queue_mail([RECIPIENT], "In Arbeit", "Text")
    [abandoned] = queue_mail([RECIPIENT], "Verwaist", "Text")
    OutboxMessage.objects.filter(pk=held.pk).update(
        status="sending", claimed_until=now + timedelta(minutes=5)
    )
    OutboxMessage.objects.filter(pk=abandoned.pk).update(
        status="sending", claimed_until=now - timedelta(minutes=1)
    )
    assert send_pending(now=now).sent == 1
    assert [m["Subject"] for m in smtp_server.messages] == ["Verwaist"]


def test_a_subject_is_always_one_line(db):
    [message] = queue_mail([RECIPIENT], "Zeile\r\nBcc: fremd@example.org", "Text")
    assert message.subject == "Zeile Bcc: fremd@example.org"


@pytest.mark.parametrize(
    "recipient, reply_to",
    [("kein@adresse@example.org", ""), (RECIPIENT, "erika@exa\u202emple.org")],
)
def test_a_mail_that_could_never_be_sent_is_refused_when_queued(db, recipient, reply_to):
    with pytest.raises(ValueError):
        queue_mail([recipient], "Betreff", "Text", reply_to)
    assert not OutboxMessage.objects.exists()


def test_backoff_grows_and_is_capped(settings):
    settings.OUTBOX_BACKOFF_MAX_MINUTES = 60
    assert [backoff(n).total_seconds() / 60 for n in (1, 2, 3, 7, 8, 50)] == [
        1,
        2,
        4,
        60,
        60,
        60,
    ]


def test_retention_deletes_old_sent_mail_but_keeps_recent_and_waiting(db):
    now = timezone.now()
    [old] = queue_mail([RECIPIENT], "Alt", "Text")
    [recent] = queue_mail([RECIPIENT], "Neu", "Text")
    [waiting] = queue_mail([RECIPIENT], "Wartet", "Text")
    OutboxMessage.objects.filter(pk=old.pk).update(status="sent", sent_at=now - timedelta(days=31))
    OutboxMessage.objects.filter(pk=recent.pk).update(
        status="sent", sent_at=now - timedelta(days=3)
    )
    assert ("ausgehende E-Mails", 1) in apply_retention(now)
    assert set(OutboxMessage.objects.values_list("pk", flat=True)) == {recent.pk, waiting.pk}


def test_every_recipient_gets_a_message_of_its_own(db, smtp_server):
    """A recipient the mail server refuses for now must not hold up, or lose, the others."""
    first, second = queue_mail(["a@example.org", "b@example.org"], "An zwei", "Text")
    assert first.recipients == ["a@example.org"] and second.recipients == ["b@example.org"]
    assert send_pending().sent == 2
    assert sorted(str(m["To"]) for m in smtp_server.messages) == ["a@example.org", "b@example.org"]


@pytest.mark.parametrize(
    "error, permanent",
    [
        (smtplib.SMTPRecipientsRefused({"a@example.org": (550, b"no such user")}), True),
        (smtplib.SMTPRecipientsRefused({"a@example.org": (450, b"greylisted")}), False),
        (smtplib.SMTPDataError(554, b"rejected as spam"), True),
        (smtplib.SMTPDataError(451, b"try later"), False),
        (smtplib.SMTPAuthenticationError(535, b"bad password"), False),  # a setup fault
        (smtplib.SMTPSenderRefused(550, b"relay denied", "portal@example.org"), False),
        (smtplib.SMTPServerDisconnected("gone"), False),
        (ConnectionRefusedError(111, "refused"), False),
        (UnicodeError("cannot encode"), True),
    ],
)
def test_only_a_refusal_of_the_message_itself_ends_the_retries(error, permanent):
    assert is_permanent(error) is permanent


def test_a_sender_whose_claim_expired_does_not_overwrite_the_outcome_of_the_next(db, smtp_server):
    [message] = queue_mail([RECIPIENT], "Langsam", "Text")
    now = timezone.now()
    slow = claim_next(now, now)  # this sender stalls past its claim ...
    later = now + timedelta(seconds=CLAIM_SECONDS + 60)
    assert send_pending(now=later).sent == 1  # ... another one takes the message over
    deliver(slow, lambda: later)  # the stalled sender finishes late
    message.refresh_from_db()
    assert message.status == OutboxMessage.Status.SENT
    assert message.sent_at == later and message.attempts == 2
