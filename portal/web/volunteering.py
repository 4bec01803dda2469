"""Mithelfen: how to help, the Helferkreise, the sign-up with double opt-in, the pages behind
the links in a volunteer's mails, and the needs board with its relay form."""

import re

from django.conf import settings
from django.db.models import F
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone, translation
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_safe

from portal.content.models import Page
from portal.core import reference
from portal.core.prepared import prepared
from portal.core.ratelimit import over_limit, too_many_requests
from portal.directory.models import Contact, Municipality, Organisation
from portal.volunteering import links, services
from portal.volunteering.models import Need

from . import cards
from .forms import MunicipalityPickerForm, NeedAnswerForm, VolunteerForm
from .pagecache import shows

GET_POST = require_http_methods(["GET", "HEAD", "POST"])
SLUG = re.compile(r"[-a-z0-9]{1,100}")


def _private(response):
    """Pages behind a personal link: never stored by a cache, the link never sent on."""
    response["Cache-Control"] = "no-store, private"
    response["Referrer-Policy"] = "no-referrer"
    response["X-Robots-Tag"] = "noindex"
    return response


@prepared
def _circle_rows():
    return (
        Organisation.objects.volunteer_circles()
        .order_by("name")
        .raw_values("pk", "slug", "name", "is_demo", town=F("municipality__name"))
    )


@prepared
def _coordinators(organisations):
    return (
        Contact.objects.active()
        .filter(kind=Contact.Kind.VOLUNTEER_COORDINATION, organisation_id__in=organisations)
        .raw_values("organisation_id", "name", "phone")
    )


def _circles() -> list:
    """The circles with their town and coordinators, as the Mithelfen page lists them, read
    as values: a link, the town's name, each coordinator's name and phone."""
    circles = []
    for row in _circle_rows():
        circle = cards.ListedOrganisation(row["slug"], row["name"], row["is_demo"])
        circle.pk, circle.coordinators = row["pk"], []
        circle.municipality = {"name": row["town"]} if row["town"] is not None else None
        circles.append(circle)
    by_id = {circle.pk: circle for circle in circles}
    for person in _coordinators(organisations=list(by_id)):  # in the contacts' order
        by_id[person["organisation_id"]].coordinators.append(person)
    return circles


@prepared
def _first_open_needs(today):
    return (
        Need.objects.open(today)
        .select_related("municipality")
        .only("title", "ends_on", "is_demo", "municipality__name")[:3]
    )


@prepared
def _open_needs(today):
    return Need.objects.open(today).values_list("pk", flat=True)


@require_safe
def volunteer(request):
    shows(request, "pages", "needs", "contacts", "organisations", "municipalities")
    today = timezone.localdate()
    return render(
        request,
        "web/volunteer.html",
        {
            "page": reference.kept(
                "page:ehrenamtliche",
                lambda: Page.objects.published().filter(slug="ehrenamtliche").first(),
            ),
            "circles": _circles(),
            "needs": _first_open_needs(today=today),
            "need_count": len(_open_needs(today=today)),
            "picker": MunicipalityPickerForm(),
        },
    )


@GET_POST
def signup(request):
    if request.method == "POST":
        form = VolunteerForm(request.POST)
        if form.is_valid():
            if over_limit(request, "volunteer"):
                return too_many_requests(request)
            services.sign_up(form.cleaned_data, translation.get_language())
            return redirect("web:volunteer-sent")
    else:
        # A town chosen in advance (from its page); anything else is simply not preselected.
        slug = request.GET.get("gemeinde", "")
        municipality = (
            Municipality.objects.filter(slug=slug).first() if SLUG.fullmatch(slug) else None
        )
        form = VolunteerForm(initial={"municipality": municipality} if municipality else {})
    status = 400 if form.is_bound else 200
    return render(request, "web/volunteer_signup.html", {"form": form}, status=status)


@require_safe
def signup_sent(request):
    return render(request, "web/volunteer_sent.html", {"days": settings.VOLUNTEER_UNCONFIRMED_DAYS})


def _signup_or_error(request, token, purpose):
    try:
        return links.signup_for(token, purpose), None
    except links.LinkExpired:
        reason = "expired"
    except links.LinkInvalid:
        reason = "invalid"
    response = render(
        request,
        "web/volunteer_link_error.html",
        {"reason": reason},
        status=410 if reason == "expired" else 404,
    )
    return None, _private(response)


@require_safe
def confirm(request, token):
    signup, error = _signup_or_error(request, token, links.CONFIRM)
    if error:
        return error
    # Only opening the link confirms: a link checker's or mail scanner's HEAD changes nothing.
    first_time = services.confirm(signup) if request.method == "GET" else False
    return _private(
        render(
            request,
            "web/volunteer_confirmed.html",
            {"signup": signup, "first_time": first_time, "manage_url": links.manage_url(signup)},
        )
    )


@GET_POST
def manage(request, token):
    signup, error = _signup_or_error(request, token, links.MANAGE)
    if error:
        return error
    action = request.POST.get("action") if request.method == "POST" else None
    if action == "withdraw":
        services.withdraw(signup)
        return _private(render(request, "web/volunteer_withdrawn.html"))
    renewed = action == "renew" and signup.confirmed_at is not None
    if renewed:
        services.renew(signup)
    refused = request.method == "POST" and not renewed
    context = {
        "signup": signup,
        "token": token,
        "renewed": renewed,
        "unknown_action": refused,
        "retention_days": settings.VOLUNTEER_RETENTION_DAYS,
    }
    status = 400 if refused else 200
    return _private(render(request, "web/volunteer_manage.html", context, status=status))


@require_safe
def stored_data(request, token):
    signup, error = _signup_or_error(request, token, links.MANAGE)
    if error:
        return error
    response = HttpResponse(
        services.stored_data_json(signup), content_type="application/json; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="mithelfen-meine-daten.json"'
    return _private(response)


# A mail program's one-click unsubscribe (RFC 8058) posts without a form: the signed link is
# the proof.
@csrf_exempt
@GET_POST
def withdraw(request, token):
    signup, error = _signup_or_error(request, token, links.MANAGE)
    if error:
        return error
    if request.method == "POST":
        services.withdraw(signup)
        return _private(render(request, "web/volunteer_withdrawn.html"))
    return _private(
        render(request, "web/volunteer_withdraw.html", {"signup": signup, "token": token})
    )


@require_safe
def need_list(request):
    shows(request, "needs", "contacts", "organisations", "municipalities", "vocabulary")
    picker = MunicipalityPickerForm(request.GET or None)
    needs = (
        Need.objects.open()
        .select_related("municipality", "organisation")
        .only(  # what the cards show
            "title",
            "starts_on",
            "ends_on",
            "is_demo",
            "municipality__name",
            "organisation__name",
        )
    )
    municipality = None
    if picker.is_bound and picker.is_valid():
        municipality = picker.cleaned_data["gemeinde"]
        needs = needs.filter(municipality=municipality)
    status = 400 if picker.is_bound and picker.errors else 200
    return render(
        request,
        "web/need_list.html",
        {"needs": needs, "picker": picker, "municipality": municipality},
        status=status,
    )


@GET_POST
def need_detail(request, pk):
    need = get_object_or_404(
        Need.objects.select_related("municipality", "organisation", "contact").prefetch_related(
            "languages"
        ),
        pk=pk,
    )
    is_open = need.is_open()
    if not is_open and request.method == "POST":
        raise Http404
    form = NeedAnswerForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        if over_limit(request, "need-answer"):
            return too_many_requests(request)
        services.relay_answer(need, form.cleaned_data, translation.get_language())
        return redirect("web:need-sent", pk=need.pk)
    status = 400 if form.is_bound else (200 if is_open else 410)
    return render(
        request,
        "web/need_detail.html",
        {"need": need, "form": form, "is_open": is_open, "today": timezone.localdate()},
        status=status,
    )


@require_safe
def need_sent(request, pk):
    need = get_object_or_404(Need, pk=pk)
    return render(request, "web/need_sent.html", {"need": need})
