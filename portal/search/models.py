"""The search index: one document per public entry, the words it knows, and what people looked
for without finding anything (in aggregate only)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

# The portal's languages. Each has three text columns (title, summary, the rest), weighted in
# that order; the database builds its full-text index from them (see `backends`).
LANGUAGES = ("de", "en", "ar", "fa", "uk", "ru", "tr")
WEIGHTS = ("a", "b", "c")
TEXT_COLUMNS = tuple(f"{lang}_{weight}" for lang in LANGUAGES for weight in WEIGHTS)


class Facet:
    """The filters' words in `SearchDocument.facets`: a prefix and the id of the topic,
    language, target group or municipality; county-wide offers carry COUNTY_WIDE instead of
    their municipalities."""

    TOPIC, LANGUAGE, TARGET_GROUP, MUNICIPALITY = "t", "l", "g", "m"
    COUNTY_WIDE, FREE = "cw", "free"


class Kind(models.TextChoices):
    OFFER = "offer", _("Angebot")
    ORGANISATION = "organisation", _("Organisation")
    CONTACT = "contact", _("Ansprechperson")
    MUNICIPALITY = "municipality", _("Stadt oder Gemeinde")
    EVENT = "event", _("Veranstaltung")
    PAGE = "page", _("Seite")


class SearchDocument(models.Model):
    """What search finds of one entry: its words per language, where it is, until when it
    counts. Written by `portal.search.documents`, never by hand."""

    kind = models.CharField(max_length=20, choices=Kind.choices)
    object_id = models.PositiveBigIntegerField()
    sort_title = models.CharField(max_length=200)
    # Languages the entry has content in or (offers) is delivered in: ",ar,de,fa,".
    languages = models.CharField(max_length=100, default=",")
    # Up to three places (locations, else the municipalities served) for "closest first".
    lat1 = models.FloatField(null=True)
    lon1 = models.FloatField(null=True)
    lat2 = models.FloatField(null=True)
    lon2 = models.FloatField(null=True)
    lat3 = models.FloatField(null=True)
    lon3 = models.FloatField(null=True)
    visible_until = models.DateTimeField(null=True)  # events: their end
    # Offers: what the filters select, as words ("free g4 l2 l5 m12 t3"; see `FACETS`), which
    # the database indexes like text, so a filter never joins the offers' relations.
    facets = models.TextField(default="", blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id"], name="search_document_unique")
        ]
        indexes = [models.Index(fields=["kind", "sort_title"], name="search_kind_title")]

    def __str__(self):
        return f"{self.kind} {self.object_id}"


for _column in TEXT_COLUMNS:  # de_a, de_b, de_c, en_a, …: the words, in normal form
    SearchDocument.add_to_class(_column, models.TextField(default="", blank=True))


class SearchTerm(models.Model):
    """A word of the index (normal form, unstemmed): what a query's word is expanded to for
    partial words ("kurs" → "deutschkurs") and typos ("ehingn" → "ehingen")."""

    term = models.CharField(max_length=60, unique=True)

    def __str__(self):
        return self.term


class UnansweredSearch(models.Model):
    """How often a query found nothing, per day, language and chosen municipality. Nothing
    about who searched: no address, no session, no cookie. Deleted after 12 months."""

    day = models.DateField(_("Tag"))
    language = models.CharField(_("Sprache"), max_length=5)
    municipality = models.CharField(_("Stadt oder Gemeinde"), max_length=100, blank=True)
    query = models.CharField(_("Suchanfrage (normalisiert)"), max_length=200)
    count = models.PositiveIntegerField(_("Anzahl"), default=0)

    class Meta:
        verbose_name = _("Suche ohne Treffer")
        verbose_name_plural = _("Suchen ohne Treffer")
        constraints = [
            models.UniqueConstraint(
                fields=["day", "language", "municipality", "query"],
                name="unanswered_search_unique",
            )
        ]

    def __str__(self):
        return self.query
