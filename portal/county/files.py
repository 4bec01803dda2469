"""Reading the files of a profile folder: CSV, TOML and Markdown with a front matter.

Every value keeps the line it came from, so that an error can name file, line and field.
Reading never raises for bad content: problems are collected in `Errors`.
"""

import csv
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError

from portal.core.text import validate_plain_text


@dataclass(frozen=True)
class ProfileError:
    file: str
    line: int
    field: str
    message: str

    def __str__(self):
        where = f"{self.file}, Zeile {self.line}" if self.line else self.file
        return f"{where}, Feld „{self.field}“: {self.message}"


class ProfileInvalid(Exception):
    def __init__(self, errors: list[ProfileError]):
        self.errors = errors
        super().__init__("\n".join(str(e) for e in errors))


class Errors(list):
    def add(self, file: str, line: int, fieldname: str, message: str) -> None:
        error = ProfileError(file, line, fieldname, str(message))
        if error not in self:  # e.g. a model field and its German column say the same
            self.append(error)


@dataclass
class Row:
    """One record as read from a file: its values by column and where each came from."""

    file: str
    line: int
    values: dict[str, str]
    lines: dict[str, int] = field(default_factory=dict)  # column -> line, where it differs

    def line_of(self, column: str) -> int:
        return self.lines.get(column, self.line)


def _has_control_characters(errors: Errors, file: str, lines: dict, values: dict) -> bool:
    found = False
    for column, value in values.items():
        try:
            validate_plain_text(value)
        except ValidationError as exc:
            errors.add(file, lines.get(column, 0), column, exc.messages[0])
            found = True
    return found


def read_csv(folder: Path, name: str, errors: Errors, required: list[str]) -> list[Row]:
    path = folder / name
    if not path.exists():
        errors.add(name, 0, "-", "Die Datei fehlt.")
        return []
    rows, line = [], 0
    try:
        # utf-8-sig: spreadsheet programs put a byte-order mark before the header.
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            missing = [c for c in required if c not in (reader.fieldnames or [])]
            if missing:
                errors.add(name, 1, ", ".join(missing), "Diese Spalte fehlt im Kopf.")
                return []
            for raw in reader:
                line = reader.line_num
                if None in raw:
                    errors.add(name, line, "-", "Die Zeile hat zu viele Spalten.")
                    continue
                values = {k: (v or "").strip() for k, v in raw.items()}
                lines = dict.fromkeys(values, line)
                if not _has_control_characters(errors, name, lines, values):
                    rows.append(Row(name, line, values))
    except UnicodeDecodeError as exc:
        errors.add(name, 0, "-", f"Die Datei ist nicht in UTF-8 gespeichert ({exc.reason}).")
    except csv.Error as exc:
        errors.add(name, line + 1, "-", f"Die Zeile ist kein gültiges CSV ({exc}).")
    return rows


def read_markdown(path: Path, name: str, errors: Errors) -> Row | None:
    """A file with a front matter of `key: value` lines between `---` lines, then Markdown.
    The Markdown is the value `body`."""
    try:
        lines = path.read_text(encoding="utf-8-sig").splitlines()
    except UnicodeDecodeError:
        errors.add(name, 0, "-", "Die Datei ist nicht in UTF-8 gespeichert.")
        return None
    if not lines or lines[0].strip() != "---" or "---" not in (s.strip() for s in lines[1:]):
        errors.add(name, 1, "-", "Die Datei beginnt nicht mit einem Kopf zwischen --- Zeilen.")
        return None
    end = next(i for i in range(1, len(lines)) if lines[i].strip() == "---")
    values, where = {}, {"body": end + 2}
    for number, text in enumerate(lines[1:end], start=2):
        key, sep, value = text.partition(":")
        if not sep or not key.strip():
            errors.add(name, number, "-", "Erwartet wird „name: Wert“.")
            continue
        values[key.strip()] = value.strip()
        where[key.strip()] = number
    values["body"] = "\n".join(lines[end + 1 :]).strip() + "\n"
    if _has_control_characters(errors, name, where, values):
        return None
    return Row(name, 2, values, where)


def read_markdown_folder(folder: Path, label: str, errors: Errors, languages: list[str]):
    """The `<slug>.md` files of a folder and their translations `<slug>.<lang>.md`: a dict
    slug -> Row, and a list of (slug, lang, Row). A translation in another language or
    without its German file is reported."""
    if not folder.is_dir():
        errors.add(f"{label}/", 0, "-", "Der Ordner fehlt.")
        return {}, []
    sources, translations = {}, []
    paths = sorted(folder.glob("*.md"))
    slugs = {path.stem for path in paths}
    for path in paths:
        name = f"{label}/{path.name}"
        slug, _dot, lang = path.stem.partition(".")
        if lang and lang not in languages:
            message = (
                "Erwartet wird <kurzname>.md oder <kurzname>.<sprache>.md "
                f"mit einer der Sprachen {', '.join(languages)}."
            )
            errors.add(name, 0, "Dateiname", message)
        elif lang and slug not in slugs:
            errors.add(name, 0, "Dateiname", f"Zur Übersetzung fehlt die Datei {slug}.md.")
        elif (row := read_markdown(path, name, errors)) is not None:
            if lang:
                translations.append((slug, lang, row))
            else:
                sources[slug] = row
    return sources, translations


_TABLE = re.compile(r"^\s*\[([^\[\]]+)\]\s*(#.*)?$")
_KEY = re.compile(r"^\s*([A-Za-z0-9_-]+)\s*=")


def read_toml(folder: Path, name: str, errors: Errors) -> tuple[dict, dict]:
    """The parsed document and, for every `table.key`, the line it stands on."""
    path = folder / name
    try:
        text = path.read_text(encoding="utf-8-sig")
        document = tomllib.loads(text)
    except FileNotFoundError:
        errors.add(name, 0, "-", "Die Datei fehlt.")
        return {}, {}
    except UnicodeDecodeError:
        errors.add(name, 0, "-", "Die Datei ist nicht in UTF-8 gespeichert.")
        return {}, {}
    except tomllib.TOMLDecodeError as exc:
        line = int(m[1]) if (m := re.search(r"line (\d+)", str(exc))) else 0
        errors.add(name, line, "-", f"Kein gültiges TOML: {exc}")
        return {}, {}
    lines, table = {}, ""
    for number, line in enumerate(text.splitlines(), start=1):
        if match := _TABLE.match(line):
            table = match[1].strip()
            lines.setdefault(table, number)
        elif match := _KEY.match(line):
            lines[f"{table}.{match[1]}" if table else match[1]] = number
    return document, lines


def split_list(value: str) -> list[str]:
    """A cell holding several values, separated by semicolons."""
    return [part.strip() for part in value.split(";") if part.strip()]
