"""County admins invite people into the partner area and end their access."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from portal.accounts import services
from portal.accounts.models import Account

from ..access import partner_view
from ..forms import InviteForm
from .auth import invitation_link

User = get_user_model()


@partner_view(admin=True)
def user_list(request):
    accounts = Account.objects.select_related("user").prefetch_related(
        "organisations", "municipalities"
    )
    return render(
        request, "partners/user_list.html", {"accounts": accounts.order_by("user__email")}
    )


@partner_view(admin=True)
@require_http_methods(["GET", "HEAD", "POST"])
def user_invite(request):
    form = InviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        invitation = services.Invitation(
            data["email"], data["role"], data["organisations"], data["municipalities"]
        )
        services.invite(invitation, request.user, invitation_link)
        messages.success(request, f"Die Einladung an {data['email']} ist unterwegs.")
        return redirect("partners:user-list")
    return render(
        request, "partners/user_invite.html", {"form": form}, status=400 if form.is_bound else 200
    )


@partner_view(admin=True)
@require_POST
def user_deactivate(request, pk):
    account = get_object_or_404(Account.objects.select_related("user"), pk=pk)
    if account.user == request.user:
        messages.error(request, "Sie können Ihren eigenen Zugang nicht beenden.")
    else:
        services.deactivate(account.user, request.user)
        messages.success(request, f"Der Zugang von {account.user.email} ist beendet.")
    return redirect("partners:user-list")


@partner_view(admin=True)
@require_POST
def user_activate(request, pk):
    account = get_object_or_404(Account.objects.select_related("user"), pk=pk)
    services.activate(account.user, request.user)
    messages.success(request, f"Der Zugang von {account.user.email} ist wieder offen.")
    return redirect("partners:user-list")
