"""What search finds and in which order. The same expectations run on SQLite (`make test`)
and on PostgreSQL (the CI's second run): passing on both shows that both databases give the
same top results for these queries."""

import math

import pytest

from portal.core import testing
from portal.directory.models import Language, TargetGroup, Topic
from portal.search import backends
from portal.search.documents import rebuild
from portal.search.models import Kind, SearchDocument
from portal.search.query import Query, _matches, place_in, read_words, search

pytestmark = pytest.mark.django_db

OFFERS = (Kind.OFFER,)


def titles(results, n=6) -> list[str]:
    return [str(hit.obj) for hit in results.hits[:n]]


def offers_for(text="", lang="de", **filters) -> list[str]:
    return titles(search(Query(text=text, lang=lang, kinds=OFFERS, **filters)))


GERMAN_COURSES = [  # title matches first (a title that starts with the word before others),
    "Deutschkurs für Eltern",  # then the summary, then the rest; within that alphabetical
    "Online-Deutschkurs am Abend",
    "Integrationskurs mit Alphabetisierung",
    "Sprachcafé Blaustein",
]


@pytest.mark.parametrize("text", ["Deutschkurs", "deutschkurse", "DEUTSCHKURS", "Deutschkur"])
def test_a_word_its_plural_its_capitals_and_its_beginning_find_the_same(catalogue, text):
    assert offers_for(text) == GERMAN_COURSES


def test_a_part_of_a_compound_finds_the_compound(catalogue):
    assert offers_for("kurs") == [
        "Deutschkurs für Eltern",
        "Integrationskurs mit Alphabetisierung",
        "Online-Deutschkurs am Abend",
        "Sprachcafé Blaustein",
    ]
    assert "kurs" in read_words("kurs").groups[0]


def test_a_typo_is_read_as_the_closest_known_word(catalogue):
    results = search(Query(text="Ehingn"))
    assert results.words.corrected == {"ehingn": "ehingen"}
    assert titles(results, 2) == ["Ehingen (Donau)", "Volkshochschule Ehingen"]
    assert offers_for("Alphabetisirung") == ["Integrationskurs mit Alphabetisierung"]


def test_umlauts_may_be_left_out(catalogue):
    assert offers_for("Sprachcafe") == offers_for("Sprachcafé") == ["Sprachcafé Blaustein"]
    assert offers_for("Abschlussen") == ["Beratung zu Arbeit und Ausbildung"]


def test_an_arabic_query_finds_the_arabic_translation(catalogue):
    assert offers_for("دورة", lang="ar") == ["Deutschkurs für Eltern"]
    # with and without the article, with and without hamza
    assert offers_for("العمل", lang="ar") == offers_for("عمل", lang="ar")
    assert offers_for("عمل", lang="ar") == ["Beratung zu Arbeit und Ausbildung"]


def test_german_words_are_found_in_every_language(catalogue):
    assert offers_for("Deutschkurs", lang="ar") == GERMAN_COURSES
    assert offers_for("Kitaplatz", lang="uk") == ["Hilfe bei der Suche nach einem Kitaplatz"]


def test_a_municipality_is_found_by_its_name_in_the_readers_script(catalogue):
    results = search(Query(text="إيهينغن", lang="ar"))
    assert titles(results, 1) == ["Ehingen (Donau)"]
    assert search(Query(text="Эхинген", lang="ru")).hits[0].obj == catalogue.ehingen


@pytest.mark.parametrize(
    "filters, expected",
    [
        ({"topic": "sprache", "free": True}, ["Deutschkurs für Eltern", "Sprachcafé Blaustein"]),
        (
            {"municipality": "ehingen-donau"},  # offers there and county-wide ones
            [
                "Beratung zu Arbeit und Ausbildung",
                "Deutschkurs für Eltern",
                "Online-Deutschkurs am Abend",
            ],
        ),
        (
            {"municipality": "laichingen", "topic": "sprache"},
            ["Integrationskurs mit Alphabetisierung", "Online-Deutschkurs am Abend"],
        ),
        ({"language": "fa"}, ["Beratung zu Arbeit und Ausbildung", "Online-Deutschkurs am Abend"]),
        ({"target_group": "eltern"}, ["Deutschkurs für Eltern"]),
        ({"topic": "wohnen"}, []),
    ],
)
def test_filters_combine(catalogue, filters, expected):
    resolved = {
        "topic": lambda v: Topic.objects.get(slug=v),
        "municipality": lambda v: catalogue.__dict__[v.split("-")[0]],
        "language": lambda v: Language.objects.get(code=v),
        "target_group": lambda v: TargetGroup.objects.get(slug=v),
        "free": lambda v: v,
    }
    query = {name: resolved[name](value) for name, value in filters.items()}
    assert offers_for(**query) == expected
    assert set(offers_for("kurs", **query)) <= set(expected)  # a query narrows further


def test_filter_counts_follow_the_other_filters(catalogue):
    sprache = Topic.objects.get(slug="sprache")
    results = search(Query(topic=sprache, free=True))
    facets = results.facets
    assert facets["topic"][sprache.pk] == 2  # with the free filter
    assert facets["free"] == 2  # with the topic filter: free ones among the language offers
    work = Topic.objects.get(slug="arbeit-ausbildung")
    assert facets["topic"][work.pk] == 1  # what choosing "Arbeit" instead would show
    ehingen = catalogue.ehingen
    assert facets["municipality"].get(ehingen.pk, 0) + facets["county_wide"] == 1


def test_closest_first_after_relevance(catalogue):
    near_laichingen = search(Query(text="Deutsch", near=catalogue.laichingen, kinds=OFFERS))
    order = titles(near_laichingen)
    # Both title matches first; among the others the one in Laichingen comes before Blaustein
    assert order.index("Integrationskurs mit Alphabetisierung") < order.index(
        "Sprachcafé Blaustein"
    )


def test_a_place_in_the_query_sorts_by_closeness_instead_of_narrowing(catalogue):
    place, rest = place_in("Deutschkurs Ehingen")
    assert (place, rest) == (catalogue.ehingen, "deutschkurs")
    assert place_in("Deutschkurs in Laichngen") == (catalogue.laichingen, "deutschkurs")
    assert place_in("Ehingen") == (None, "Ehingen")  # a place alone is searched for
    assert place_in("دورة إيهينغن")[0] == catalogue.ehingen


def test_words_found_nowhere_are_left_out_and_said(catalogue):
    results = search(Query(text="Deutschkurs qqqxyz", kinds=OFFERS))
    assert results.words.ignored == ["qqqxyz"]
    assert titles(results) == GERMAN_COURSES


def test_nothing_found_is_an_empty_result(catalogue):
    results = search(Query(text="qqqxyz"))
    assert (results.total, results.hits) == (0, [])


def test_a_past_event_is_not_found_but_a_coming_one_is(catalogue):
    from portal.core import testing

    testing.event(title_de="Elternabend Kita Vergangen", starts_in_days=-3)
    testing.event(title_de="Elternabend Kita Bald", starts_in_days=3)
    results = search(Query(text="Elternabend", kinds=(Kind.EVENT,)))
    assert titles(results) == ["Elternabend Kita Bald"]


def test_a_query_that_matches_more_than_the_limit_says_so(catalogue, settings):
    n = search(Query(text="Deutsch", kinds=OFFERS)).total
    settings.SEARCH_MAX_MATCHES = n - 1
    results = search(Query(text="Deutsch", kinds=OFFERS), size=2)
    assert (results.capped, results.total, results.pages) == (True, n - 1, math.ceil((n - 1) / 2))
    assert results.facets == {
        name: None
        for name in ("topic", "language", "target_group", "municipality", "county_wide", "free")
    }
    settings.SEARCH_MAX_MATCHES = n
    results = search(Query(text="Deutsch", kinds=OFFERS))
    assert (results.capped, results.total) == (False, n)
    assert titles(results, 4) == GERMAN_COURSES
    assert sum(results.facets["topic"].values()) >= n


def test_the_pages_of_a_capped_query_follow_the_order_of_every_match(catalogue, settings):
    """The database orders what it found and sends one page: read in turn, the pages of a
    query that matches one more than the limit are the order of all its matches without the
    one left out, and each kind's count leaves that one out too; a page past the end is the
    last page."""
    query = Query(text="Deutsch", kinds=OFFERS)
    every = search(query, size=100)
    ranking = [hit.obj.pk for hit in every.hits]
    n = len(ranking)
    assert n >= 4 and not every.capped and every.by_kind == {Kind.OFFER: n}
    settings.SEARCH_MAX_MATCHES = n - 1
    pages = [search(query, page=page, size=2) for page in range(1, math.ceil((n - 1) / 2) + 1)]
    shown = [hit.obj.pk for results in pages for hit in results.hits]
    assert len(shown) == n - 1 and shown == [pk for pk in ranking if pk in shown]
    assert all((r.capped, r.total, r.by_kind) == (True, n - 1, {Kind.OFFER: n - 1}) for r in pages)
    past = search(query, page=len(pages) + 5, size=2)
    assert past.page == len(pages) and past.hits == pages[-1].hits


def test_every_page_is_a_part_of_one_order(catalogue):
    """Pages of two entries read in turn give the order of one page of all of them, for words,
    for closeness to a place and for browsing in the reader's language."""
    for query in (
        Query(text="kurs"),
        Query(text="Beratung", near=catalogue.laichingen),
        Query(lang="ar"),
        Query(lang="fa", near=catalogue.blaustein, kinds=OFFERS),
    ):
        whole = [(hit.kind, hit.obj.pk) for hit in search(query, size=100).hits]
        pages = math.ceil(len(whole) / 2)
        paged = [(h.kind, h.obj.pk) for p in range(1, pages + 1) for h in search(query, p, 2).hits]
        assert len(whole) > 2 and paged == whole


def test_a_beginning_is_completed_from_the_words_the_index_knows(catalogue):
    """The index is asked for whole words only: "deutschk" becomes the known words that start
    with it, "kurs" also those that end with it."""
    assert "deutschkurse" in read_words("Deutschk").groups[0]
    assert offers_for("Deutschk") == offers_for("Deutschkurs") == GERMAN_COURSES
    assert offers_for("Integrationsk") == ["Integrationskurs mit Alphabetisierung"]


def test_the_index_parts_are_asked_in_turn_for_what_is_missing(catalogue, settings):
    """PostgreSQL keeps its text index in two parts (a quarter of the documents and the rest,
    see backends.Postgres.parts): a query takes what it can from the first part and asks the
    second only for as many as are missing. Whatever the limit, what is found is a match, and
    below the limit every match is found. (SQLite reads one index, in one part.)"""
    organisation = testing.many_offers(300, catalogue.ehingen)
    rebuild()
    matching = {
        d.pk: d.object_id
        for d in SearchDocument.objects.filter(
            kind=Kind.OFFER, object_id__in=organisation.offers.values("pk")
        )
    }
    backend = backends.current()
    first = {pk for pk in matching if len(backend.parts) == 1 or (pk // 64) % 4 == 0}
    query, found = Query(text="Massenangebot", kinds=OFFERS), read_words("Massenangebot")

    def ids(limit: int) -> list[int]:
        return [row.id for row in _matches(query, found, limit)]

    assert sorted(ids(len(matching) + 1)) == sorted(matching)
    if len(backend.parts) == 1:
        return
    assert 0 < len(first) < len(matching)  # 300 consecutive ids: both parts hold some
    assert set(ids(len(first))) == first  # the first part is enough
    more = ids(len(first) + 5)
    assert len(more) == len(first) + 5 and first < set(more) <= set(matching)


def test_a_chosen_filter_counts_without_itself_up_to_the_limit(catalogue, settings):
    """Topic "sprache" in Ehingen: 2 offers. Without the topic filter, Ehingen has 3 (counted);
    without the municipality, the topic has 4, more than the limit (not counted)."""
    settings.SEARCH_MAX_MATCHES = 3
    sprache = Topic.objects.get(slug="sprache")
    results = search(Query(topic=sprache, municipality=catalogue.ehingen))
    assert (results.capped, results.total) == (False, 2)
    assert results.facets["topic"] == {
        sprache.pk: 2,
        Topic.objects.get(slug="arbeit-ausbildung").pk: 1,
        Topic.objects.get(slug="beratung").pk: 1,
    }
    assert results.facets["municipality"] is None and results.facets["county_wide"] is None
    assert results.facets["free"] == 1  # the parents' course; the online one costs a little


def test_an_edit_moves_an_offer_between_filter_values(catalogue):
    """The filters read the search document, which follows every edit of the offer and of
    its relations."""
    online, free = catalogue.online, Query(free=True, kinds=OFFERS)
    in_blaustein = Query(municipality=catalogue.blaustein)
    work = Query(topic=Topic.objects.get(slug="arbeit-ausbildung"))
    assert str(online) not in titles(search(free), 10)  # reduced price
    assert str(online) in titles(search(in_blaustein), 10)  # county-wide
    assert search(in_blaustein).facets["county_wide"] == 1
    online.cost, online.is_county_wide = online.Cost.FREE, False
    online.save()
    online.municipalities.set([catalogue.ehingen])
    online.topics.add(Topic.objects.get(slug="arbeit-ausbildung"))
    assert str(online) in titles(search(free), 10)
    assert str(online) not in titles(search(in_blaustein), 10)
    assert search(in_blaustein).facets["county_wide"] == 0
    assert str(online) in titles(search(Query(municipality=catalogue.ehingen)), 10)
    assert str(online) in titles(search(work), 10)
    online.status = online.Status.ARCHIVED
    online.save()
    assert str(online) not in titles(search(work), 10)
