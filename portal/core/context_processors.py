from django.conf import settings

from .profile import county


def portal(request):
    return {"COUNTY": county(), "SITE_URL": settings.SITE_URL}
