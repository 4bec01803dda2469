"""The layer contracts (pyproject.toml, [tool.importlinter]) hold, and they do catch a backward
import: checked on a copy of the code with one forbidden import added."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def lint_imports(folder: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"],
        cwd=folder,
        env={"PYTHONPATH": str(folder), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture
def code_copy(tmp_path) -> Path:
    for name in ("portal", "config"):
        shutil.copytree(ROOT / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    return tmp_path


def test_the_layer_contracts_hold(code_copy):
    result = lint_imports(code_copy)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "3 kept, 0 broken" in result.stdout


@pytest.mark.parametrize(
    "module, backward_import",
    [
        ("portal/directory/models.py", "from portal.web import views"),  # domain -> surface
        ("portal/core/text.py", "import portal.directory.models"),  # core -> domain
        ("portal/directory/models.py", "import portal.county.loader"),  # domain -> county
        ("portal/content/services.py", "from portal.core import testing"),  # test helpers
    ],
)
def test_a_backward_import_breaks_a_contract(code_copy, module, backward_import):
    path = code_copy / module
    path.write_text(path.read_text() + f"\n{backward_import}  # noqa\n")
    result = lint_imports(code_copy)
    assert result.returncode == 1, result.stdout
    assert "BROKEN" in result.stdout
