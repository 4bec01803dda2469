import csv
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from portal.content.models import Page
from portal.county.models import County
from portal.county.profile import load_profile
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
        "county": list(County.objects.values()),
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
    lines = out.strip().splitlines()
    assert len(lines) == 9  # county, units, municipalities, languages, kinds, topics, …, pages
    assert all(" 0 neu, 0 geändert" in line for line in lines), out
    assert snapshot() == before


def test_second_load_reads_each_model_once_instead_of_each_record(django_assert_max_num_queries):
    records = 1 + 13 + 55 + Topic.objects.count() + Page.objects.count()
    # At most one query per record is the promise; reading each model once needs far fewer.
    with django_assert_max_num_queries(15):
        stats = load_profile(PROFILE)
    assert sum(s.unchanged for s in stats.values()) >= records
    assert sum(s.created + s.updated for s in stats.values()) == 0


def test_changed_profile_value_is_updated(profile_copy):
    rewrite_csv(profile_copy / "topics.csv", 2, "name_de", "Deutsch lernen und üben")
    call_command("load_profile", str(profile_copy), verbosity=0)
    assert Topic.objects.get(slug="sprache").name_de == "Deutsch lernen und üben"


@pytest.mark.parametrize(
    "file, line, column, value, message",
    [
        ("municipalities.csv", 5, "plz", "8917", "Postleitzahl muss genau 5 Ziffern haben"),
        (
            "municipalities.csv",
            12,
            "lat",
            "nördlich",
            "Bitte eine Zahl eingeben. Gelesen: „nördlich“",
        ),
        ("municipalities.csv", 12, "lat", "91.5", "kleiner oder gleich 90"),
        ("municipalities.csv", 9, "area_km2", "-45.87", "größer oder gleich 0"),
        ("municipalities.csv", 9, "population", "-1", "größer oder gleich 0"),
        ("municipalities.csv", 3, "typ", "Dorf", "Erlaubt sind"),
        (
            "municipalities.csv",
            7,
            "verband_schluessel",
            "084259999",
            "keinen Eintrag „084259999“ unter „Verwaltungsräume“",
        ),
        ("topics.csv", 3, "name_de", "", "Der Wert fehlt"),
        ("organisation-kinds.csv", 4, "volunteer_circle", "vielleicht", "Erlaubt sind"),
        ("organisations.csv", 2, "kind", "raumschiff", "unter „Arten von Organisationen“"),
        ("municipality-names.csv", 4, "ags", "08425999", "Diese Gemeinde gibt es nicht."),
        ("municipality-names.csv", 6, "name", "Ulm", "Der Name passt nicht"),
        ("municipality-names.csv", 8, "ar", "x\u202ey", "Steuerzeichen"),
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
    with pytest.raises(CommandError, match="gibtsnicht.en.md.*fehlt die Datei gibtsnicht.md"):
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
    with pytest.raises(CommandError, match="Zeile 4, Feld „population“: Bitte eine ganze Zahl"):
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
    with pytest.raises(CommandError, match="profile.toml, Zeile 1, Feld „county“"):
        call_command("load_profile", str(profile_copy))


def rewrite_toml(folder: Path, old: str, new: str) -> None:
    path = folder / "profile.toml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def toml_line(folder: Path, start: str) -> int:
    lines = (folder / "profile.toml").read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, start=1) if line.startswith(start))


def test_county_name_and_title_come_from_the_loaded_profile(client, profile_copy, settings):
    rewrite_toml(profile_copy, 'name = "Alb-Donau-Kreis"', 'name = "Landkreis Beispiel"')
    rewrite_toml(
        profile_copy,
        'title = "Flüchtlinge und Integration im Alb-Donau-Kreis"',
        'title = "Ankommen im Landkreis Beispiel"',
    )
    call_command("load_profile", str(profile_copy), verbosity=0)
    settings.COUNTY_PROFILE = "gibt-es-nicht"  # the running site never reads the folder
    text = client.get("/de/").content.decode()
    assert "Landkreis Beispiel" in text and "Ankommen im Landkreis Beispiel" in text
    assert "Alb-Donau-Kreis</span>" not in text
    assert "<title >Startseite – Ankommen im Landkreis Beispiel</title>" in text
    english = client.get("/en/").content.decode()
    assert "Refugees and integration in the Alb-Donau-Kreis" in english  # [portal.en] as given


def test_a_profile_of_another_county_is_refused(profile_copy):
    rewrite_toml(profile_copy, 'key = "08425"', 'key = "08111"')
    before = snapshot()
    with pytest.raises(CommandError) as info:
        call_command("load_profile", str(profile_copy))
    line = toml_line(profile_copy, "key =")
    assert f"profile.toml, Zeile {line}, Feld „county.key“" in str(info.value)
    assert "gehört zum Landkreis „Alb-Donau-Kreis“" in str(info.value)
    assert snapshot() == before


@pytest.mark.parametrize(
    "old, new, key, message",
    [
        (
            'office_postcode = "89077"',
            "office_postcode = 89077",
            "county.office_postcode",
            "Text in Anführungszeichen",
        ),
        (
            'office_postcode = "89077"',
            'office_postcode = "8907"',
            "county.office_postcode",
            "genau 5 Ziffern",
        ),
        ('key = "08425"', 'key = "8425"', "county.key", "genau 5 Ziffern"),
        (
            'website = "https://www.alb-donau-kreis.de"',
            'website = "kein link"',
            "county.website",
            "gültige Adresse",
        ),
        (
            'office_phone = "0731 185-0"',
            'office_phone = "ruf an"',
            "county.office_phone",
            "Telefonnummer",
        ),
        ('office_city = "Ulm"', 'offce_city = "Ulm"', "county.offce_city", "Unbekannter Schlüssel"),
        (
            'tagline = "informieren, mithelfen"',
            "tagline = true",
            "portal.tagline",
            "Text in Anführungszeichen",
        ),
        (
            'short_title = "Flüchtlinge und Integration"',
            'short_title = ""',
            "portal.short_title",
            "Der Wert fehlt",
        ),
    ],
)
def test_profile_toml_values_are_checked_and_named_with_their_line(
    profile_copy, old, new, key, message
):
    rewrite_toml(profile_copy, old, new)
    line = toml_line(profile_copy, new.split(" ")[0] + " ")
    before = snapshot()
    with pytest.raises(CommandError) as info:
        call_command("load_profile", str(profile_copy))
    assert f"profile.toml, Zeile {line}, Feld „{key}“: " in str(info.value)
    assert message in str(info.value)
    assert snapshot() == before


def test_a_translation_table_of_the_portal_title_is_checked_too(profile_copy):
    rewrite_toml(profile_copy, 'tagline = "get informed, help out"', "tagline = 3")
    with pytest.raises(CommandError, match="Feld „portal.en.tagline“: Erwartet wird Text"):
        call_command("load_profile", str(profile_copy))


def test_broken_toml_names_the_line(profile_copy):
    rewrite_toml(profile_copy, 'office_city = "Ulm"', 'office_city = "Ulm')
    with pytest.raises(
        CommandError, match=r"profile.toml, Zeile \d+, Feld „-“: Kein gültiges TOML"
    ):
        call_command("load_profile", str(profile_copy))


def test_the_welcome_text_is_marked_as_a_model_text(client):
    page = Page.objects.get(kind=Page.Kind.WELCOME)
    assert page.is_model_text
    for url in ("/de/", page.get_absolute_url()):
        text = client.get(url).content.decode()
        assert "Mustertext" in text
        assert "Er stammt nicht vom Landratsamt oder vom Landrat" in text
    assert "Mustertext" not in client.get("/de/seiten/impressum/").content.decode()


def test_a_translation_updated_in_part_stays_outdated_for_the_rest(profile_copy):
    rewrite_csv(profile_copy / "topics.csv", 2, "description_de", "Kurse und Sprachcafés.")
    rewrite_csv(profile_copy / "topics.csv", 2, "name_en", "German lessons")
    call_command("load_profile", str(profile_copy), verbosity=0)
    topic = Topic.objects.get(slug="sprache")
    assert topic.name_en == "German lessons"
    assert topic.translation_state("en") == "outdated"
    assert list(topic.source_changes("en")) == ["description"]
    assert topic.translation_state("ar") == "outdated"


def test_a_removed_page_file_unpublishes_the_page_and_is_reported(profile_copy, capsys, client):
    (profile_copy / "pages" / "kommunen.md").unlink()
    call_command("load_profile", str(profile_copy))
    out = capsys.readouterr().out
    assert "Seiten: 0 neu, 1 geändert, 9 unverändert; nicht mehr in den Dateien: kommunen" in out
    assert client.get("/de/seiten/kommunen/").status_code == 404
    call_command("load_profile", verbosity=0)  # the file is back
    assert client.get("/de/seiten/kommunen/").status_code == 200


def test_a_topic_no_longer_in_the_file_is_reported_not_deleted(profile_copy, capsys):
    path = profile_copy / "topics.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join(line for line in lines if not line.startswith("wohnen,")) + "\n")
    call_command("load_profile", str(profile_copy))
    assert "Themen: 0 neu, 0 geändert, 8 unverändert; nicht mehr in den Dateien: wohnen" in (
        capsys.readouterr().out
    )
    assert Topic.objects.filter(slug="wohnen").exists()


@pytest.mark.parametrize(
    "old, new, column, message",
    [
        ("description_en", "descripton_en", "descripton_en", "Unbekannte Spalte"),
        ("name_tr", "name_en", "name_en", "Diese Spalte steht mehrfach"),
    ],
)
def test_an_unknown_or_doubled_column_is_reported(profile_copy, old, new, column, message):
    path = profile_copy / "topics.csv"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    before = snapshot()
    with pytest.raises(CommandError, match=f"topics.csv, Zeile 1, Feld „{column}“: {message}"):
        call_command("load_profile", str(profile_copy))
    assert snapshot() == before


@pytest.mark.parametrize(
    "old, new, key, message",
    [
        ("summary:", "sumary:", "sumary", "Unbekannter Schlüssel"),
        ("kind: legal", "kind: legal\ntitle: Zweiter Titel", "title", "Steht schon in Zeile 2"),
    ],
)
def test_an_unknown_or_doubled_front_matter_key_is_reported(profile_copy, old, new, key, message):
    path = profile_copy / "pages" / "impressum.md"
    path.write_text(path.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
    with pytest.raises(
        CommandError, match=f"pages/impressum.md, Zeile \\d, Feld „{key}“: {message}"
    ):
        call_command("load_profile", str(profile_copy))


def test_an_empty_profile_toml_is_reported(profile_copy):
    (profile_copy / "profile.toml").write_text("# nichts\n", encoding="utf-8")
    with pytest.raises(CommandError) as info:
        call_command("load_profile", str(profile_copy))
    assert "Feld „county“: Erwartet wird ein Abschnitt [county]" in str(info.value)
    assert "Feld „portal“: Erwartet wird ein Abschnitt [portal]" in str(info.value)


def test_a_folder_where_a_file_belongs_is_reported(profile_copy):
    (profile_copy / "topics.csv").unlink()
    (profile_copy / "topics.csv").mkdir()
    with pytest.raises(CommandError, match="topics.csv, Feld „-“: Das ist keine Datei."):
        call_command("load_profile", str(profile_copy))


def test_an_error_in_a_row_with_a_multi_line_cell_names_the_line_the_row_starts(profile_copy):
    path = profile_copy / "topics.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    cells = ["neu", "-1", "", *["x"] * (len(header) - 3)]
    cells[header.index("description_de")] = '"Zwei\nZeilen"'
    path.write_text("\n".join([*lines, ",".join(cells)]) + "\n", encoding="utf-8")
    row = len(lines) + 1
    with pytest.raises(CommandError, match=f"topics.csv, Zeile {row}, Feld „order“"):
        call_command("load_profile", str(profile_copy))


def test_municipality_names_in_other_scripts_are_loaded():
    ehingen = Municipality.objects.get(slug="ehingen-donau")
    assert ehingen.local_names == {
        "ar": "إيهينغن (دوناو)",
        "fa": "ایهینگن (دوناو)",
        "ru": "Эхинген (Донау)",
        "uk": "Ехінген (Донау)",
    }
    assert ehingen.boundary["type"] in ("Polygon", "MultiPolygon")


@pytest.mark.parametrize(
    "change, message",
    [
        (lambda f: f.__setitem__("features", "keine Liste"), "Keine gültige Fläche"),
        (
            lambda f: f["features"][3]["geometry"].__setitem__("type", "Point"),
            "Keine gültige Fläche",
        ),
        (
            lambda f: f["features"][3]["properties"].__setitem__("ags", "x"),
            "Kein Gemeindeschlüssel",
        ),
        (lambda f: f["features"][3]["properties"].__setitem__("ags", "08425999"), "gibt es nicht"),
        (lambda f: f.pop("features"), "Keine gültige GeoJSON-FeatureCollection"),
    ],
)
def test_broken_boundaries_are_reported_and_load_nothing(profile_copy, change, message):
    import json

    path = profile_copy / "municipalities.geojson"
    data = json.loads(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(json.dumps(data), encoding="utf-8")
    before = snapshot()
    with pytest.raises(CommandError) as info:
        call_command("load_profile", str(profile_copy))
    assert "municipalities.geojson" in str(info.value) and message in str(info.value)
    assert snapshot() == before
