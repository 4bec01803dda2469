from django.conf import settings

from portal.county.models import County


def portal(request):
    return {"COUNTY": County.objects.current(), "SITE_URL": settings.SITE_URL}
