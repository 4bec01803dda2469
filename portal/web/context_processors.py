from django.conf import settings

from portal.core import reference
from portal.county.models import County


def portal(request):
    return {
        "COUNTY": reference.kept("county", County.objects.current),
        "SITE_URL": settings.SITE_URL,
    }
