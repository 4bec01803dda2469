"""Saving or deleting an entry updates the search documents that show it (`documents.changed`)."""

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from portal.content.models import Event, Page
from portal.directory.models import (
    Contact,
    Location,
    Municipality,
    Offer,
    Organisation,
    Topic,
)

from .documents import LOCATION, TOPIC, changed
from .models import Kind

KINDS = {
    Offer: Kind.OFFER,
    Organisation: Kind.ORGANISATION,
    Contact: Kind.CONTACT,
    Municipality: Kind.MUNICIPALITY,
    Event: Kind.EVENT,
    Page: Kind.PAGE,
    Location: LOCATION,
    Topic: TOPIC,
}
M2M = {
    Offer.topics.through: Kind.OFFER,
    Offer.target_groups.through: Kind.OFFER,
    Offer.languages.through: Kind.OFFER,
    Offer.municipalities.through: Kind.OFFER,
    Offer.locations.through: Kind.OFFER,
    Organisation.municipalities_served.through: Kind.ORGANISATION,
    Contact.municipalities.through: Kind.CONTACT,
}


@receiver(post_save)
@receiver(post_delete)
def entry_changed(sender, instance, raw=False, **kwargs):
    kind = KINDS.get(sender)
    if kind is not None and not raw:
        changed(kind, instance.pk)


@receiver(m2m_changed)
def relation_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if not action.startswith("post_") or sender not in M2M:
        return
    if not reverse:
        changed(M2M[sender], instance.pk)
    else:  # e.g. topic.offers.add(offer): the other side changed
        for pk in pk_set or ():
            changed(M2M[sender], pk)
