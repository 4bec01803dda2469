from django.core.management.base import BaseCommand, CommandError
from django.db.models import Count, Min
from django.utils import timezone

from portal.core.mail import send_pending
from portal.core.models import OutboxMessage


class Command(BaseCommand):
    help = (
        "Sendet fällige E-Mails aus dem Postausgang (alle paar Minuten per cron oder "
        "systemd-Timer). Mit --status: Überblick und gescheiterte E-Mails; mit --retry-failed: "
        "gescheiterte E-Mails erneut versuchen."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--status",
            action="store_true",
            help="nur den Zustand zeigen; Rückgabewert 1, wenn E-Mails gescheitert sind",
        )
        parser.add_argument(
            "--retry-failed",
            action="store_true",
            help="gescheiterte E-Mails erneut versuchen (z. B. nach einer Störung beim Mailserver)",
        )

    def handle(self, *args, status=False, retry_failed=False, **options):
        if status:
            return self.status()
        if retry_failed:
            failed = OutboxMessage.objects.filter(status=OutboxMessage.Status.FAILED)
            count = OutboxMessage.objects.retry(failed)
            self.stdout.write(f"{count} gescheiterte E-Mail(s) werden erneut versucht.")
        result = send_pending()
        self.stdout.write(
            f"{result.sent} gesendet, {result.waiting} warten auf einen neuen Versuch, "
            f"{result.failed} gescheitert"
        )

    def status(self):
        counts = dict(
            OutboxMessage.objects.values_list("status").annotate(n=Count("pk")).order_by()
        )
        for value, label in OutboxMessage.Status.choices:
            self.stdout.write(f"{label}: {counts.get(value, 0)}")
        waiting = OutboxMessage.objects.filter(status=OutboxMessage.Status.PENDING)
        oldest = waiting.aggregate(oldest=Min("created_at"))["oldest"]
        if oldest:
            hours = (timezone.now() - oldest).total_seconds() / 3600
            self.stdout.write(f"älteste wartende E-Mail: seit {hours:.1f} Stunden")
        failed = OutboxMessage.objects.filter(status=OutboxMessage.Status.FAILED)
        for message in failed.order_by("created_at"):
            error = message.last_error.split(":", 1)[0]  # the kind of error, not its text
            self.stdout.write(
                f"gescheitert: Nr. {message.pk}, angelegt {message.created_at:%Y-%m-%d %H:%M}, "
                f"{message.attempts} Versuche, {error}"
            )
        if counts.get(OutboxMessage.Status.FAILED):
            raise CommandError(
                f"{counts[OutboxMessage.Status.FAILED]} E-Mail(s) sind gescheitert. "
                "Nach Behebung der Ursache: manage.py send_outbox --retry-failed"
            )
