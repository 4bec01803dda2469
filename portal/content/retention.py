from datetime import datetime, timedelta

from django.conf import settings

from portal.core.retention import retention_policy

from .models import AccessibilityReport


@retention_policy
def delete_old_reports(now: datetime) -> tuple[str, int]:
    cutoff = now - timedelta(days=settings.RETENTION_DAYS)
    count = AccessibilityReport.objects.filter(created_at__lt=cutoff).delete()[0]
    return "Meldungen von Barrieren", count
