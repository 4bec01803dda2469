"""Fail when a shipped message catalogue is stale, has empty or fuzzy entries, or breaks a
placeholder. Run by `make test` (and so by CI) as `python tools/check_translations.py`.

Stale means: the catalogue's message ids differ from what `makemessages` extracts from the
code and templates right now. The extraction runs into a scratch copy, so nothing in the
working tree changes.
"""

import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
LOCALE = ROOT / "locale"
LANGUAGES = ["en", "ar", "fa", "uk", "ru", "tr"]
PLACEHOLDER = re.compile(r"%\([a-z_]+\)[sd]|%[sd]")


def extract(scratch: Path) -> None:
    shutil.copytree(LOCALE, scratch, dirs_exist_ok=True)
    env = {**os.environ, "PORTAL_LOCALE_DIR": str(scratch)}
    subprocess.run(
        [
            sys.executable,
            "manage.py",
            "makemessages",
            *(f"-l{lang}" for lang in LANGUAGES),
            "--add-location",
            "file",
            "--no-obsolete",
            "--ignore=.venv",
            "--ignore=.tools",
            "--ignore=var",
            "--ignore=tests",
            "-v0",
        ],
        cwd=ROOT,
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


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        scratch = Path(tmp) / "locale"
        extract(scratch)
        problems = []
        for lang in LANGUAGES:
            path = LOCALE / lang / "LC_MESSAGES" / "django.po"
            if not path.exists():
                problems.append(f"{lang}: {path.relative_to(ROOT)} is missing")
                continue
            fresh = polib.pofile(str(scratch / lang / "LC_MESSAGES" / "django.po"))
            problems += problems_in(lang, polib.pofile(str(path)), fresh)
    for problem in problems:
        print(problem)
    if problems:
        print(f"{len(problems)} translation problem(s).")
        return 1
    print(f"Translations complete and current in {len(LANGUAGES)} languages.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
