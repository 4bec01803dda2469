"""A limit on how often one client may send a public form (FORM_RATE_LIMIT per
FORM_RATE_MINUTES), kept in the shared cache so that every worker counts together. The client
is known only by a keyed hash of its address, kept no longer than the window."""

import hashlib
import hmac
import time

from django.conf import settings
from django.core.cache import cache
from django.shortcuts import render


def client_address(request) -> str:
    """The address of the client: behind the portal's own proxy (DJANGO_BEHIND_PROXY), the last
    entry of X-Forwarded-For, which that proxy appended; anything before it the client wrote."""
    if settings.SECURE_PROXY_SSL_HEADER:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded.strip():
            return forwarded.split(",")[-1].strip()
    return request.META.get("REMOTE_ADDR", "")


def over_limit(request, scope: str) -> bool:
    """Count one submission of `scope` by this client; True if it is one too many."""
    period = settings.FORM_RATE_MINUTES * 60
    window = int(time.time() // period)
    digest = hmac.new(
        settings.SECRET_KEY.encode(), client_address(request).encode(), hashlib.sha256
    ).hexdigest()[:32]
    key = f"ratelimit:{scope}:{window}:{digest}"
    cache.add(key, 0, timeout=period)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=period)
        count = 1
    return count > settings.FORM_RATE_LIMIT


def too_many_requests(request):
    response = render(request, "429.html", {"minutes": settings.FORM_RATE_MINUTES}, status=429)
    response["Retry-After"] = str(settings.FORM_RATE_MINUTES * 60)
    return response
