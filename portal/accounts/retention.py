from datetime import datetime, timedelta

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings

from portal.core.retention import retention_policy


@retention_policy
def delete_old_login_attempts(now: datetime) -> tuple[str, int]:
    """Failed logins (address entered, IP address, browser) serve only against password
    guessing."""
    cutoff = now - timedelta(days=settings.LOGIN_ATTEMPT_RETENTION_DAYS)
    count = AccessAttempt.objects.filter(attempt_time__lt=cutoff).delete()[0]
    count += AccessFailureLog.objects.filter(attempt_time__lt=cutoff).delete()[0]
    count += AccessLog.objects.filter(attempt_time__lt=cutoff).delete()[0]
    return "fehlgeschlagene Anmeldeversuche", count


@retention_policy
def delete_ended_accounts(now: datetime) -> tuple[str, int]:
    """A year (ACCOUNT_RETENTION_DAYS) after an access was ended, the person's login data go:
    user, account, authenticator keys and recovery codes. The history keeps the changes,
    without the person."""
    from django.contrib.auth import get_user_model
    from django.contrib.contenttypes.models import ContentType

    from portal.core.models import AuditEntry

    from .models import Account

    cutoff = now - timedelta(days=settings.ACCOUNT_RETENTION_DAYS)
    users = get_user_model().objects.filter(is_active=False, account__ended_at__lt=cutoff)
    accounts = [
        str(pk) for pk in Account.objects.filter(user__in=users).values_list("pk", flat=True)
    ]
    # The history of the access itself (invited, ended, sign-in changed) names it by address.
    AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Account), object_id__in=accounts
    ).update(object_repr="gelöschter Zugang")
    count = users.count()
    users.delete()
    return "beendete Zugänge", count
