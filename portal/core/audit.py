"""The audit history: who changed what, when, with old and new values (`record`)."""

from django.contrib.contenttypes.models import ContentType

from .models import AuditEntry


def record(user, action: str, obj, changes: dict | None = None, comment: str = "") -> AuditEntry:
    """Write one entry. `changes` maps a field's label to [old, new]."""
    return AuditEntry.objects.create(
        user=user if user is not None and user.is_authenticated else None,
        action=action,
        content_type=ContentType.objects.get_for_model(obj),
        object_id=str(obj.pk),
        object_repr=str(obj)[:300],
        changes=changes or {},
        comment=comment,
    )
