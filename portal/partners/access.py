"""Who may open a partner-area view. Every view uses `partner_view`; objects come only from
the querysets of `portal.accounts.scopes`, so another partner's entry is a 404."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django_otp import user_has_device

from portal.accounts.scopes import account_of


def partner_view(view=None, *, county: bool = False, admin: bool = False):
    """Signed in with password and second factor, with a partner-area account; `county`:
    county editors and admins only; `admin`: county admins only."""

    def decorate(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            user = request.user
            if not user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not user.is_verified():
                if user_has_device(user):
                    return redirect_to_login(request.get_full_path(), "partners:login-code")
                return redirect("partners:two-factor-setup")
            account = account_of(user)
            if account is None:
                raise PermissionDenied
            if (county and not account.is_county) or (admin and not account.is_admin):
                raise PermissionDenied
            request.account = account
            return view(request, *args, **kwargs)

        wrapper.partner_area = True  # the permission matrix test lists such views
        return wrapper

    return decorate(view) if view is not None else decorate


def signed_in(view):
    """Password given, second factor not yet (login code, setting up the authenticator)."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    return wrapper
