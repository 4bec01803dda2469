"""Offers, locations, contacts and organisation profiles: every change becomes a revision that a
county editor publishes. The same views serve all four kinds of entry."""

import uuid
from dataclasses import dataclass

from django.contrib import messages
from django.db.models import Exists, OuterRef
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from portal.accounts import scopes
from portal.core.models import target_languages
from portal.directory.models import Contact, Location, Municipality, Offer, Organisation
from portal.review import diff, services
from portal.review.editables import EDITABLES, initial
from portal.review.models import Revision

from ..access import partner_view
from ..forms import ENTRY_FORMS, problems_of

GET_POST = require_http_methods(["GET", "HEAD", "POST"])


@dataclass(frozen=True)
class Kind:
    """One kind of entry as the partner area shows it."""

    slug: str  # in the address: /partnerbereich/<slug>/
    model: type
    title: str
    title_plural: str
    scope: object  # user -> queryset of the entries they may change
    own_entries: bool = True  # partners create and archive them (not organisations, towns)

    @property
    def editable(self):
        return EDITABLES[self.model]


KINDS = {
    kind.slug: kind
    for kind in (
        Kind("angebote", Offer, "Angebot", "Angebote", scopes.offers_for),
        Kind("orte", Location, "Ort", "Orte", scopes.locations_for),
        Kind(
            "ansprechpersonen", Contact, "Ansprechperson", "Ansprechpersonen", scopes.contacts_for
        ),
        Kind(
            "gemeinden",
            Municipality,
            "Stadt oder Gemeinde",
            "Städte und Gemeinden",
            scopes.municipalities_for,
            own_entries=False,
        ),
        Kind(
            "organisationen",
            Organisation,
            "Organisation",
            "Organisationen",
            scopes.organisations_for,
            own_entries=False,
        ),
    )
}
BY_MODEL = {kind.model: kind for kind in KINDS.values()}


def kind_of(slug: str) -> Kind:
    if slug not in KINDS:
        raise Http404
    return KINDS[slug]


def entry_of(request, kind: Kind, uuid):
    """The entry, if this user may change it; for anybody else it does not exist (404)."""
    return get_object_or_404(kind.scope(request.user), uuid=uuid)


def revision_of(request, pk) -> Revision:
    """An open revision of an entry this user may change (404 otherwise)."""
    revision = get_object_or_404(Revision.objects.select_related("content_type"), pk=pk)
    kind = BY_MODEL.get(revision.content_type.model_class())
    if kind is None:
        raise Http404
    if revision.object_id is None:
        allowed = scopes.organisations_for(request.user).filter(pk=revision.organisation_id)
    else:
        allowed = kind.scope(request.user).filter(pk=revision.object_id)
    if not allowed.exists():
        raise Http404
    return revision


def model_of(revision: Revision) -> type:
    return revision.content_type.model_class()


def open_revisions(model):
    return Revision.objects.open().filter(
        content_type__model=model._meta.model_name, object_id=OuterRef("pk")
    )


@partner_view
def entry_list(request, kind):
    kind = kind_of(kind)
    entries = (
        kind.scope(request.user)
        .annotate(has_revision=Exists(open_revisions(kind.model)))
        .order_by(*(["title_de"] if kind.model is Offer else ["name"]))
    )
    if kind.model in (Offer, Location, Contact):
        entries = entries.select_related("organisation")
    new = Revision.objects.open().filter(
        object_id__isnull=True,
        content_type__model=kind.model._meta.model_name,
        organisation__in=scopes.organisations_for(request.user),
    )
    context = {
        "kind": kind,
        "entries": entries,
        "new_revisions": new,
        "organisations": scopes.organisations_for(request.user).order_by("name"),
        "archivable": None if request.account.is_county else own_organisations(request),
    }
    return render(request, "partners/entry_list.html", context)


@partner_view
@require_POST
def entry_new(request, kind):
    kind = kind_of(kind)
    if not kind.own_entries:
        raise Http404  # organisations and towns are added by the county office
    try:
        chosen = uuid.UUID(request.POST.get("organisation", ""))
    except ValueError:
        raise Http404 from None
    organisation = get_object_or_404(scopes.organisations_for(request.user), uuid=chosen)
    revision = services.open_revision(kind.editable, None, organisation, request.user)
    return redirect("partners:revision-edit", revision.pk)


@partner_view
def entry_edit(request, kind, uuid):
    kind = kind_of(kind)
    entry = entry_of(request, kind, uuid)
    owner = kind.editable.owner(entry)
    if owner is None:  # a town's note belongs to the county office, and there is none yet
        raise Http404
    revision = services.open_revision(kind.editable, entry, owner, request.user)
    return redirect("partners:revision-edit", revision.pk)


@partner_view
@GET_POST
def revision_edit(request, pk):
    revision = revision_of(request, pk)
    kind = BY_MODEL[revision.content_type.model_class()]
    form_class = ENTRY_FORMS[kind.model]
    if not revision.is_editable:
        return render(request, "partners/revision_submitted.html", context_for(revision, kind))
    form = form_class(
        request.POST or None,
        initial=initial(kind.editable, revision.data),
        organisation=revision.organisation,
    )
    theirs = []
    if request.method == "POST" and form.is_valid():
        values = form.revision_values(revision.data)
        try:
            version = int(request.POST.get("version", "0"))
        except ValueError:
            version = 0
        try:
            services.save_draft(revision, values, request.user, version)
        except services.Conflict as conflict:
            # The form keeps what this person typed; beside it, where the stored draft differs.
            # Saving again takes their values, now knowing what they replace.
            messages.error(request, str(conflict))
            theirs = diff.changes(kind.editable, values, revision.data)
        else:
            messages.success(request, "Gespeichert. Die Änderung ist noch nicht veröffentlicht.")
            return redirect("partners:revision-edit", revision.pk)
    context = {**context_for(revision, kind), "form": form, "theirs": theirs}
    return render(
        request, "partners/revision_edit.html", context, status=400 if form.is_bound else 200
    )


def context_for(revision: Revision, kind: Kind) -> dict:
    return {
        "revision": revision,
        "kind": kind,
        "target": revision.target(),
        "changes": services.changes_of(revision),
        "previewable": kind.model in (Offer, Organisation),
    }


@partner_view
@require_POST
def revision_submit(request, pk):
    revision = revision_of(request, pk)
    if revision.is_editable and (
        problems := problems_of(revision, ENTRY_FORMS[model_of(revision)])
    ):
        for problem in problems:
            messages.error(request, problem)
        return redirect("partners:revision-edit", revision.pk)
    try:
        services.submit(
            revision, request.user, reverse("partners:review-detail", args=[revision.pk])
        )
    except services.Conflict as conflict:
        messages.error(request, str(conflict))
    else:
        messages.success(
            request, "Eingereicht. Das Landratsamt prüft die Änderung und veröffentlicht sie."
        )
    return redirect("partners:revision-edit", revision.pk)


@partner_view
def revision_preview(request, pk):
    """The public page as it would look after publishing (rolled back, nothing is saved)."""
    revision = revision_of(request, pk)
    model = model_of(revision)
    if model not in (Offer, Organisation):
        raise Http404
    if problems := problems_of(revision, ENTRY_FORMS[model]):
        messages.error(request, "Die Vorschau zeigt nur vollständige Einträge.")
        for problem in problems:
            messages.error(request, problem)
        return redirect("partners:revision-edit", revision.pk)
    with services.previewed(revision) as entry:
        if model is Offer:
            context = {"offer": entry, "events": [], "preview": revision}
            html = render_to_string("web/offer_detail.html", context, request)
        else:
            context = {
                "organisation": entry,
                "offers": None,
                "contacts": entry.contacts.active(),
                "served": entry.municipalities_served.all(),
                "preview": revision,
            }
            html = render_to_string("web/organisation_detail.html", context, request)
    return HttpResponse(html)


@partner_view
@require_POST
def entry_archive(request, kind, uuid):
    kind = kind_of(kind)
    entry = entry_of(request, kind, uuid)
    if not kind.own_entries or not may_archive(request, entry):
        raise Http404
    try:
        services.archive(entry, request.user)
    except services.Conflict as conflict:
        messages.error(request, str(conflict))
    else:
        messages.success(request, f"„{entry}“ ist archiviert und nicht mehr öffentlich sichtbar.")
    return redirect("partners:entry-list", kind.slug)


@partner_view
@require_POST
def entry_restore(request, kind, uuid):
    kind = kind_of(kind)
    entry = entry_of(request, kind, uuid)
    if not kind.own_entries or not may_archive(request, entry):
        raise Http404
    try:
        services.restore(entry, request.user)
    except services.Conflict as conflict:
        messages.error(request, str(conflict))
    else:
        messages.success(request, f"„{entry}“ ist wiederhergestellt.")
    return redirect("partners:entry-list", kind.slug)


def may_archive(request, entry) -> bool:
    """Archiving takes an entry offline at once, without review: the county, and the
    organisation the entry belongs to. An integration manager who may propose changes to a
    town's contacts or a Helferkreis's offers does not take them offline."""
    return request.account.is_county or entry.organisation_id in own_organisations(request)


def own_organisations(request) -> set[int]:
    return set(request.account.organisations.values_list("pk", flat=True))


def translation_summary(entry) -> dict:
    states = [entry.translation_state(lang) for lang in target_languages()]
    return {state: states.count(state) for state in ("current", "outdated", "missing")}
