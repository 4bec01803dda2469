"""The index follows the entries: a save, a publication, an archived offer, a renamed
organisation, a bulk load; `rebuild_search_index` rebuilds it."""

import pytest
from django.core.management import call_command
from django.db import connection

from portal.core import testing
from portal.directory.models import Offer
from portal.search.documents import deferred, flush, rebuild
from portal.search.models import Kind, SearchDocument
from portal.search.query import Query, search

pytestmark = pytest.mark.django_db


def found(text, **kwargs) -> list[str]:
    return [str(hit.obj) for hit in search(Query(text=text, **kwargs)).hits]


def test_a_new_offer_is_found_and_an_archived_one_is_not(catalogue):
    offer = testing.offer(title_de="Nähcafé für Frauen")
    assert found("Nähcafé") == ["Nähcafé für Frauen"]
    offer.archive()
    assert found("Nähcafé") == []
    offer.restore()
    assert found("Nähcafé") == ["Nähcafé für Frauen"]
    offer.delete()
    assert not SearchDocument.objects.filter(kind=Kind.OFFER, object_id=offer.pk).exists()


def test_a_draft_is_not_found(catalogue):
    testing.offer(title_de="Geheimer Entwurf", status=Offer.Status.DRAFT)
    assert found("Geheimer") == []


def test_a_change_published_in_the_partner_area_is_found(catalogue):
    from portal.review.editables import OFFER
    from portal.review.services import open_revision, publish, save_draft, submit

    area = testing.partner_area()
    revision = open_revision(OFFER, area.offer_a, area.org_a, area.partner_a)
    revision = save_draft(
        revision, {**revision.data, "title_de": "Schwimmkurs für Frauen"}, area.partner_a, 1
    )
    submit(revision, area.partner_a, "/")
    assert found("Schwimmkurs") == []  # not before it is published
    publish(revision, area.county_editor)
    assert found("Schwimmkurs") == ["Schwimmkurs für Frauen"]


def test_renaming_an_organisation_updates_its_offers(catalogue):
    vhs = catalogue.parents.organisation
    vhs.name = "Bildungszentrum Donau"
    vhs.save()
    assert "Deutschkurs für Eltern" in found("Bildungszentrum", kinds=(Kind.OFFER,))


def test_a_new_topic_of_an_offer_is_found(catalogue):
    from portal.directory.models import Topic

    catalogue.kita.topics.add(Topic.objects.get(slug="gesundheit"))
    assert "Hilfe bei der Suche nach einem Kitaplatz" in found("Gesundheit", kinds=(Kind.OFFER,))


def test_a_bulk_load_updates_each_document_once(catalogue, django_assert_max_num_queries):
    flush()
    with deferred():
        for n in range(20):
            testing.offer(title_de=f"Sammelangebot {n}")
        # nothing is written to the index before the end of the block
        assert not SearchDocument.objects.filter(sort_title__startswith="sammelangebot").exists()
    assert SearchDocument.objects.filter(sort_title__startswith="sammelangebot").count() == 20


def test_an_unchanged_second_profile_load_writes_nothing_to_the_index(django_assert_num_queries):
    call_command("load_profile", verbosity=0)
    before = list(SearchDocument.objects.order_by("pk").values_list("pk", "de_a"))
    call_command("load_profile", verbosity=0)
    assert list(SearchDocument.objects.order_by("pk").values_list("pk", "de_a")) == before


def test_rebuilding_gives_the_same_results(catalogue, capsys):
    before = found("kurs")
    call_command("rebuild_search_index")
    assert "Suchindex neu aufgebaut" in capsys.readouterr().out
    assert found("kurs") == before


def test_the_index_has_one_document_per_public_entry(catalogue):
    flush()
    offers = Offer.objects.published().count()
    assert SearchDocument.objects.filter(kind=Kind.OFFER).count() == offers


def test_a_rebuild_leaves_no_pending_index_entries_on_postgresql(catalogue):
    """PostgreSQL's GIN indexes collect new entries in a pending list that every query reads
    through, and ANALYZE does not empty it: a rebuild does (backends.Postgres.analyze)."""
    if connection.vendor != "postgresql":
        pytest.skip("GIN indexes are PostgreSQL's")
    testing.many_offers(200, catalogue.ehingen)
    rebuild()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*), sum(gin_clean_pending_list(i.indexrelid)) FROM pg_index i "
            "JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_am a ON a.oid = c.relam "
            "WHERE a.amname = 'gin' AND i.indrelid IN "
            "('search_searchdocument'::regclass, 'search_searchterm'::regclass)"
        )
        indexes, pending = cursor.fetchone()
    assert indexes == 16  # 7 languages in two parts, the filters, the vocabulary
    assert pending == 0


def test_the_columns_read_for_every_match_stay_in_the_row_on_postgresql(db):
    """A document's row is longer than PostgreSQL keeps together; the columns a query reads
    for every match stay in it instead of the TOAST table (backends.Postgres.INLINE)."""
    if connection.vendor != "postgresql":
        pytest.skip("TOAST is PostgreSQL's")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT attname, attstorage FROM pg_attribute "
            "WHERE attrelid = 'search_searchdocument'::regclass AND attname = ANY(%s)",
            [["kind", "sort_title", "languages", "facets"]],
        )
        assert dict(cursor.fetchall()) == dict.fromkeys(
            ["kind", "sort_title", "languages", "facets"], "m"
        )
