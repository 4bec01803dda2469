"""sitemap.xml: every public page in every language, each with its `hreflang` alternates (and
German as x-default), so that search engines send people to the page in their language."""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.urls import reverse
from django.utils import timezone

from portal.content.models import Event, Page
from portal.directory.models import Municipality, Offer, Organisation, Topic


class PortalSitemap(Sitemap):
    limit = 5000  # addresses per page (the protocol allows 50,000 and 50 MB; each has 8 alternates)
    i18n = True
    alternates = True
    x_default = True

    def get_protocol(self, protocol=None):
        return urlsplit(settings.SITE_URL).scheme

    def get_domain(self, site=None):
        return urlsplit(settings.SITE_URL).netloc

    def lastmod(self, item):
        return getattr(item, "updated_at", None)


class ListPages(PortalSitemap):
    NAMES = ["home", "topic-list", "municipality-list", "partner-list", "contact-list",
             "event-list", "volunteer", "volunteer-signup", "need-list", "runder-tisch",
             "further-information", "map", "search"]  # fmt: skip

    def items(self):
        return self.NAMES

    def location(self, item):
        return reverse(f"web:{item}")

    def lastmod(self, item):
        return None


class Offers(PortalSitemap):
    def items(self):
        return Offer.objects.published().only("slug", "updated_at").order_by("pk")


class Organisations(PortalSitemap):
    def items(self):
        return Organisation.objects.only("slug", "updated_at").order_by("pk")


class Municipalities(PortalSitemap):
    def items(self):
        return Municipality.objects.only("slug", "updated_at").order_by("pk")


class Topics(PortalSitemap):
    def items(self):
        return Topic.objects.only("slug", "updated_at").order_by("pk")


class Events(PortalSitemap):
    def items(self):
        return (
            Event.objects.published()
            .filter(ends_at__gte=timezone.now())
            .only("slug", "updated_at")
            .order_by("pk")
        )


class Pages(PortalSitemap):
    def items(self):
        return Page.objects.published().only("slug", "updated_at").order_by("pk")


SITEMAPS = {
    "lists": ListPages,
    "offers": Offers,
    "organisations": Organisations,
    "municipalities": Municipalities,
    "topics": Topics,
    "events": Events,
    "pages": Pages,
}
