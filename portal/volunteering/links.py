"""Signed links in volunteers' mails. A confirmation link expires with the unconfirmed sign-up
(VOLUNTEER_UNCONFIRMED_DAYS); the link to manage a sign-up (see, download, renew, withdraw)
holds as long as the sign-up exists. Both name the sign-up's random key, so a deleted sign-up's
links never work again."""

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils import translation
from django.utils.crypto import constant_time_compare

from .models import SignUp

CONFIRM = "confirm"
MANAGE = "manage"


class LinkExpired(Exception):
    pass


class LinkInvalid(Exception):
    pass


def token(signup: SignUp, purpose: str) -> str:
    return signing.dumps([signup.pk, signup.key], salt=f"volunteering.{purpose}")


def signup_for(value: str, purpose: str) -> SignUp:
    max_age = settings.VOLUNTEER_UNCONFIRMED_DAYS * 86400 if purpose == CONFIRM else None
    try:
        pk, key = signing.loads(value, salt=f"volunteering.{purpose}", max_age=max_age)
    except signing.SignatureExpired:
        raise LinkExpired from None
    except (signing.BadSignature, ValueError, TypeError):
        raise LinkInvalid from None
    signup = SignUp.objects.filter(pk=pk).first() if isinstance(pk, int) else None
    if signup is None or not constant_time_compare(signup.key, str(key)):
        raise LinkInvalid
    return signup


def absolute(view: str, value: str, language: str) -> str:
    with translation.override(language):
        return settings.SITE_URL + reverse(view, args=[value])


def confirm_url(signup: SignUp) -> str:
    return absolute("web:volunteer-confirm", token(signup, CONFIRM), signup.language)


def manage_url(signup: SignUp) -> str:
    return absolute("web:volunteer-manage", token(signup, MANAGE), signup.language)


def withdraw_url(signup: SignUp) -> str:
    return absolute("web:volunteer-withdraw", token(signup, MANAGE), signup.language)
