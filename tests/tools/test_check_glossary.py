"""tools/check_glossary.py: the project keeps its glossaries, and a planted forbidden variant or
a missing rendering fails with file, entry and the expected term."""

import csv
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parents[2]
CHECK = ROOT / "tools" / "check_glossary.py"
sys.path.insert(0, str(ROOT / "tools"))

import check_glossary  # noqa: E402


def run_check(root: Path, *langs: str) -> subprocess.CompletedProcess:
    args = [arg for lang in langs for arg in ("--lang", lang)]
    return subprocess.run(
        [sys.executable, str(CHECK), "--root", str(root), *args],
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture
def project(tmp_path) -> Path:
    for name in ("locale", "docs", "data"):
        shutil.copytree(ROOT / name, tmp_path / name, ignore=shutil.ignore_patterns("*.mo"))
    return tmp_path


def set_translation(root: Path, lang: str, msgid: str, text: str) -> None:
    path = root / "locale" / lang / "LC_MESSAGES" / "django.po"
    catalogue = polib.pofile(str(path))
    catalogue.find(msgid).msgstr = text
    catalogue.save()


def test_the_project_keeps_its_glossaries_in_every_language():
    result = run_check(ROOT)
    assert result.returncode == 0, result.stdout
    assert "Glossary kept in 7 languages." in result.stdout


def test_every_language_has_the_terms_the_translators_agreed_on():
    wanted = {
        "Gemeinde", "Stadt", "Landkreis", "Landratsamt", "Verwaltungsraum",
        "Integrationsmanager/in", "Helferkreis", "Runder Tisch (Integration)", "Angebot",
        "Anbieter", "Ansprechperson", "Termin", "Beispieldaten", "zuletzt geprüft",
        "Leichte Sprache", "Gebärdensprache", "Ehrenamt/ehrenamtlich", "Geflüchtete",
    }  # fmt: skip
    for lang in check_glossary.LANGUAGES:
        terms = check_glossary.load_glossary(ROOT / "docs" / "glossary" / f"{lang}.toml")
        assert wanted <= {t.de for t in terms}, lang
        assert all(t.use for t in terms), lang


def test_a_planted_forbidden_variant_fails_naming_file_entry_and_expected_term(project):
    # Persian: "Gemeinde" as روستا ("village") was the review's first finding.
    set_translation(project, "fa", "Meine Gemeinde", "روستای من")
    result = run_check(project, "fa")
    assert result.returncode == 1
    line = next(x for x in result.stdout.splitlines() if "Meine Gemeinde" in x)
    assert line.startswith("locale/fa/LC_MESSAGES/django.po, „Meine Gemeinde“:")
    assert "„Gemeinde“ is rendered „روستا“, which the glossary forbids; use" in line
    assert "1 glossary problem(s)." in result.stdout


def test_a_translation_without_the_agreed_rendering_fails(project):
    set_translation(project, "tr", "Meine Gemeinde", "Benim yerim")
    result = run_check(project, "tr")
    assert result.returncode == 1
    assert "„Gemeinde“ needs" in result.stdout
    assert "locale/tr/LC_MESSAGES/django.po, „Meine Gemeinde“" in result.stdout


def test_a_forbidden_variant_in_a_translated_page_and_in_profile_data_fails(project):
    page = project / "data" / "alb-donau-kreis" / "pages" / "nachbarn.uk.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nУ межах округу.\n", encoding="utf-8")
    uk = run_check(project, "uk")
    assert uk.returncode == 1
    assert "data/alb-donau-kreis/pages/nachbarn.uk.md, text: „Landkreis“ is rendered" in uk.stdout
    topics = project / "data" / "alb-donau-kreis" / "topics.csv"
    with topics.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    rows[0] |= {"description_de": "Kurse beim Landratsamt.", "description_tr": "İlçe Valiliği"}
    with topics.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    tr = run_check(project, "tr")
    assert tr.returncode == 1
    assert (
        "data/alb-donau-kreis/topics.csv, line 2 (sprache), description_tr: „Landratsamt“ is "
        "rendered „valili“, which the glossary forbids"
    ) in tr.stdout


def test_a_forbidden_german_variant_fails_outside_proper_names(project):
    page = project / "data" / "alb-donau-kreis" / "pages" / "nachbarn.md"
    page.write_text(
        page.read_text(encoding="utf-8")
        + "\nDer Fachdienst Flüchtlinge und Integration hilft Flüchtlingen.\n",
        encoding="utf-8",
    )
    result = run_check(project, "de")
    assert result.returncode == 1
    problems = [x for x in result.stdout.splitlines() if "nachbarn.md" in x]
    assert problems == [
        "data/alb-donau-kreis/pages/nachbarn.md, text: „Flüchtlingen“ is forbidden by the "
        "German glossary; write „Geflüchtete“"
    ]


def test_inflected_forms_and_prefixes_pass():
    term = check_glossary.Term(de="Gemeinde", forms=["Gemeinde"], use=["بلدي"], avoid=["قرية"])
    texts = [
        check_glossary.Text("f", "e", "In allen Gemeinden", "في كل البلديات"),
        check_glossary.Text("f", "e", "Die Kirchengemeinde lädt ein", "الكنيسة تدعو"),
        check_glossary.Text("f", "e", "Meine Gemeinde", ""),  # not translated: German shown
    ]
    assert check_glossary.problems_in(texts, [term]) == []
    wrong = check_glossary.Text("f", "e", "Gemeinde", "القرية")
    assert check_glossary.problems_in([wrong], [term]) == [
        "f, e: „Gemeinde“ is rendered „قرية“, which the glossary forbids; use بلدي"
    ]


def test_a_broken_glossary_is_reported(tmp_path):
    path = tmp_path / "xx.toml"
    path.write_text('[[term]]\nde = "Gemeinde"\nusee = ["x"]\n', encoding="utf-8")
    with pytest.raises(ValueError, match="term 1"):
        check_glossary.load_glossary(path)


def test_turkish_capital_i_matches_its_small_form():
    term = check_glossary.Term(de="Landkreis", forms=["Landkreis"], use=["ilçe"], avoid=["valili"])
    texts = [check_glossary.Text("f", "e", "Landkreis", "İlçe idaresi")]
    assert check_glossary.problems_in(texts, [term]) == []
    wrong = [check_glossary.Text("f", "e", "Landkreis", "İlçe VALİLİĞİ")]
    assert "which the glossary forbids" in check_glossary.problems_in(wrong, [term])[0]
