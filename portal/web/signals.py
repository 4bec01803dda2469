"""Which cached pages an edit makes out of date: the tags (see `pagecache`) each saved, deleted
or related entry appears under. The tags are set anew once the transaction commits.

Offers count only while they are, or were, published: editing a draft clears nothing. The
topics, municipalities and organisation an offer is listed under are taken before and after
the change, so an offer that moves leaves both lists up to date.
"""

from django.conf import settings
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save
from django.dispatch import receiver

from portal.content.models import Event, Page
from portal.core import reference
from portal.county.models import County
from portal.directory.models import (
    Contact,
    Language,
    Location,
    Municipality,
    Offer,
    Organisation,
    OrganisationKind,
    TargetGroup,
    Topic,
)
from portal.volunteering.models import Need

from .pagecache import touch

VOCABULARY = (Topic, Language, TargetGroup, OrganisationKind)
NAMES = ("slug", "name", "local_names")  # what lists and pickers show of a municipality


def _on() -> bool:
    return bool(settings.PAGE_CACHE_SECONDS)


def _later(tags) -> None:
    """Set the tags anew once the transaction commits; `tags` may be a function that finds
    them then (the relations as committed, and no query before the commit)."""
    transaction.on_commit(lambda: touch(tags() if callable(tags) else tags), robust=True)


def offer_tags(offer: Offer, organisation_id=None, county_wide=None) -> set[str]:
    """Where a published offer is shown ("search": every search results page)."""
    tags = {"offers", "search", f"offer:{offer.pk}", f"offers:organisation:{offer.organisation_id}"}
    if organisation_id is not None:
        tags.add(f"offers:organisation:{organisation_id}")
    tags |= {f"offers:topic:{pk}" for pk in offer.topics.values_list("pk", flat=True)}
    tags |= {
        f"offers:municipality:{pk}" for pk in offer.municipalities.values_list("pk", flat=True)
    }
    if offer.is_county_wide or county_wide:
        tags.add("offers:county")
    return tags


@receiver(pre_save, sender=Offer)
@receiver(pre_save, sender=Municipality)
@receiver(pre_save, sender=Organisation)
@receiver(pre_save, sender=Contact)
def remember_before(sender, instance, raw=False, **kwargs):
    """What the entry was before this save (where it was listed, what lists showed of it)."""
    if not _on():
        return
    if raw or instance.pk is None:
        instance._page_before = None
        return
    fields = {
        Offer: ("status", "organisation_id", "is_county_wide"),
        Municipality: NAMES,
        Organisation: ("municipality_id",),
        Contact: ("organisation_id",),
    }[sender]
    instance._page_before = sender.objects.filter(pk=instance.pk).values(*fields).first()


# Offers and contacts are looked up in their lists before they are deleted (with them, their
# relations go).
WITH_RELATIONS = (Offer, Contact)


@receiver(post_save)
def entry_saved(sender, instance, raw=False, **kwargs):
    if raw or not _on() or sender not in TRACKED:
        return
    before = getattr(instance, "_page_before", None)
    _later(lambda: _tags_of(sender, instance, before))


@receiver(pre_delete)
def entry_deleting(sender, instance, **kwargs):
    if not _on():
        return
    if sender is Offer and instance.status == Offer.Status.PUBLISHED:
        _later(offer_tags(instance))
    elif sender is Contact:
        _later(_tags_of(Contact, instance, None))


@receiver(post_delete)
def entry_deleted(sender, instance, **kwargs):
    if _on() and sender in TRACKED and sender not in WITH_RELATIONS:
        tags = _tags_of(sender, instance, None)
        if tags:
            _later(tags)


def _tags_of(sender, instance, before) -> set[str]:  # noqa: PLR0911 (one answer per kind)
    if sender is Offer:
        was_published = before is not None and before["status"] == Offer.Status.PUBLISHED
        published = instance.status == Offer.Status.PUBLISHED
        if not published and not was_published:
            return set()  # a draft or an archived offer: shown nowhere, before or after
        counted = {"offers:count"} if published != was_published else set()  # topic counts
        if before is None:
            return offer_tags(instance) | counted
        return offer_tags(instance, before["organisation_id"], before["is_county_wide"]) | counted
    if sender is Municipality:
        renamed = before is None or any(before[f] != getattr(instance, f) for f in NAMES)
        return {"search", f"municipality:{instance.pk}"} | (
            {"municipalities"} if renamed else set()
        )
    if sender is Organisation:
        places = {instance.municipality_id, before["municipality_id"] if before else None}
        return {"search", "organisations", f"organisation:{instance.pk}"} | {
            f"organisations:municipality:{pk}" for pk in places if pk
        }
    if sender is Contact:
        organisations = {instance.organisation_id, before["organisation_id"] if before else None}
        places = instance.municipalities.values_list("pk", flat=True) if instance.pk else []
        return (
            {"search", "contacts", f"contact:{instance.pk}"}
            | {f"contacts:organisation:{pk}" for pk in organisations if pk}
            | {f"contacts:municipality:{pk}" for pk in places}
        )
    return _simple_tags(sender, instance)


SIMPLE = {
    Location: ("locations", "location"),
    Event: ("events", "event"),
    Page: ("pages", "page"),
    Need: ("needs", "need"),
}


def _simple_tags(sender, instance) -> set[str]:
    if sender in SIMPLE:
        all_of_them, one = SIMPLE[sender]
        searched = {"search"} if sender is not Need else set()  # needs are not searched
        return {all_of_them, f"{one}:{instance.pk}"} | searched
    if sender in VOCABULARY:
        return {"vocabulary", "search"}  # topic names are words of their offers
    if sender is County:
        return {"county"}
    return set()


TRACKED = {Offer, Municipality, Organisation, Contact, County, *SIMPLE, *VOCABULARY}

OFFER_RELATIONS = {
    Offer.topics.through: "offers:topic",
    Offer.municipalities.through: "offers:municipality",
    Offer.languages.through: None,
    Offer.target_groups.through: None,
    Offer.locations.through: None,
    Offer.contacts.through: None,
}


@receiver(m2m_changed)
def relation_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if not _on():
        return
    if action == "pre_clear" and sender in OFFER_RELATIONS:  # the lists it is about to leave
        action, pk_set = (
            "post_clear",
            set(getattr(instance, _related(sender, reverse)).all().values_list("pk", flat=True)),
        )
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    if sender in OFFER_RELATIONS:
        _offer_relation_changed(sender, instance, reverse, pk_set)
    elif sender is Contact.municipalities.through:
        contacts = [instance.pk] if not reverse else list(pk_set or ())
        places = list(pk_set or ()) if not reverse else [instance.pk]
        _later(
            {"search", "contacts"}
            | {f"contact:{pk}" for pk in contacts}
            | {f"contacts:municipality:{pk}" for pk in places}
        )
    elif sender is Organisation.municipalities_served.through:
        organisations = [instance.pk] if not reverse else list(pk_set or ())
        places = list(pk_set or ()) if not reverse else [instance.pk]
        _later(
            {"search", "organisations"}
            | {f"organisation:{pk}" for pk in organisations}
            | {f"organisations:municipality:{pk}" for pk in places}
        )


def _offer_relation_changed(sender, instance, reverse, pk_set) -> None:
    ids = list(pk_set or ()) if reverse else [instance.pk]
    prefix = OFFER_RELATIONS[sender]
    # Also the lists it just left or joined: the other side of this change.
    others = {f"{prefix}:{pk}" for pk in ([instance.pk] if reverse else pk_set or ())}

    def tags() -> set[str]:
        found = set()
        for offer in Offer.objects.published().filter(pk__in=ids):
            found |= offer_tags(offer) | (others if prefix else set())
            if sender is Offer.topics.through:
                found.add("offers:count")
        return found

    _later(tags)


def _related(through, reverse: bool) -> str:
    """The name of the relation on the instance of an m2m_changed signal."""
    for field in Offer._meta.many_to_many:
        if field.remote_field.through is through:
            return field.remote_field.get_accessor_name() if reverse else field.name
    raise LookupError(through)


# What `portal.core.reference` keeps per process: the county, the vocabulary, the
# municipalities and pages. Any change of them sets a new token, whether the page cache is on
# or not.
REFERENCE = (County, Municipality, Page, *VOCABULARY)


@receiver(post_save)
@receiver(post_delete)
def reference_changed(sender, **kwargs):
    if sender in REFERENCE:
        reference.changed()
