from datetime import datetime, timedelta

from django.conf import settings

from portal.core.retention import retention_policy


@retention_policy
def delete_old_published_revisions(now: datetime) -> tuple[str, int]:
    """A published revision has done its work; what it changed stays in the history, which has
    the same retention period (AUDIT_RETENTION_DAYS). Open ones stay: somebody works on them."""
    from .models import Revision

    cutoff = now - timedelta(days=settings.AUDIT_RETENTION_DAYS)
    old = Revision.objects.filter(state=Revision.State.PUBLISHED, updated_at__lt=cutoff)
    return "veröffentlichte Änderungen", old.delete()[0]
