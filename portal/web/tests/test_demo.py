import re

import pytest
from django.core.management import call_command

from portal.content.models import Event
from portal.directory.models import Contact, Offer, Organisation

pytestmark = pytest.mark.django_db


def test_demo_loader_is_idempotent(capsys):
    counts = (
        Organisation.objects.count(),
        Offer.objects.count(),
        Contact.objects.count(),
        Event.objects.count(),
    )
    call_command("load_demo")
    assert "Angebote: 0 neu" in capsys.readouterr().out
    assert counts == (
        Organisation.objects.count(),
        Offer.objects.count(),
        Contact.objects.count(),
        Event.objects.count(),
    )


def test_demo_people_have_only_example_addresses_and_no_real_phone_lines():
    for contact in Contact.objects.filter(is_demo=True):
        assert contact.email.endswith("@example.org"), contact
        assert not contact.phone or contact.phone.startswith("0731 000000-"), contact
    for org in Organisation.objects.filter(is_demo=True).exclude(email=""):
        assert org.email.endswith("@example.org"), org


def test_every_demo_entry_is_flagged():
    assert not Offer.objects.filter(is_demo=False).exists()
    assert not Contact.objects.filter(is_demo=False).exists()
    assert not Event.objects.filter(is_demo=False).exists()
    # The only real organisation comes from the county profile itself.
    assert list(Organisation.objects.filter(is_demo=False).values_list("slug", flat=True)) == [
        "landratsamt-alb-donau-kreis"
    ]


@pytest.mark.parametrize(
    "url",
    [
        "/de/angebote/integrationskurs-ehingen/",
        "/de/organisationen/helferkreis-laichingen/",
        "/de/veranstaltungen/infoabend-ehrenamt-ehingen/",
        "/de/ansprechpartner/",
    ],
)
def test_demo_entries_are_visibly_marked(client, url):
    text = client.get(url).content.decode()
    assert re.search(r'class="kern-badge[^"]*demo-badge"', text)
    assert "Beispieldaten" in text


def test_demo_command_needs_the_profile_first(db):
    from django.core.management import CommandError

    from portal.directory.models import Municipality

    Offer.objects.all().delete()
    Contact.objects.all().delete()
    Event.objects.all().delete()
    Organisation.objects.all().delete()
    Municipality.objects.all().delete()
    with pytest.raises(CommandError, match="load_profile"):
        call_command("load_demo")
