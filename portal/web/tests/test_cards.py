"""Offer cards: a town page reads its many offers as values, the list pages as model objects,
and both give the same cards."""

import pytest
from django.utils import translation

from portal.core import testing
from portal.directory.models import Offer, Topic
from portal.web import cards

pytestmark = pytest.mark.django_db


def test_cards_of_a_town_page_are_those_of_a_list_page():
    slugs = list(Topic.objects.values_list("slug", flat=True))
    offers = [
        testing.offer(topics=slugs[:3], languages=["tr", "de", "ar"]),
        testing.offer(topics=slugs[-2:], languages=["uk"], summary_de="", is_demo=True),
        testing.offer(topics=[], title_ar="دورة", summary_ar="ملخص"),
        testing.offer(title_ar="دورة"),  # the summary still only in German
    ]
    pks = [offer.pk for offer in offers]
    listed = Offer.objects.filter(pk__in=pks).for_listing().in_bulk()
    for lang in ("de", "ar"):
        with translation.override(lang):
            loaded = cards.load(pks, Topic.objects.in_bulk())  # in the reader's language
            for pk in pks:
                assert [t.pk for t in loaded[pk].topic_list] == [
                    t.pk for t in listed[pk].topic_list
                ]
                assert [x.pk for x in loaded[pk].language_list] == [
                    x.pk for x in listed[pk].language_list
                ]
                assert cards.offer_card(loaded[pk], 4) == cards.offer_card(listed[pk], 4)
    assert len(listed[pks[0]].language_list) == 3
    with translation.override("ar"):
        assert 'lang="de" dir="ltr"' in cards.offer_card(listed[pks[0]])  # shown in German
        assert 'lang="de"' not in cards.offer_card(listed[pks[2]])  # translated


def test_card_escapes_what_editors_write():
    offer = testing.offer(title_de='<script>alert("x")</script>', summary_de="A & B")
    card = cards.offer_card(Offer.objects.filter(pk=offer.pk).for_listing().get())
    assert "<script>" not in card
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in card
    assert "A &amp; B" in card


def test_contact_card_escapes_and_links_what_editors_write():
    from portal.directory.models import Municipality

    ehingen = Municipality.objects.get(slug="ehingen-donau")
    contact = testing.contact(
        name='<b>Erika</b> "E"',
        role_de="Beratung & Begleitung",
        phone="07391 123-45",
        office_hours_de="Mo 9–12 <Uhr>\nsonst: info@example.org",
        municipalities=[ehingen],
    )
    card = cards.contact_card(contact, 4, show_municipalities=True)
    assert "<h4 " in card and "&lt;b&gt;Erika&lt;/b&gt; &quot;E&quot;" in card
    assert "Beratung &amp; Begleitung" in card
    assert 'href="tel:0739112345"' in card
    assert "Mo 9–12 &lt;Uhr&gt;<br>sonst: " in card
    assert 'href="mailto:info@example.org"' in card
    assert 'href="/de/gemeinden/ehingen-donau/">Ehingen (Donau)</a>' in card
    assert contact.organisation.name in card
    on_own_page = cards.contact_card(contact, on_organisation_page=True)
    assert contact.organisation.get_absolute_url() not in on_own_page
    assert "Zuständig für" not in on_own_page
    with translation.override("ar"):
        assert 'lang="de" dir="ltr"' in cards.contact_card(contact)  # role only in German
