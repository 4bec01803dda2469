"""The user's own account: e-mail address, password, second factor (each after the password)."""

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from portal.accounts.services import sign_in_changed

from ..access import partner_view
from ..forms import (
    ConfirmWithPasswordForm,
    EmailChangeForm,
    OwnPasswordChangeForm,
    ReplaceAuthenticatorForm,
)
from .auth import new_recovery_codes

FORMS = {
    "email": EmailChangeForm,
    "password": OwnPasswordChangeForm,
    "codes": ConfirmWithPasswordForm,
    "authenticator": ReplaceAuthenticatorForm,
}


@partner_view
@require_http_methods(["GET", "HEAD", "POST"])
def account(request):
    action = request.POST.get("action") if request.method == "POST" else None
    # Each form has its own prefix: several ask for the current password on the same page.
    forms = {name: form(request.user, prefix=name) for name, form in FORMS.items()}
    if action in FORMS:
        form = FORMS[action](request.user, request.POST, prefix=action, request=request)
        forms[action] = form
        if form.is_valid():
            return _apply(request, action, form)
    context = {"forms": forms, "account": request.account}
    return render(request, "partners/account.html", context, status=400 if action else 200)


def _apply(request, action, form):
    user = request.user
    if action == "email":
        old_address = user.email
        user.email = user.username = form.cleaned_data["email"]
        user.save(update_fields=["email", "username"])
        sign_in_changed(user, action, notify=old_address)
        messages.success(request, "Ihre E-Mail-Adresse ist geändert.")
    elif action == "password":
        form.save()
        update_session_auth_hash(request, user)  # other sessions of this user end
        sign_in_changed(user, action)
        messages.success(request, "Ihr Passwort ist geändert.")
    elif action == "codes":
        codes = new_recovery_codes(user)
        sign_in_changed(user, action)
        return render(request, "partners/recovery_codes.html", {"codes": codes})
    else:  # a new authenticator app: the old one stops working; set up the new one now
        TOTPDevice.objects.filter(user=user).delete()
        sign_in_changed(user, action)
        recovery = StaticDevice.objects.filter(user=user).first()
        otp_login(request, recovery)  # still signed in with both factors meanwhile
        messages.info(request, "Richten Sie jetzt Ihre neue Authenticator-App ein.")
        return redirect("partners:two-factor-setup")
    return redirect("partners:account")
