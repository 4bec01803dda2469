from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps.views import index, sitemap
from django.urls import include, path
from django.views.decorators.http import require_safe
from django_otp.admin import OTPAdminSite

from portal.web import finder, views
from portal.web.sitemaps import SITEMAPS

sitemap_view = require_safe(sitemap)
sitemap_index = require_safe(index)

# Django's admin (technical administrators only) asks for the second factor too.
admin.site.__class__ = OTPAdminSite

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", views.root_redirect, name="root"),
    path("healthz", views.healthz, name="healthz"),
    path("robots.txt", views.robots_txt, name="robots"),
    # An index of one sitemap per kind of page, each in pages of at most 5,000 addresses.
    path(
        "sitemap.xml",
        sitemap_index,
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap-section"},
        name="sitemap",
    ),
    path("sitemap-<section>.xml", sitemap_view, {"sitemaps": SITEMAPS}, name="sitemap-section"),
    path("partnerbereich/", include("portal.partners.urls")),
    # Open data (HSDS API, calendars, CSV): one address for every language, which is asked
    # for with `lang` or Accept-Language.
    path("api/", include("portal.api.urls")),
    # The map's data is the same in every language: no language prefix, one cache.
    path("karte/kacheln/<int:z>/<int:x>/<int:y>.png", finder.map_tile, name="map-tile"),
    path("karte/gemeinden.geojson", finder.municipality_boundaries, name="map-boundaries"),
]
urlpatterns += i18n_patterns(
    path("", include("portal.web.urls")),
    prefix_default_language=True,
)

handler400 = "portal.web.views.bad_request"
handler404 = "portal.web.views.page_not_found"
handler500 = "portal.web.views.server_error"

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
