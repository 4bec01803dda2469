"""Reading the files of a profile folder: CSV, TOML and Markdown with a front matter.

Every value keeps the line it came from, so that an error can name file, line and field.
Reading never raises for bad content: problems are collected in `Errors`.
"""

import csv
import io
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


def _text(path: Path, name: str, errors: Errors) -> str | None:
    """The file's text, or None with an error: missing, a folder, unreadable, not UTF-8."""
    if not path.is_file():
        errors.add(
            name, 0, "-", "Die Datei fehlt." if not path.exists() else "Das ist keine Datei."
        )
        return None
    try:
        # utf-8-sig: spreadsheet programs put a byte-order mark before the header.
        return path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        errors.add(name, 0, "-", f"Die Datei ist nicht in UTF-8 gespeichert ({exc.reason}).")
    except OSError as exc:
        errors.add(name, 0, "-", f"Die Datei kann nicht gelesen werden ({exc.strerror}).")
    return None


def read_csv(
    folder: Path, name: str, errors: Errors, required: list[str], allowed: set[str]
) -> list[Row]:
    """The rows of a CSV file with a header. Every `required` column must be there; a column
    not in `allowed` is reported (a misspelt column would otherwise be ignored, and emptied)."""
    text = _text(folder / name, name, errors)
    if text is None:
        return []
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [column.strip() for column in next(reader, [])]
        if not _header_fits(errors, name, header, required, allowed):
            return []
        rows = []
        line = reader.line_num + 1
        for cells in reader:
            row = _row(errors, name, line, header, cells)
            if row is not None:
                rows.append(row)
            line = reader.line_num + 1  # a quoted cell may span lines: a row starts here
        return rows
    except csv.Error as exc:
        errors.add(name, reader.line_num, "-", f"Die Zeile ist kein gültiges CSV ({exc}).")
        return []


def _header_fits(errors, name, header, required, allowed) -> bool:
    problems = []
    if missing := [c for c in required if c not in header]:
        problems.append((", ".join(missing), "Diese Spalte fehlt im Kopf."))
    if unknown := [c for c in header if c not in allowed]:
        problems.append((", ".join(unknown), "Unbekannte Spalte (ein Tippfehler?)."))
    if doubled := sorted({c for c in header if header.count(c) > 1}):
        problems.append((", ".join(doubled), "Diese Spalte steht mehrfach im Kopf."))
    for column, message in problems:
        errors.add(name, 1, column, message)
    return not problems


def _row(errors, name, line, header, cells) -> Row | None:
    if not any(cell.strip() for cell in cells):
        return None  # an empty line
    if len(cells) > len(header):
        errors.add(name, line, "-", "Die Zeile hat zu viele Spalten.")
        return None
    values = {column: (cell or "").strip() for column, cell in zip(header, cells, strict=False)}
    values.update(dict.fromkeys(header[len(cells) :], ""))
    if _has_control_characters(errors, name, dict.fromkeys(values, line), values):
        return None
    return Row(name, line, values)


def read_markdown(path: Path, name: str, errors: Errors) -> Row | None:
    """A file with a front matter of `key: value` lines between `---` lines, then Markdown.
    The Markdown is the value `body`."""
    text = _text(path, name, errors)
    if text is None:
        return None
    lines = text.splitlines()
    if not lines or lines[0].strip() != "---" or "---" not in (s.strip() for s in lines[1:]):
        errors.add(name, 1, "-", "Die Datei beginnt nicht mit einem Kopf zwischen --- Zeilen.")
        return None
    end = next(i for i in range(1, len(lines)) if lines[i].strip() == "---")
    values, where = {}, {"body": end + 2}
    for number, line in enumerate(lines[1:end], start=2):
        key, sep, value = line.partition(":")
        key = key.strip()
        if not sep or not key:
            errors.add(name, number, "-", "Erwartet wird „name: Wert“.")
        elif key in values:
            errors.add(name, number, key, f"Steht schon in Zeile {where[key]}.")
        else:
            values[key] = value.strip()
            where[key] = number
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


def read_toml(folder: Path, name: str, errors: Errors) -> tuple[dict | None, dict]:
    """The parsed document (None if it cannot be read) and, for every `table.key`, the line it
    stands on."""
    text = _text(folder / name, name, errors)
    if text is None:
        return None, {}
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        line = int(m[1]) if (m := re.search(r"line (\d+)", str(exc))) else 0
        errors.add(name, line, "-", f"Kein gültiges TOML: {exc}")
        return None, {}
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
