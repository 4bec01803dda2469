"""Signing in (password, then second factor), setting a password from an invitation or a reset
link, setting up the authenticator app, signing out."""

import base64

import qrcode
import qrcode.image.svg
from axes.utils import reset as axes_reset
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth import login as auth_login
from django.contrib.auth import logout as auth_logout
from django.contrib.auth.forms import SetPasswordForm
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.encoding import force_str
from django.utils.http import (
    url_has_allowed_host_and_scheme,
    urlsafe_base64_decode,
    urlsafe_base64_encode,
)
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_http_methods, require_POST
from django_otp import login as otp_login
from django_otp import match_token, user_has_device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from portal.accounts.services import invitation_tokens, reset_tokens, send_password_reset

from ..access import signed_in
from ..forms import CodeForm, LoginForm, PasswordResetRequestForm

User = get_user_model()
GET_POST = require_http_methods(["GET", "HEAD", "POST"])
RECOVERY_CODES = 10
AUTH_BACKEND = "django.contrib.auth.backends.ModelBackend"


def next_url(request) -> str:
    """Where to go after signing in: a page of the partner area, never another site."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target.startswith("/partnerbereich/") and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("partners:home")


def after_password(request):
    """Password accepted: the second factor comes next (or setting it up, the first time)."""
    target = next_url(request)
    if user_has_device(request.user):
        return redirect(f"{reverse('partners:login-code')}?next={target}")
    return redirect("partners:two-factor-setup")


@GET_POST
def login(request):
    if request.user.is_authenticated and request.user.is_verified():
        return redirect(next_url(request))
    form = LoginForm(request, data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        auth_login(request, form.get_user())
        return after_password(request)
    status = 400 if form.is_bound else 200
    return render(
        request, "partners/login.html", {"form": form, "next": next_url(request)}, status=status
    )


@signed_in
@GET_POST
def login_code(request):
    if request.user.is_verified():
        return redirect(next_url(request))
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = match_token(request.user, form.cleaned_data["code"])
        if device is not None:
            otp_login(request, device)
            return redirect(next_url(request))
        form.add_error("code", "Der Code stimmt nicht oder ist abgelaufen.")
    status = 400 if form.is_bound else 200
    context = {"form": form, "next": next_url(request)}
    return render(request, "partners/login_code.html", context, status=status)


@require_POST
def logout(request):
    auth_logout(request)
    messages.success(request, "Sie sind abgemeldet.")
    return redirect("partners:login")


def _user_from(uidb64: str):
    try:
        return User.objects.get(pk=force_str(urlsafe_base64_decode(uidb64)))
    except (User.DoesNotExist, ValueError, TypeError, OverflowError):
        return None


def _set_password(request, uidb64, token, tokens, template):
    user = _user_from(uidb64)
    if user is None or not user.is_active or not tokens.check_token(user, token):
        return render(request, "partners/link_invalid.html", status=400)
    form = SetPasswordForm(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        form.save()
        axes_reset(username=user.get_username())  # a new password ends a lockout
        auth_login(request, user, backend=AUTH_BACKEND)
        return after_password(request)
    status = 400 if form.is_bound else 200
    return render(request, template, {"form": form, "account_user": user}, status=status)


@GET_POST
def invitation(request, uidb64, token):
    return _set_password(request, uidb64, token, invitation_tokens, "partners/invitation.html")


@GET_POST
def password_reset_confirm(request, uidb64, token):
    return _set_password(request, uidb64, token, reset_tokens, "partners/password_set.html")


@GET_POST
def password_reset(request):
    form = PasswordResetRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        send_password_reset(form.cleaned_data["email"], reset_link)
        # The same answer whether or not the address has an account.
        messages.success(
            request,
            "Wenn es zu dieser Adresse einen Zugang gibt, ist eine E-Mail mit einem Link "
            "unterwegs.",
        )
        return redirect("partners:login")
    status = 400 if form.is_bound else 200
    return render(request, "partners/password_reset.html", {"form": form}, status=status)


def reset_link(user) -> str:
    uid = urlsafe_base64_encode(str(user.pk).encode())
    return reverse("partners:password-reset-confirm", args=[uid, reset_tokens.make_token(user)])


def invitation_link(user) -> str:
    uid = urlsafe_base64_encode(str(user.pk).encode())
    return reverse("partners:invitation", args=[uid, invitation_tokens.make_token(user)])


@signed_in
@GET_POST
def two_factor_setup(request):
    """Set up the authenticator app; afterwards the recovery codes are shown once."""
    user = request.user
    if TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        # Already set up: a new app is set up from the account page, after the password.
        return redirect("partners:account" if user.is_verified() else "partners:login-code")
    if user_has_device(user) and not user.is_verified():
        return redirect("partners:login-code")  # a recovery code first, then the new app
    device = _device_being_set_up(request)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["code"]):
            codes = confirm_device(device)
            otp_login(request, device)
            return render(request, "partners/recovery_codes.html", {"codes": codes})
        form.add_error("code", "Der Code stimmt nicht. Prüfen Sie die Uhrzeit Ihres Telefons.")
    context = {"form": form, "qr": qr_svg(device.config_url), "secret": secret_of(device)}
    return render(
        request, "partners/two_factor_setup.html", context, status=400 if form.is_bound else 200
    )


SETUP_DEVICE = "partners_setup_device"


def _device_being_set_up(request) -> TOTPDevice:
    """Each time the page is shown, a new key (an earlier one that somebody may have seen on
    the screen stops counting); the code sent back is checked against the key shown."""
    unconfirmed = TOTPDevice.objects.filter(user=request.user, confirmed=False)
    if request.method == "POST":
        shown = unconfirmed.filter(pk=request.session.get(SETUP_DEVICE)).first()
        if shown is not None:
            return shown
    unconfirmed.delete()
    device = TOTPDevice.objects.create(user=request.user, name="Authenticator-App", confirmed=False)
    request.session[SETUP_DEVICE] = device.pk
    return device


@transaction.atomic
def confirm_device(device: TOTPDevice) -> list[str]:
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk).delete()
    return new_recovery_codes(device.user)


def new_recovery_codes(user) -> list[str]:
    """Ten one-time codes for when the phone is lost; older ones stop working."""
    device, _created = StaticDevice.objects.get_or_create(
        user=user, defaults={"name": "Wiederherstellungscodes", "confirmed": True}
    )
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


def qr_svg(data: str):
    image = qrcode.make(data, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    svg = image.to_string(encoding="unicode")
    # The SVG is built by the library from the key URL; it contains no text from users.
    return mark_safe(svg.replace("<svg ", '<svg role="img" aria-label="QR-Code" ', 1))


def secret_of(device: TOTPDevice) -> str:
    secret = base64.b32encode(device.bin_key).decode()
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))
