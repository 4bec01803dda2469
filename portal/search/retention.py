from datetime import datetime

from portal.core.retention import retention_policy

from .stats import cutoff


@retention_policy
def delete_old_unanswered_searches(now: datetime) -> tuple[str, int]:
    """The counts of searches without results are kept for 12 months."""
    from .models import UnansweredSearch

    return "Suchen ohne Treffer", UnansweredSearch.objects.filter(day__lt=cutoff(now)).delete()[0]
