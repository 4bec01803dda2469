"""What a revision changes, readable for a reviewer: old and new value per field, and for
texts the words that were removed and added."""

import difflib
import re
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from .editables import Editable


@dataclass
class FieldChange:
    label: str
    old: str
    new: str
    diff: SafeString  # the text with <del> and <ins> around changed words


def display(editable: Editable, name: str, value) -> str:
    """A stored value as a person reads it: names for references, labels for choices."""
    field = editable.model._meta.get_field(name)
    if value in (None, "", []):
        return ""
    if field.many_to_many or field.many_to_one:
        related = field.related_model.objects.filter(
            pk__in=value if field.many_to_many else [value]
        )
        return ", ".join(sorted(str(item) for item in related))
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return "ja" if value else "nein"
    return str(value)


def word_diff(old: str, new: str) -> SafeString:
    """`new`, with removed words in <del> and added ones in <ins>; everything escaped."""
    before, after = re.split(r"(\s+)", old), re.split(r"(\s+)", new)
    parts = []
    matcher = difflib.SequenceMatcher(a=before, b=after, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            parts.append(escape("".join(before[a1:a2])))
            continue
        if op in ("delete", "replace"):
            parts.append(f"<del>{escape(''.join(before[a1:a2]))}</del>")
        if op in ("insert", "replace"):
            parts.append(f"<ins>{escape(''.join(after[b1:b2]))}</ins>")
    return mark_safe("".join(parts))


def changes(editable: Editable, old: dict, new: dict) -> list[FieldChange]:
    """The fields whose value differs between `old` and `new` (revision data)."""
    result = []
    for name in editable.all_fields:
        if old.get(name) == new.get(name) or (not old.get(name) and not new.get(name)):
            continue
        before, after = (
            display(editable, name, old.get(name)),
            display(editable, name, new.get(name)),
        )
        result.append(FieldChange(editable.label(name), before, after, word_diff(before, after)))
    return result
