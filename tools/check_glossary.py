"""Fail when a text breaks the glossary. Run by `make test` (and so by CI) as
`python tools/check_glossary.py`.

The glossary is one file per language, `docs/glossary/<lang>.toml`, kept by translators
(see docs/translations.md). For every text that exists in German and in a translation — an
entry of a message catalogue, a field of an editorial page or a demo offer, a translated field
of the county profile — the check looks for each glossary term in the German text. Where a
term is found, the translation must use one of the term's renderings (`use`) and none of its
forbidden variants (`avoid`). German has a glossary too: its `avoid` variants must not appear
in any German text.

Matching: a German term or variant matches at the start of a word, case as written, and may go
on with letters (so "Angebot" finds "Angebote" and "Angeboten", but not "angeboten" or
"Sprachangebot"). A rendering or variant in another language matches anywhere, case ignored, so
a stem finds its inflected forms and Arabic or Persian words with their prefixes. Phrases in a
term's `except` list are taken out of the German text first (proper names such as "Fachdienst
Flüchtlinge und Integration", or another sense of the word).

    python tools/check_glossary.py [--root PROJECT] [--lang LANG ...]
"""

import argparse
import csv
import re
import sys
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import polib

LANGUAGES = ["en", "ar", "fa", "uk", "ru", "tr"]
PROFILE = Path("data") / "alb-donau-kreis"


@dataclass
class Term:
    de: str
    forms: list[str]
    use: list[str]
    avoid: list[str]
    exceptions: list[str] = field(default_factory=list)
    note: str = ""

    def in_german(self, text: str) -> bool:
        return any(_german(form).search(text) for form in self.forms)


@dataclass
class Text:
    """One text in German and in one translation, and where it is."""

    where: str  # file
    entry: str  # catalogue message, field or row
    german: str
    translated: str


def _german(word: str, rest: str = "") -> re.Pattern:
    return re.compile(r"(?<!\w)" + re.escape(word) + rest)


def _folded(text: str) -> str:
    """Case ignored, also for Turkish: "İ" folds to "i" with a combining dot, which goes."""
    return text.casefold().replace("\u0307", "")


def _without(text: str, phrases: list[str]) -> str:
    for phrase in phrases:
        text = text.replace(phrase, " ")
    return text


def load_glossary(path: Path) -> list[Term]:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    terms = []
    for n, raw in enumerate(data.get("term", []), start=1):
        unknown = set(raw) - {"de", "forms", "use", "avoid", "except", "note"}
        if "de" not in raw or unknown:
            raise ValueError(f"{path}: term {n}: needs `de`, knows no {sorted(unknown)}")
        terms.append(
            Term(
                de=raw["de"],
                forms=raw.get("forms", [raw["de"]]),
                use=raw.get("use", []),
                avoid=raw.get("avoid", []),
                exceptions=raw.get("except", []),
                note=raw.get("note", ""),
            )
        )
    return terms


def _short(text: str, size: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= size else text[: size - 1] + "…"


def catalogue_texts(root: Path, lang: str) -> list[Text]:
    path = root / "locale" / lang / "LC_MESSAGES" / "django.po"
    where = str(path.relative_to(root))
    texts = []
    for entry in polib.pofile(str(path)):
        if (
            entry.obsolete or "fuzzy" in entry.flags
        ):  # neither is shown (tools/check_translations.py fails on both)
            continue
        if entry.msgid_plural:
            for n, text in sorted(entry.msgstr_plural.items()):
                source = entry.msgid if n == 0 else entry.msgid_plural
                texts.append(Text(where, f"„{_short(entry.msgid)}“ [{n}]", source, text))
        else:
            texts.append(Text(where, f"„{_short(entry.msgid)}“", entry.msgid, entry.msgstr))
    return texts


def _front_matter(text: str) -> tuple[dict, str]:
    """The `key: value` lines between the `---` lines, and the body."""
    if not text.startswith("---\n"):
        return {}, text
    head, _sep, body = text[4:].partition("\n---\n")
    fields = {}
    for line in head.splitlines():
        key, sep, value = line.partition(":")
        if sep:
            fields[key.strip()] = value.strip()
    return fields, body


def markdown_texts(root: Path, folder: Path, lang: str) -> list[Text]:
    """Pages and demo offers: `<slug>.md` in German, `<slug>.<lang>.md` translated."""
    texts = []
    for path in sorted((root / folder).glob(f"*.{lang}.md")):
        german_path = path.with_name(path.name.removesuffix(f".{lang}.md") + ".md")
        if not german_path.exists():
            continue
        german, german_body = _front_matter(german_path.read_text(encoding="utf-8"))
        translated, body = _front_matter(path.read_text(encoding="utf-8"))
        where = str(path.relative_to(root))
        for key, value in translated.items():
            if key in german:
                texts.append(Text(where, key, german[key], value))
        texts.append(Text(where, "text", german_body, body))
    return texts


def csv_texts(root: Path, lang: str) -> list[Text]:
    """Columns `<field>_de` and `<field>_<lang>` of the profile's and the demo's CSV files."""
    texts = []
    for path in sorted((root / PROFILE).rglob("*.csv")):
        with path.open(encoding="utf-8-sig", newline="") as f:
            reader = csv.DictReader(f)
            columns = reader.fieldnames or []
            pairs = [
                (c, c.removesuffix("_de") + f"_{lang}")
                for c in columns
                if c.endswith("_de") and c.removesuffix("_de") + f"_{lang}" in columns
            ]
            if not pairs:
                continue
            where = str(path.relative_to(root))
            for line, row in enumerate(reader, start=2):
                key = row.get(columns[0], "")
                for german, translated in pairs:
                    entry = f"line {line} ({key}), {translated}"
                    texts.append(Text(where, entry, row[german] or "", row[translated] or ""))
    return texts


def profile_texts(root: Path, lang: str) -> list[Text]:
    path = root / PROFILE / "profile.toml"
    portal = tomllib.loads(path.read_text(encoding="utf-8")).get("portal", {})
    translated = portal.get(lang, {})
    where = str(path.relative_to(root))
    return [
        Text(where, f"[portal.{lang}] {key}", portal[key], value)
        for key, value in translated.items()
        if isinstance(portal.get(key), str)
    ]


def texts_in(root: Path, lang: str) -> list[Text]:
    return [
        *catalogue_texts(root, lang),
        *markdown_texts(root, PROFILE / "pages", lang),
        *markdown_texts(root, PROFILE / "demo" / "offers", lang),
        *csv_texts(root, lang),
        *profile_texts(root, lang),
    ]


def german_texts(root: Path) -> list[Text]:
    """Every German text: message ids, pages and demo offers, German profile columns."""
    catalogue = root / "locale" / "en" / "LC_MESSAGES" / "django.po"
    texts = [
        Text("message ids (locale/*/django.po)", f"„{_short(text)}“", text, "")
        for entry in polib.pofile(str(catalogue))
        for text in filter(None, (entry.msgid, entry.msgid_plural))
    ]
    for folder in (PROFILE / "pages", PROFILE / "demo" / "offers"):
        texts += [
            Text(str(path.relative_to(root)), "text", path.read_text(encoding="utf-8"), "")
            for path in sorted((root / folder).glob("*.md"))
            if path.name.count(".") == 1  # German: <slug>.md
        ]
    for path in sorted((root / PROFILE).rglob("*.csv")):
        texts += _german_columns(root, path)
    portal = tomllib.loads((root / PROFILE / "profile.toml").read_text(encoding="utf-8"))
    texts += [
        Text(str(PROFILE / "profile.toml"), f"[portal] {key}", value, "")
        for key, value in portal.get("portal", {}).items()
        if isinstance(value, str)
    ]
    return texts


def _german_columns(root: Path, path: Path) -> list[Text]:
    with path.open(encoding="utf-8-sig", newline="") as f:
        reader = csv.DictReader(f)
        columns = [c for c in reader.fieldnames or [] if c.endswith("_de")]
        where = str(path.relative_to(root))
        return [
            Text(where, f"line {line}, {column}", row[column] or "", "")
            for line, row in enumerate(reader, start=2)
            for column in columns
        ]


def problems_in(texts: list[Text], terms: list[Term]) -> list[str]:
    problems = []
    for text in texts:
        if not text.translated.strip():
            continue  # not translated: the German text is shown
        lowered = _folded(text.translated)
        for term in terms:
            if not term.in_german(_without(text.german, term.exceptions)):
                continue
            wrong = [v for v in term.avoid if _folded(v) in lowered]
            if wrong:
                problems.append(
                    f"{text.where}, {text.entry}: „{term.de}“ is rendered „{wrong[0]}“, "
                    f"which the glossary forbids; use {' or '.join(term.use)}"
                )
            elif term.use and not any(_folded(r) in lowered for r in term.use):
                problems.append(
                    f"{text.where}, {text.entry}: „{term.de}“ needs "
                    f"{' or '.join(f'„{r}“' for r in term.use)}"
                )
    return problems


def german_problems(texts: list[Text], terms: list[Term]) -> list[str]:
    problems = []
    for text in texts:
        for term in terms:
            german = _without(text.german, term.exceptions)
            found = [m for v in term.avoid if (m := _german(v, r"\w*").search(german))]
            if found:
                problems.append(
                    f"{text.where}, {text.entry}: „{found[0].group()}“ is forbidden by the "
                    f"German glossary; write „{term.de}“"
                )
    return problems


def check(root: Path, languages: list[str]) -> list[str]:
    folder = root / "docs" / "glossary"
    problems = []
    if "de" in languages:
        problems += german_problems(german_texts(root), load_glossary(folder / "de.toml"))
    for lang in languages:
        if lang == "de":
            continue
        path = folder / f"{lang}.toml"
        if not path.exists():
            problems.append(f"{path.relative_to(root)} is missing")
            continue
        problems += problems_in(texts_in(root, lang), load_glossary(path))
    return problems


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=Path(__file__).resolve().parent.parent)
    parser.add_argument("--lang", action="append", choices=["de", *LANGUAGES])
    args = parser.parse_args(argv)
    languages = args.lang or ["de", *LANGUAGES]
    problems = check(args.root.resolve(), languages)
    for problem in problems:
        print(problem)
    if problems:
        print(f"{len(problems)} glossary problem(s).")
        return 1
    print(f"Glossary kept in {len(languages)} languages.")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
