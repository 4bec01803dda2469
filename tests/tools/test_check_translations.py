"""tools/check_translations.py reports stale catalogues the right way round and leaves the
working tree alone (makemessages would otherwise rewrite the real locale/*.po files)."""

import hashlib
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def run_check(root: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(ROOT / "tools" / "check_translations.py"), "--root", str(root)],
        capture_output=True,
        text=True,
        timeout=120,
    )


def fingerprint(folder: Path) -> dict:
    return {
        path.relative_to(folder): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


@pytest.fixture
def project(tmp_path) -> Path:
    for name in ("manage.py", "config", "portal", "templates", "locale"):
        source = ROOT / name
        if source.is_dir():
            ignore = shutil.ignore_patterns("__pycache__", "*.mo")
            shutil.copytree(source, tmp_path / name, ignore=ignore)
        else:
            shutil.copy(source, tmp_path / name)
    return tmp_path


def test_checking_leaves_the_catalogues_untouched():
    before = fingerprint(ROOT / "locale")
    run_check(ROOT)
    assert fingerprint(ROOT / "locale") == before


def test_a_new_string_is_reported_as_missing_from_the_catalogue(project):
    template = project / "templates" / "404.html"
    template.write_text(
        template.read_text().replace(
            "{% endblock %}", '<p>{% translate "Ein ganz neuer Satz" %}</p>{% endblock %}', 1
        )
    )
    before = fingerprint(project / "locale")
    result = run_check(project)
    assert result.returncode == 1
    assert "en: not in the catalogue yet (run `make messages`): 'Ein ganz neuer Satz'" in (
        result.stdout
    )
    assert "no longer used" not in result.stdout
    assert fingerprint(project / "locale") == before


def test_a_string_no_longer_in_the_code_is_reported_as_unused(project):
    template = project / "templates" / "404.html"
    template.write_text(template.read_text().replace("Seite nicht gefunden", "Nicht da"))
    result = run_check(project)
    assert result.returncode == 1
    assert "ar: no longer used (run `make messages`): 'Seite nicht gefunden'" in result.stdout
    assert "ar: not in the catalogue yet (run `make messages`): 'Nicht da'" in result.stdout
