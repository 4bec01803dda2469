"""The county editors' review queue: what changed, published or sent back with a comment."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from portal.review import services
from portal.review.models import Revision

from ..access import partner_view
from ..forms import ReviewForm
from .entries import BY_MODEL


@partner_view(county=True)
def review_queue(request):
    revisions = Revision.objects.submitted().select_related(
        "organisation", "author", "content_type"
    )
    return render(
        request, "partners/review_queue.html", {"revisions": revisions.order_by("submitted_at")}
    )


@partner_view(county=True)
@require_http_methods(["GET", "HEAD", "POST"])
def review_detail(request, pk):
    revision = get_object_or_404(
        Revision.objects.select_related("organisation", "author", "content_type"), pk=pk
    )
    kind = BY_MODEL[revision.content_type.model_class()]
    form = ReviewForm(request.POST or None)
    if request.method == "POST" and revision.state == Revision.State.SUBMITTED and form.is_valid():
        try:
            if form.cleaned_data["decision"] == "publish":
                entry = services.publish(revision, request.user)
                messages.success(request, f"„{entry}“ ist veröffentlicht.")
            else:
                edit = reverse("partners:revision-edit", args=[revision.pk])
                services.send_back(revision, request.user, form.cleaned_data["comment"], edit)
                messages.success(request, "Zurückgegeben. Die Partnerorganisation ist informiert.")
        except services.Conflict as conflict:
            messages.error(request, str(conflict))
        else:
            return redirect("partners:review-queue")
    context = {
        "revision": revision,
        "kind": kind,
        "form": form,
        "changes": services.changes_of(revision),
        "conflicts": services.conflicts_of(revision),
        "previewable": kind.model.__name__ in ("Offer", "Organisation"),
    }
    return render(
        request, "partners/review_detail.html", context, status=400 if form.is_bound else 200
    )
