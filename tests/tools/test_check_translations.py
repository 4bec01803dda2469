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


def test_new_and_unused_strings_are_reported_the_right_way_round(project):
    template = project / "templates" / "404.html"
    text = template.read_text().replace("Seite nicht gefunden", "Nicht da")
    text = text.replace(
        "{% endblock %}", '<p>{% translate "Ein ganz neuer Satz" %}</p>{% endblock %}', 1
    )
    template.write_text(text)
    before = fingerprint(project / "locale")
    result = run_check(project)
    assert result.returncode == 1
    out = result.stdout
    assert "en: not in the catalogue yet (run `make messages`): 'Ein ganz neuer Satz'" in out
    assert "ar: not in the catalogue yet (run `make messages`): 'Nicht da'" in out
    assert "ar: no longer used (run `make messages`): 'Seite nicht gefunden'" in out
    assert "no longer used (run `make messages`): 'Ein ganz neuer Satz'" not in out
    assert fingerprint(project / "locale") == before
