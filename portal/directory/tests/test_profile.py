import csv
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from portal.content.models import Page
from portal.directory.models import AdministrativeUnit, Municipality, Organisation, Topic

pytestmark = pytest.mark.django_db

PROFILE = settings.BASE_DIR / "data" / "alb-donau-kreis"


def snapshot():
    """Everything the loader writes, as comparable values."""
    return {
        "municipalities": list(Municipality.objects.order_by("ags").values()),
        "units": list(AdministrativeUnit.objects.order_by("key").values()),
        "topics": list(Topic.objects.order_by("slug").values()),
        "pages": list(Page.objects.order_by("slug").values()),
        "organisations": list(Organisation.objects.order_by("slug").values()),
    }


@pytest.fixture
def profile_copy(tmp_path) -> Path:
    target = tmp_path / "profile"
    shutil.copytree(PROFILE, target)
    return target


def rewrite_csv(path: Path, line: int, column: str, value: str):
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    rows[line - 1][rows[0].index(column)] = value
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)


def test_profile_has_exactly_the_55_municipalities_of_the_shared_data():
    source = settings.BASE_DIR.parent / "shared" / "data" / "alb-donau-kreis-gemeinden.csv"
    if not source.exists():  # the project's own copy carries the same rows
        source = PROFILE / "municipalities.csv"
    with source.open(encoding="utf-8") as handle:
        expected = {row["ags"]: row["name"] for row in csv.DictReader(handle)}
    assert len(expected) == 55
    assert dict(Municipality.objects.values_list("ags", "name")) == expected
    assert AdministrativeUnit.objects.count() == 13
    assert Municipality.objects.filter(kind="stadt").count() == 9


def test_project_copy_of_municipalities_matches_shared_data():
    shared = settings.BASE_DIR.parent / "shared" / "data" / "alb-donau-kreis-gemeinden.csv"
    if not shared.exists():
        pytest.skip("../shared is not beside this checkout")
    assert shared.read_bytes() == (PROFILE / "municipalities.csv").read_bytes()


def test_second_load_changes_nothing(capsys):
    before = snapshot()
    call_command("load_profile")
    out = capsys.readouterr().out
    assert " 0 neu, 0 geändert" in out
    assert "geändert" in out and " 1 geändert" not in out
    assert snapshot() == before


def test_changed_profile_value_is_updated(profile_copy):
    rewrite_csv(profile_copy / "topics.csv", 2, "name_de", "Deutsch lernen und üben")
    call_command("load_profile", str(profile_copy), verbosity=0)
    assert Topic.objects.get(slug="sprache").name_de == "Deutsch lernen und üben"


@pytest.mark.parametrize(
    "file, line, column, value, message",
    [
        ("municipalities.csv", 5, "plz", "8917", "Postleitzahl hat genau 5 Ziffern"),
        ("municipalities.csv", 12, "lat", "nördlich", "keine Zahl"),
        ("municipalities.csv", 3, "typ", "Dorf", "Erlaubt sind"),
        (
            "municipalities.csv",
            7,
            "verband_schluessel",
            "084259999",
            "keinen Eintrag „084259999“ unter „Verwaltungsräume“",
        ),
        ("topics.csv", 3, "name_de", "", "darf nicht leer sein"),
        ("organisation-kinds.csv", 4, "volunteer_circle", "vielleicht", "Erlaubt sind"),
        ("organisations.csv", 2, "kind", "raumschiff", "unter „Arten von Organisationen“"),
    ],
)
def test_broken_profile_names_file_line_and_field_and_loads_nothing(
    profile_copy, file, line, column, value, message
):
    # Also change a valid value elsewhere: it must not be written either.
    rewrite_csv(profile_copy / "topics.csv", 2, "name_de", "Darf nicht geladen werden")
    rewrite_csv(profile_copy / file, line, column, value)
    before = snapshot()
    with pytest.raises(CommandError) as info:
        call_command("load_profile", str(profile_copy))
    text = str(info.value)
    assert f"{file}, Zeile {line}, Feld „" in text
    assert message.lower() in text.lower()
    assert snapshot() == before


def test_broken_profile_into_empty_database_loads_nothing(profile_copy):
    Page.objects.all().delete()
    rewrite_csv(profile_copy / "municipalities.csv", 2, "ags", "abc")
    (profile_copy / "pages" / "impressum.md").write_text("kein Kopf\n", encoding="utf-8")
    with pytest.raises(CommandError) as info:
        call_command("load_profile", str(profile_copy))
    assert "pages/impressum.md, Zeile 1" in str(info.value)
    assert "municipalities.csv, Zeile 2, Feld „ags“" in str(info.value)
    assert not Page.objects.exists()


def test_missing_column_is_named(profile_copy):
    path = profile_copy / "target-groups.csv"
    text = path.read_text(encoding="utf-8").replace("slug,", "kurz,", 1)
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CommandError, match="target-groups.csv, Zeile 1, Feld „slug“"):
        call_command("load_profile", str(profile_copy))


def test_duplicate_key_is_named(profile_copy):
    path = profile_copy / "languages.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join([*lines, lines[1]]) + "\n", encoding="utf-8")
    with pytest.raises(CommandError, match=f"languages.csv, Zeile {len(lines) + 1}.*mehrfach"):
        call_command("load_profile", str(profile_copy))


def test_file_not_in_utf8_is_reported(profile_copy):
    (profile_copy / "topics.csv").write_bytes("slug,order,name_de\nä,1,x\n".encode("latin-1"))
    with pytest.raises(CommandError, match="topics.csv.*UTF-8"):
        call_command("load_profile", str(profile_copy))


def test_translation_file_without_source_page_is_reported(profile_copy):
    (profile_copy / "pages" / "gibtsnicht.en.md").write_text(
        "---\ntitle: Missing\n---\nText\n", encoding="utf-8"
    )
    with pytest.raises(CommandError, match="gibtsnicht.en.md.*fehlt die Seite"):
        call_command("load_profile", str(profile_copy))


def test_missing_profile_folder_is_reported(tmp_path):
    with pytest.raises(CommandError, match="nicht gefunden"):
        call_command("load_profile", str(tmp_path / "nope"))


def test_page_translations_are_loaded_from_language_files(profile_copy):
    (profile_copy / "pages" / "impressum.en.md").write_text(
        "---\ntitle: Legal notice\nsummary: Who publishes this portal.\n---\nText.\n",
        encoding="utf-8",
    )
    call_command("load_profile", str(profile_copy), verbosity=0)
    page = Page.objects.get(slug="impressum")
    assert page.title_en == "Legal notice"
    assert page.translation_state("en") == "current"


def test_byte_order_mark_from_spreadsheet_programs_is_accepted(profile_copy):
    for name in ("topics.csv", "profile.toml", "pages/impressum.md"):
        path = profile_copy / name
        path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    call_command("load_profile", str(profile_copy), verbosity=0)


@pytest.mark.parametrize(
    "value, message",
    [("Deutsch\x00", "Nullzeichen"), ("abc\u202eevil", "Schreibrichtung")],
)
def test_control_characters_in_a_cell_are_reported(profile_copy, value, message):
    rewrite_csv(profile_copy / "topics.csv", 3, "name_de", value)
    with pytest.raises(CommandError, match=f"topics.csv, Zeile 3, Feld „name_de“: .*{message}"):
        call_command("load_profile", str(profile_copy))


def test_duplicate_unique_value_is_reported_not_crashed(profile_copy):
    path = profile_copy / "municipalities.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    rewrite_csv(path, 3, "name", rows[1][rows[0].index("name")])
    with pytest.raises(CommandError, match="municipalities.csv, Zeile 3, Feld „name“"):
        call_command("load_profile", str(profile_copy))


def test_superscript_digits_are_not_numbers(profile_copy):
    rewrite_csv(profile_copy / "municipalities.csv", 4, "population", "²")
    with pytest.raises(CommandError, match="Zeile 4, Feld „population“: „²“ ist keine ganze"):
        call_command("load_profile", str(profile_copy))


def test_page_errors_name_the_line_of_the_key(profile_copy):
    path = profile_copy / "pages" / "impressum.md"
    path.write_text(
        path.read_text(encoding="utf-8").replace("kind: legal", "kind: legl"), encoding="utf-8"
    )
    with pytest.raises(CommandError, match="pages/impressum.md, Zeile 4, Feld „kind“"):
        call_command("load_profile", str(profile_copy))


def test_removed_translation_file_removes_the_translation(profile_copy):
    (profile_copy / "pages" / "nachbarn.en.md").unlink()
    call_command("load_profile", str(profile_copy), verbosity=0)
    page = Page.objects.get(slug="nachbarn")
    assert page.title_en == ""
    assert page.translation_state("en") == "missing"


def test_profile_toml_without_county_section_is_reported(profile_copy):
    (profile_copy / "profile.toml").write_text('county = "x"\n', encoding="utf-8")
    with pytest.raises(CommandError, match="profile.toml, Feld „county“"):
        call_command("load_profile", str(profile_copy))
