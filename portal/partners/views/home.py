from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.shortcuts import render

from portal.accounts import scopes
from portal.core.models import target_languages
from portal.directory.models import Contact, Municipality, Offer
from portal.review.models import Revision

from ..access import partner_view


@partner_view
def home(request):
    """My offers with status, last verification and translation state; what waits for me."""
    offers = (
        scopes.offers_for(request.user)
        .select_related("organisation")
        .exclude(status=Offer.Status.ARCHIVED)
        .order_by("title_de")
    )
    rows = []
    for offer in offers[:200]:
        states = [offer.translation_state(lang) for lang in target_languages()]
        rows.append(
            {
                "offer": offer,
                "current": states.count("current"),
                "outdated": states.count("outdated"),
                "missing": states.count("missing"),
            }
        )
    mine = open_revisions_for(request.user)
    context = {
        "rows": rows,
        "returned": mine.filter(state=Revision.State.RETURNED),
        "drafts": mine.filter(state=Revision.State.DRAFT),
        "waiting": Revision.objects.submitted().count() if request.account.is_county else 0,
        "languages": target_languages(),
    }
    return render(request, "partners/home.html", context)


def open_revisions_for(user):
    """Open changes of the user's organisations, and of the towns and contacts they look
    after (an integration manager's note for their town belongs to the county office)."""
    types = ContentType.objects.get_for_models(Municipality, Contact)
    return Revision.objects.open().filter(
        Q(organisation__in=scopes.organisations_for(user))
        | Q(
            content_type=types[Municipality],
            object_id__in=scopes.municipalities_for(user).values("pk"),
        )
        | Q(content_type=types[Contact], object_id__in=scopes.contacts_for(user).values("pk"))
    )
