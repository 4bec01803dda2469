"""Rules for every partner-area request: German, never stored by a cache, and sessions that
end after a pause (PARTNER_IDLE_MINUTES) and in any case after PARTNER_SESSION_HOURS."""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.utils import translation

PREFIX = "/partnerbereich/"


def start_session(sender, request, user, **kwargs):
    request.session["started_at"] = request.session["seen_at"] = int(time.time())


class PartnerAreaMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith(PREFIX):
            return self.get_response(request)
        translation.activate("de")  # the partner area is in German (DESIGN.md)
        request.LANGUAGE_CODE = "de"
        if request.user.is_authenticated and self.expired(request):
            logout(request)
            messages.info(request, "Sie wurden abgemeldet, weil die Sitzung abgelaufen ist.")
            response = redirect(settings.LOGIN_URL)
        else:
            response = self.get_response(request)
        response["Cache-Control"] = "no-store"
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response

    @staticmethod
    def expired(request) -> bool:
        now = int(time.time())
        session = request.session
        started, seen = session.get("started_at", now), session.get("seen_at", now)
        if now - seen > settings.PARTNER_IDLE_MINUTES * 60:
            return True
        if now - started > settings.PARTNER_SESSION_HOURS * 3600:
            return True
        session["seen_at"] = now
        return False
