"""The search's hits are built in Python: the same markup the template loop gave, for every
kind of hit, in German and in a language with fallbacks, with text that must be escaped."""

import pytest
from django.template import engines
from django.urls import reverse
from django.utils import translation

from portal.content.models import Page
from portal.core import testing
from portal.core.urls import slug_urls
from portal.directory.models import Municipality
from portal.search.models import Kind
from portal.search.query import FETCH, Hit
from portal.web import cards, finder

pytestmark = pytest.mark.django_db

LOOP = """{% load portal %}{% for hit in shown %}
    <li class="search-hit search-hit--{{ hit.kind }}">
      {% if hit.kind == "contact" %}
      <p class="search-hit__kind">{{ hit.label }}</p>
      {% contact_card hit.obj 3 %}
      {% else %}
      <article>
        <p class="search-hit__kind">{{ hit.label }}</p>
        <h3 class="kern-heading-small search-hit__title"{% if hit.lang_field %} \
{% content_lang hit.obj hit.lang_field %}{% endif %}><a class="kern-link" href="{{ hit.url }}">\
{{ hit.title }}</a></h3>
        {% if hit.summary %}<p class="kern-body">{{ hit.summary }}</p>{% endif %}
        {% if hit.meta %}<p class="kern-body kern-body--small kern-body--muted">{{ hit.meta }}\
</p>{% endif %}
      </article>
      {% endif %}
    </li>
    {% endfor %}"""


def test_hits_are_what_the_template_loop_gave():
    evil = '<b>"Kurs" & Café</b>'
    org = testing.organisation(name=f"Verein {evil}")
    keys = [
        (Kind.OFFER, testing.offer(org, title_de=f"Deutschkurs {evil}", summary_de=evil).pk),
        (Kind.OFFER, testing.offer(org, title_de="Kurs", title_ar="دورة", summary_de="").pk),
        (Kind.CONTACT, testing.contact(org, name=f"Ana {evil}", role_de="Beratung").pk),
        (Kind.ORGANISATION, org.pk),
        (Kind.MUNICIPALITY, Municipality.objects.get(slug="ehingen-donau").pk),
        (Kind.EVENT, testing.event(title_de=f"Treffen {evil}").pk),
        (Kind.PAGE, Page.objects.first().pk),
    ]
    loop = engines["django"].from_string(LOOP)
    for lang in ("de", "ar"):
        with translation.override(lang):
            hits = [Hit(kind, next(iter(FETCH[kind]([pk])))) for kind, pk in keys]
            offer_url = slug_urls("web:offer-detail")
            for terms in ([], ["kurs", "verein"]):
                shown = [finder._shown(hit, terms, offer_url) for hit in hits]
                assert shown[0].url == reverse("web:offer-detail", args=[hits[0].obj.slug])
                assert str(cards.search_hits(shown)) == loop.render({"shown": shown})
    html = str(cards.search_hits(shown))
    assert "<b>" not in html and "&lt;b&gt;" in html
    assert html.count('<li class="search-hit') == len(keys)
