"""The needs board: Helferkreise and integration managers post what they need help with.
Published at once (no review: a need is short-lived and closes itself), recorded in the
audit history; answers reach the chosen contact through the public relay form."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from portal.accounts import scopes
from portal.core.audit import record
from portal.core.models import AuditEntry

from ..access import partner_view
from ..forms import NeedForm

GET_POST = require_http_methods(["GET", "HEAD", "POST"])


@partner_view
def need_list(request):
    needs = (
        scopes.needs_for(request.user)
        .select_related("municipality", "organisation", "contact")
        .order_by("-ends_on", "-pk")
    )
    today = timezone.localdate()
    return render(
        request,
        "partners/need_list.html",
        {
            "open": [n for n in needs if n.is_open(today)],
            "ended": [n for n in needs if not n.is_open(today)][:50],
        },
    )


def _changes(form) -> dict:
    return {
        str(form.fields[name].label): [str(form.initial.get(name, "") or ""), str(value)]
        for name, value in form.cleaned_data.items()
        if name in form.changed_data and name != "languages"
    }


@partner_view
@GET_POST
def need_edit(request, pk=None):
    need = get_object_or_404(scopes.needs_for(request.user), pk=pk) if pk else None
    form = NeedForm(request.POST or None, instance=need, user=request.user)
    if request.method == "POST" and form.is_valid():
        is_new = need is None
        saved = form.save(commit=False)
        if is_new:
            saved.created_by = request.user
        saved.save()
        form.save_m2m()
        action = AuditEntry.Action.CREATE if is_new else AuditEntry.Action.CHANGE
        record(request.user, action, saved, changes=_changes(form))
        messages.success(request, f"„{saved.title}“ ist gespeichert und auf dem Portal zu sehen.")
        return redirect("partners:need-list")
    status = 400 if form.is_bound else 200
    return render(request, "partners/need_edit.html", {"form": form, "need": need}, status=status)


@partner_view
@require_POST
def need_close(request, pk):
    need = get_object_or_404(scopes.needs_for(request.user), pk=pk)
    if need.closed_at is None:
        need.closed_at = timezone.now()
        need.save(update_fields=["closed_at", "updated_at"])
        record(request.user, AuditEntry.Action.ARCHIVE, need, comment="Gesuch geschlossen")
    messages.success(request, f"„{need.title}“ ist geschlossen und nicht mehr zu sehen.")
    return redirect("partners:need-list")
