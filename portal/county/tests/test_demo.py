"""The demo data: loaded from the profile's demo/ folder, marked, realistic, never stale."""

import re
import shutil
from datetime import timedelta

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.utils import timezone

from portal.content.models import Event
from portal.county.demo import load_demo
from portal.county.models import County
from portal.directory.models import Contact, Location, Offer, Organisation
from portal.volunteering.models import Need

DEMO = settings.BASE_DIR / "data" / "alb-donau-kreis" / "demo"


def remove_demo():
    Need.objects.filter(is_demo=True).delete()
    Event.objects.filter(is_demo=True).delete()
    Offer.objects.filter(is_demo=True).delete()
    Contact.objects.filter(is_demo=True).delete()
    Location.objects.filter(organisation__is_demo=True).delete()
    Organisation.objects.filter(is_demo=True).delete()


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """Loaded once for this module (committed), removed afterwards."""
    with django_db_blocker.unblock():
        load_demo(DEMO)
        yield
        remove_demo()


pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo")]


def test_second_load_on_the_same_day_changes_nothing(capsys, django_assert_max_num_queries):
    with django_assert_max_num_queries(25):  # one read per model, not one per record
        call_command("load_demo")
    lines = [line for line in capsys.readouterr().out.splitlines() if " neu, " in line]
    assert len(lines) == 6
    assert all(" 0 neu, 0 geändert" in line for line in lines), lines


def test_dates_are_relative_to_the_day_of_loading_and_move_on_a_new_load():
    today = timezone.localdate()
    upcoming = Event.objects.filter(is_demo=True).upcoming()
    assert upcoming.count() == 5
    first = {e.slug: timezone.localtime(e.starts_at) for e in upcoming}
    stats = load_demo(DEMO, today=today + timedelta(days=100))
    assert str(stats["Veranstaltungen"]) == "0 neu, 5 geändert, 1 unverändert"
    assert str(stats["Angebote"]) == "0 neu, 20 geändert, 0 unverändert"  # verification dates
    for event in Event.objects.filter(slug__in=first):
        moved, before = timezone.localtime(event.starts_at), first[event.slug]
        assert moved.date() - before.date() == timedelta(days=100)
        assert moved.time() == before.time()  # same local time, across a change to summer time
    past = Event.objects.get(slug="runder-tisch-11-sitzung")
    assert past.starts_at.date().isoformat() == "2025-10-09"  # a real date stays as it was


def test_demo_people_have_only_example_addresses_and_no_real_phone_lines():
    for contact in Contact.objects.filter(is_demo=True):
        assert contact.email.endswith("@example.org") or not contact.email, contact
        assert not contact.phone or contact.phone.startswith("0731 000000-"), contact
    for org in Organisation.objects.filter(is_demo=True):
        assert not org.email or org.email.endswith("@example.org"), org
        assert not org.phone or org.phone.startswith("0731 000000-"), org


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


def test_an_offer_description_is_not_its_summary_again():
    for offer in Offer.objects.filter(is_demo=True):
        assert offer.description_de.strip(), offer.slug
        assert offer.summary_de.strip() not in offer.description_de, offer.slug


def test_an_offer_page_names_one_e_mail_address_at_most(client):
    for offer in Offer.objects.filter(is_demo=True):
        text = client.get(offer.get_absolute_url()).content.decode()
        main = text[text.index("<main") : text.index("</main>")]
        addresses = set(re.findall(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", main))
        assert len(addresses) <= 1, (offer.slug, addresses)


def test_a_broken_demo_file_is_named_and_nothing_is_loaded(tmp_path):
    folder = tmp_path / "demo"
    shutil.copytree(DEMO, folder)
    events = folder / "events.csv"
    text = events.read_text(encoding="utf-8")
    events.write_text(text.replace(",+14,", ",in zwei Wochen,", 1), encoding="utf-8")
    before = Event.objects.order_by("slug").values_list("slug", "starts_at")
    before = list(before)
    with pytest.raises(CommandError) as info:
        call_command("load_demo", str(folder))
    line = next(n for n, row in enumerate(text.splitlines(), 1) if ",+14," in row)
    assert f"demo/events.csv, Zeile {line}, Feld „day“: Erwartet wird ein Datum" in str(info.value)
    assert list(Event.objects.order_by("slug").values_list("slug", "starts_at")) == before


def test_an_unknown_reference_in_the_demo_is_named(tmp_path):
    folder = tmp_path / "demo"
    shutil.copytree(DEMO, folder)
    offer = folder / "offers" / "sprachcafe-laichingen.md"
    offer.write_text(
        offer.read_text(encoding="utf-8").replace("topics: ", "topics: raumfahrt;", 1),
        encoding="utf-8",
    )
    with pytest.raises(CommandError, match="sprachcafe-laichingen.md, Zeile \\d+, Feld „topics“"):
        call_command("load_demo", str(folder))


def test_demo_command_needs_the_profile_first():
    Event.objects.all().delete()
    Offer.objects.all().delete()
    Contact.objects.all().delete()
    County.objects.all().delete()
    with pytest.raises(CommandError, match="load_profile"):
        call_command("load_demo")


def test_demo_accounts_exist_only_in_debug_mode(settings, capsys):
    from portal.accounts.models import Account

    call_command("load_demo")
    assert "nur mit DJANGO_DEBUG=true" in capsys.readouterr().out
    assert not Account.objects.exists()
    settings.DEBUG = True
    call_command("load_demo")
    out = capsys.readouterr().out
    assert re.search(r"demo-partner@example.org\s+editor\s+Schlüssel [A-Z2-7]{32}", out)
    roles = sorted(Account.objects.values_list("role", flat=True))
    assert roles == ["county_admin", "county_editor", "editor", "editor"]
    partner = Account.objects.get(user__email="demo-partner@example.org")
    assert [o.slug for o in partner.organisations.all()] == ["volkshochschule-ehingen"]
    call_command("load_demo")  # again: the same accounts and keys
    assert Account.objects.count() == 4
    assert capsys.readouterr().out.count("Schlüssel") == out.count("Schlüssel")
