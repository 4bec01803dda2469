"""What a user may see and change in the partner area, as querysets. Views take objects only
from these, so another partner's entry answers 404 (it is simply not found)."""

from django.db.models import Q, QuerySet

from portal.directory.models import Contact, Location, Municipality, Offer, Organisation
from portal.volunteering.models import Need

from .models import Account


def account_of(user) -> Account | None:
    if not user.is_authenticated or not user.is_active:
        return None
    try:
        return user.account
    except Account.DoesNotExist:
        return None


def is_county(user) -> bool:
    account = account_of(user)
    return account is not None and account.is_county


def is_admin(user) -> bool:
    account = account_of(user)
    return account is not None and account.is_admin


def organisations_for(user) -> QuerySet[Organisation]:
    """The user's organisations, and the Helferkreise of the municipalities they look after."""
    account = account_of(user)
    if account is None:
        return Organisation.objects.none()
    if account.is_county:
        return Organisation.objects.all()
    circles = Organisation.objects.volunteer_circles().filter(
        Q(municipality__in=account.municipalities.all())
        | Q(municipalities_served__in=account.municipalities.all())
    )
    return Organisation.objects.filter(
        Q(pk__in=account.organisations.values("pk")) | Q(pk__in=circles.values("pk"))
    )


def municipalities_for(user) -> QuerySet[Municipality]:
    account = account_of(user)
    if account is None:
        return Municipality.objects.none()
    if account.is_county:
        return Municipality.objects.all()
    return account.municipalities.all()


def offers_for(user) -> QuerySet[Offer]:
    return Offer.objects.filter(organisation__in=organisations_for(user))


def locations_for(user) -> QuerySet[Location]:
    return Location.objects.filter(organisation__in=organisations_for(user))


def contacts_for(user) -> QuerySet[Contact]:
    """Contacts of the user's organisations, and those responsible for their municipalities
    (an integration manager keeps the contacts of the towns they look after current)."""
    if is_county(user):
        return Contact.objects.all()
    return Contact.objects.filter(
        Q(organisation__in=organisations_for(user)) | Q(municipalities__in=municipalities_for(user))
    ).distinct()


def needs_for(user) -> QuerySet[Need]:
    """Needs of the user's organisations (Helferkreise included) and of the municipalities
    they look after (an integration manager posts for their towns)."""
    if is_county(user):
        return Need.objects.all()
    return Need.objects.filter(
        Q(organisation__in=organisations_for(user)) | Q(municipality__in=municipalities_for(user))
    ).distinct()


def need_contacts_for(user) -> QuerySet[Contact]:
    """Who may receive the answers to a need: a current contact in the user's scope that has an
    e-mail address (the relay form sends mail)."""
    return contacts_for(user).active().exclude(email="")
