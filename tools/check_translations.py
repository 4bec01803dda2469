"""Fail when a shipped message catalogue is stale, has empty or fuzzy entries, or breaks a
placeholder. Run by `make test` (and so by CI) as `python tools/check_translations.py`.

Stale means: the catalogue's message ids differ from what `makemessages` extracts from the
code and templates right now. The extraction runs in a scratch copy of the project (makemessages
writes into every `locale` folder it finds below its working directory), so nothing in the
working tree changes.

    python tools/check_translations.py [--root PROJECT]
"""

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import polib

LANGUAGES = ["en", "ar", "fa", "uk", "ru", "tr"]
PLACEHOLDER = re.compile(r"%\([a-z_]+\)[sd]|%[sd]")


SOURCES = ["manage.py", "config", "portal", "templates", "locale"]


def extract(root: Path, scratch: Path) -> None:
    """Copy what makemessages reads into `scratch` and extract there."""
    for name in SOURCES:
        source = root / name
        if source.is_dir():
            shutil.copytree(source, scratch / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(source, scratch / name)
    env = {
        **os.environ,
        "DJANGO_DEBUG": "true",
        "DJANGO_SECRET_KEY": "translation-check-" + "x" * 40,  # no var/ needed in the copy
        "DATABASE_URL": f"sqlite:///{scratch / 'unused.sqlite3'}",
    }
    subprocess.run(
        [
            sys.executable,
            "manage.py",
            "makemessages",
            *(f"-l{lang}" for lang in LANGUAGES),
            "--add-location",
            "file",
            "--no-obsolete",
            "--ignore=tests",  # as `make messages`
            "-v0",
        ],
        cwd=scratch,
        env=env,
        check=True,
    )


def ids(catalogue: polib.POFile) -> set[tuple[str, str]]:
    return {(e.msgctxt or "", e.msgid) for e in catalogue if not e.obsolete}


def problems_in(lang: str, shipped: polib.POFile, fresh: polib.POFile) -> list[str]:
    problems = []
    missing = ids(fresh) - ids(shipped)
    extra = ids(shipped) - ids(fresh)
    for _ctx, msgid in sorted(missing)[:10]:
        problems.append(f"{lang}: not in the catalogue yet (run `make messages`): {msgid!r}")
    for _ctx, msgid in sorted(extra)[:10]:
        problems.append(f"{lang}: no longer used (run `make messages`): {msgid!r}")
    for entry in shipped:
        if entry.obsolete:
            problems.append(f"{lang}: obsolete entry: {entry.msgid!r}")
            continue
        if "fuzzy" in entry.flags:
            problems.append(f"{lang}: fuzzy: {entry.msgid!r}")
        strings = list(entry.msgstr_plural.values()) if entry.msgid_plural else [entry.msgstr]
        if not all(s.strip() for s in strings):
            problems.append(f"{lang}: empty translation: {entry.msgid!r}")
            continue
        wanted = set(PLACEHOLDER.findall(entry.msgid + (entry.msgid_plural or "")))
        for text in strings:
            found = set(PLACEHOLDER.findall(text))
            # A plural form may leave out the number ("one offer"), never add a placeholder.
            if found - wanted or (not entry.msgid_plural and wanted - found):
                problems.append(f"{lang}: placeholders differ: {entry.msgid!r} -> {text!r}")
    if shipped.metadata_is_fuzzy:
        problems.append(f"{lang}: the header is marked fuzzy")
    return problems


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=Path(__file__).resolve().parent.parent)
    root = parser.parse_args(argv).root.resolve()
    with tempfile.TemporaryDirectory() as tmp:
        scratch = Path(tmp)
        extract(root, scratch)
        problems = []
        for lang in LANGUAGES:
            path = root / "locale" / lang / "LC_MESSAGES" / "django.po"
            if not path.exists():
                problems.append(f"{lang}: {path.relative_to(root)} is missing")
                continue
            fresh = polib.pofile(str(scratch / "locale" / lang / "LC_MESSAGES" / "django.po"))
            problems += problems_in(lang, polib.pofile(str(path)), fresh)
    for problem in problems:
        print(problem)
    if problems:
        print(f"{len(problems)} translation problem(s).")
        return 1
    print(f"Translations complete and current in {len(LANGUAGES)} languages.")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
