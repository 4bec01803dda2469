"""County editors keep the county's own content current: editorial pages, topics, events
(the Runder Tisch sessions among them) and the members of the Runder Tisch. No review: they
are the reviewers; every change goes into the audit history."""

from dataclasses import dataclass

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from portal.content.models import Event, Page
from portal.core.audit import record
from portal.core.models import AuditEntry
from portal.directory.models import Organisation, Topic
from portal.review import services

from ..access import partner_view
from ..forms import EventForm, PageForm, RunderTischForm, TopicForm

GET_POST = require_http_methods(["GET", "HEAD", "POST"])


@dataclass(frozen=True)
class Content:
    model: type
    form: type
    title: str
    title_plural: str
    ordering: tuple


CONTENT = {
    "seiten": Content(Page, PageForm, "Seite", "Seiten", ("order", "slug")),
    "themen": Content(Topic, TopicForm, "Thema", "Themen", ("order", "slug")),
    "termine": Content(Event, EventForm, "Termin", "Termine", ("-starts_at",)),
}


def content_of(kind: str) -> Content:
    if kind not in CONTENT:
        raise Http404
    return CONTENT[kind]


@partner_view(county=True)
def content_list(request, kind):
    content = content_of(kind)
    entries = content.model.objects.order_by(*content.ordering)
    context = {"kind": kind, "content": content, "entries": entries}
    return render(request, "partners/content_list.html", context)


@partner_view(county=True)
@GET_POST
def content_edit(request, kind, pk=None):
    content = content_of(kind)
    obj = get_object_or_404(content.model, pk=pk) if pk else content.model()
    version = obj.updated_at.isoformat() if obj.pk else ""
    form = content.form(request.POST or None, instance=obj, initial={"version": version})
    if request.method == "POST" and form.is_valid():
        values = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        target = get_object_or_404(content.model, pk=pk) if pk else content.model()
        try:
            services.edit_directly(target, values, request.user, form.cleaned_data["version"])
        except services.Conflict as conflict:
            messages.error(request, str(conflict))
        else:
            messages.success(request, f"„{target}“ ist gespeichert und veröffentlicht.")
            return redirect("partners:content-list", kind)
    context = {"kind": kind, "content": content, "form": form, "obj": obj}
    status = 400 if form.is_bound else 200
    return render(request, "partners/content_edit.html", context, status=status)


@partner_view(county=True)
@GET_POST
def runder_tisch(request):
    members = Organisation.objects.runder_tisch_members()
    form = RunderTischForm(request.POST or None, initial={"members": members})
    if request.method == "POST" and form.is_valid():
        chosen = set(form.cleaned_data["members"])
        for org in Organisation.objects.all():
            member = org in chosen
            if org.is_runder_tisch_member != member:
                org.is_runder_tisch_member = member
                org.edited_in_portal = True  # load_profile keeps what the county chose here
                fields = ["is_runder_tisch_member", "edited_in_portal", "updated_at"]
                org.save(update_fields=fields)
                change = {"Mitglied des Runden Tisches Integration": [not member, member]}
                record(request.user, AuditEntry.Action.CHANGE, org, changes=change)
        messages.success(request, "Die Mitglieder des Runden Tisches sind gespeichert.")
        return redirect("partners:runder-tisch")
    status = 400 if form.is_bound else 200
    return render(request, "partners/runder_tisch.html", {"form": form}, status=status)
