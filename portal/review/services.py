"""Proposing, reviewing and publishing changes. Each function is one transaction, writes the
audit history and queues the mail that tells people about it."""

from contextlib import contextmanager

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from portal.core.audit import record
from portal.core.mail import queue_mail
from portal.core.models import AuditEntry
from portal.directory.models import Offer

from . import diff
from .editables import EDITABLES, Editable, apply, apply_m2m, values_of
from .models import Revision

Action = AuditEntry.Action


class Conflict(Exception):
    """Somebody else changed the same thing first; nothing was overwritten."""

    def __init__(self, message: str, fields: list[str] | None = None):
        super().__init__(message)
        self.fields = fields or []


def editable_for(revision: Revision) -> Editable:
    return EDITABLES[revision.content_type.model_class()]


@transaction.atomic
def open_revision(editable: Editable, obj, organisation, user) -> Revision:
    """The open revision of an entry (shared by everyone who edits it), or a new one that
    starts from the live values. `obj=None` starts a new entry."""
    content_type = ContentType.objects.get_for_model(editable.model)
    if obj is not None:
        open_ = Revision.objects.open().filter(content_type=content_type, object_id=obj.pk)
        if existing := open_.select_for_update().first():
            return existing
        values = values_of(obj, editable)
        try:
            with transaction.atomic():
                return Revision.objects.create(
                    content_type=content_type,
                    object_id=obj.pk,
                    organisation=organisation,
                    data=values,
                    base=values,
                    author=user,
                )
        except IntegrityError:  # somebody opened it at the same moment
            return open_.get()
    return Revision.objects.create(
        content_type=content_type, organisation=organisation, data={}, base={}, author=user
    )


@transaction.atomic
def save_draft(revision: Revision, values: dict, user, version: int) -> Revision:
    """Store the edited values. `version` is the one the editor's form started from: if
    somebody saved in between, nothing is overwritten (Conflict)."""
    updated = Revision.objects.filter(
        pk=revision.pk, version=version, state__in=[Revision.State.DRAFT, Revision.State.RETURNED]
    ).update(data=values, version=version + 1, author=user, updated_at=timezone.now())
    if not updated:
        revision.refresh_from_db()
        if not revision.is_editable:
            raise Conflict("Diese Änderung ist schon zur Prüfung eingereicht.")
        raise Conflict(
            "Jemand anderes hat diesen Eintrag inzwischen gespeichert. Ihre Eingaben wurden "
            "nicht gespeichert; bitte prüfen Sie den aktuellen Stand."
        )
    revision.refresh_from_db()
    return revision


@transaction.atomic
def submit(revision: Revision, user, review_url: str) -> None:
    if not revision.is_editable:
        raise Conflict("Diese Änderung ist schon eingereicht.")
    revision.state = Revision.State.SUBMITTED
    revision.submitted_at = timezone.now()
    revision.save(update_fields=["state", "submitted_at", "updated_at"])
    target = revision.target() or revision.organisation
    record(user, Action.SUBMIT, target, comment=revision.title)
    reviewers = _county_editor_addresses()
    if reviewers:
        queue_mail(
            reviewers,
            f"Zur Prüfung: {revision.title}",
            f"{revision.organisation} hat eine Änderung zur Prüfung eingereicht:\n\n"
            f"{revision.title}\n\nPrüfen: {settings.SITE_URL}{review_url}\n",
        )


def proposed(revision: Revision) -> dict:
    """What publishing would write: for a new entry every value, for an existing one only the
    fields the revision changed (the others keep what somebody else may have written)."""
    if revision.is_new:
        return dict(revision.data)
    return {k: v for k, v in revision.data.items() if v != revision.base.get(k)}


def changes_of(revision: Revision) -> list[diff.FieldChange]:
    """What the reviewer sees and the history records: exactly what publishing writes."""
    editable = editable_for(revision)
    target = revision.target()
    live = values_of(target, editable) if target is not None else {}
    return diff.changes(editable, live, {**live, **proposed(revision)})


def conflicts_of(revision: Revision) -> list[str]:
    """Fields the revision changes that somebody else has changed in the live entry since
    the revision began (publishing would overwrite their change)."""
    target = revision.target()
    if target is None:
        return []
    editable = editable_for(revision)
    live = values_of(target, editable)
    return [
        editable.label(name)
        for name in editable.all_fields
        if revision.data.get(name) != revision.base.get(name)  # changed by the revision
        and live.get(name) != revision.base.get(name)  # changed by somebody else meanwhile
        and live.get(name) != revision.data.get(name)
    ]


def _apply_revision(revision: Revision, now):
    """Write the revision's changes into the live entry (a new one for a new entry)."""
    editable = editable_for(revision)
    target = revision.target()
    values = proposed(revision)
    if target is None:
        target = editable.model()
        if hasattr(target, "organisation_id"):
            target.organisation = revision.organisation
    else:
        target = type(target).objects.select_for_update().get(pk=target.pk)
    apply(target, editable, values)
    if isinstance(target, Offer):
        if target.status != Offer.Status.ARCHIVED:  # an archived offer stays offline
            target.status = Offer.Status.PUBLISHED
        target.published_at = target.published_at or now
        target.last_verified_at = now
    if hasattr(target, "slug") and not target.slug:
        target.slug = _unique_slug(target)
    if hasattr(target, "edited_in_portal"):
        target.edited_in_portal = True  # the profile loader leaves it alone from now on
    try:
        target.full_clean(exclude=["uuid", "translation_sources"])
    except ValidationError as error:
        raise Conflict(
            "Der Eintrag ist so nicht vollständig: " + " ".join(error.messages)
        ) from None
    target.save()
    apply_m2m(target, editable, values)
    return target


@contextmanager
def previewed(revision: Revision):
    """The entry as it would be after publishing, inside a transaction that is rolled back:
    render it within the `with` block."""
    with transaction.atomic():
        yield _apply_revision(revision, timezone.now())
        transaction.set_rollback(True)


@transaction.atomic
def publish(revision: Revision, reviewer) -> object:
    revision = Revision.objects.select_for_update().get(pk=revision.pk)
    if revision.state != Revision.State.SUBMITTED:
        raise Conflict("Diese Änderung ist nicht (mehr) zur Prüfung eingereicht.")
    if fields := conflicts_of(revision):
        raise Conflict(
            "Der veröffentlichte Eintrag wurde inzwischen geändert. Bitte geben Sie die Änderung "
            "zurück, damit sie auf dem neuen Stand gemacht wird.",
            fields,
        )
    changes = changes_of(revision)
    created = revision.is_new
    now = timezone.now()
    target = _apply_revision(revision, now)
    revision.object_id = target.pk
    revision.state = Revision.State.PUBLISHED
    revision.reviewed_by, revision.reviewed_at = reviewer, now
    revision.save()
    record(
        reviewer,
        Action.CREATE if created else Action.PUBLISH,
        target,
        changes={c.label: [c.old, c.new] for c in changes},
        comment=f"eingereicht von {revision.author}" if revision.author else "",
    )
    page = target.get_absolute_url() if hasattr(target, "get_absolute_url") else ""
    _tell_author(
        revision,
        f"Veröffentlicht: {revision.title}",
        f"Ihre Änderung an „{revision.title}“ ist jetzt veröffentlicht.\n\n"
        + (f"{settings.SITE_URL}{page}\n" if page else ""),
    )
    return target


@transaction.atomic
def send_back(revision: Revision, reviewer, comment: str, edit_url: str) -> None:
    revision = Revision.objects.select_for_update().get(pk=revision.pk)
    if revision.state != Revision.State.SUBMITTED:
        raise Conflict("Diese Änderung ist nicht (mehr) zur Prüfung eingereicht.")
    revision.state = Revision.State.RETURNED
    revision.comment = comment
    revision.reviewed_by, revision.reviewed_at = reviewer, timezone.now()
    revision.save()
    record(reviewer, Action.RETURN, revision.target() or revision.organisation, comment=comment)
    _tell_author(
        revision,
        f"Zurückgegeben: {revision.title}",
        f"Ihre Änderung an „{revision.title}“ wurde zurückgegeben, mit diesem Hinweis:\n\n"
        f"{comment}\n\nBearbeiten: {settings.SITE_URL}{edit_url}\n",
    )


@transaction.atomic
def archive(obj, user) -> None:
    """Take a published entry off the public pages; nothing is deleted."""
    obj.archive()
    _mark_edited(obj)
    record(user, Action.ARCHIVE, obj)


@transaction.atomic
def restore(obj, user) -> None:
    """Bring an archived entry back; an entry that is not archived stays as it is (a draft
    does not get published this way)."""
    archived = getattr(obj, "archived_at", None) is not None or (
        isinstance(obj, Offer) and obj.status == Offer.Status.ARCHIVED
    )
    if not archived:
        raise Conflict("Dieser Eintrag ist nicht archiviert.")
    obj.restore()
    _mark_edited(obj)
    record(user, Action.RESTORE, obj)


def _mark_edited(obj) -> None:
    """Changed in the partner area: `load_profile` no longer overwrites it."""
    if hasattr(obj, "edited_in_portal") and not obj.edited_in_portal:
        obj.edited_in_portal = True
        obj.save(update_fields=["edited_in_portal"])


def _tell_author(revision: Revision, subject: str, body: str) -> None:
    if revision.author is not None and revision.author.email:
        queue_mail([revision.author.email], subject, body)


def _county_editor_addresses() -> list[str]:
    from django.contrib.auth import get_user_model

    users = get_user_model().objects.filter(
        is_active=True, account__role__in=["county_admin", "county_editor"]
    )
    return sorted({u.email for u in users if u.email})


def _unique_slug(obj) -> str:
    from portal.core.text import german_slugify

    base = german_slugify(getattr(obj, "title_de", "") or getattr(obj, "name", "")) or "eintrag"
    slug, n = base[:200], 2
    while type(obj).objects.filter(slug=slug).exists():
        slug, n = f"{base[:195]}-{n}", n + 1
    return slug


@transaction.atomic
def edit_directly(obj, values: dict, user, version: str = "") -> None:
    """County editors change what they are responsible for (pages, topics, events, the
    Runder Tisch) without review. `version` is the entry's `updated_at` when the form was
    opened: if somebody saved in between, nothing is overwritten (Conflict)."""
    if obj.pk is not None:
        current = type(obj).objects.select_for_update().get(pk=obj.pk)
        if version and current.updated_at.isoformat() != version:
            raise Conflict(
                "Jemand anderes hat diesen Eintrag inzwischen gespeichert. Ihre Eingaben wurden "
                "nicht gespeichert; bitte prüfen Sie den aktuellen Stand."
            )
    created = obj.pk is None
    changes = {}
    for name, value in values.items():
        field = obj._meta.get_field(name)
        before = getattr(obj, field.name)
        if before != value:
            changes[str(field.verbose_name)] = [_shown(before), _shown(value)]
        setattr(obj, field.name, value)
    if hasattr(obj, "slug") and not obj.slug:
        obj.slug = _unique_slug(obj)
    if hasattr(obj, "edited_in_portal"):
        obj.edited_in_portal = True
    obj.full_clean(exclude=["uuid", "translation_sources"])
    obj.save()
    if created or changes:
        record(user, Action.CREATE if created else Action.CHANGE, obj, changes=changes)


def _shown(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nein"
    return str(value)
