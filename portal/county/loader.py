"""Checking and writing records read from a profile or demo folder.

Records are matched with what the database holds by their natural key (AGS, slug, code, or
organisation and name). Each model is read once; a record whose values already match is not
written again, so loading the same files twice changes nothing.
"""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import models, transaction

from portal.content.models import Event, Page
from portal.core.translations import languages_written, mark_translated
from portal.directory.models import (
    AdministrativeUnit,
    Contact,
    Language,
    Location,
    Municipality,
    Offer,
    Organisation,
    OrganisationKind,
    TargetGroup,
    Topic,
)
from portal.search import documents as search_index
from portal.volunteering.models import Need

from .files import Errors, ProfileInvalid, Row
from .models import County

NATURAL_KEYS: dict[type[models.Model], tuple[str, ...]] = {
    County: ("key",),
    AdministrativeUnit: ("key",),
    Municipality: ("ags",),
    Language: ("code",),
    OrganisationKind: ("slug",),
    Topic: ("slug",),
    TargetGroup: ("slug",),
    Organisation: ("slug",),
    Page: ("slug",),
    Location: ("organisation", "name"),
    Contact: ("organisation", "name"),
    Offer: ("slug",),
    Event: ("slug",),
    Need: ("organisation", "title"),
}


def natural_key(obj: models.Model) -> tuple:
    """The natural key of a saved or unsaved object; a foreign key part is the natural key of
    the object it points to, e.g. ((\"helferkreis-ehingen\",), \"Koordination\")."""
    parts = []
    for name in NATURAL_KEYS[type(obj)]:
        value = getattr(obj, name)
        parts.append(natural_key(value) if isinstance(value, models.Model) else value)
    return tuple(parts)


@dataclass(frozen=True)
class Ref:
    model: type[models.Model]
    key: tuple

    def __str__(self):
        return "/".join(str(part[0] if isinstance(part, tuple) else part) for part in self.key)


@dataclass
class Record:
    model: type[models.Model]
    key: tuple
    values: dict
    row: Row
    columns: dict = field(default_factory=dict)  # model field -> column name, for errors
    refs: dict = field(default_factory=dict)  # foreign key -> Ref or None
    m2m: dict = field(default_factory=dict)  # many-to-many field -> [Ref]

    def where(self, fieldname: str) -> tuple[int, str]:
        column = self.columns.get(fieldname, fieldname)
        return self.row.line_of(column), column


@dataclass
class Stats:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    gone: list = field(default_factory=list)  # in the database, no longer in the files
    kept: list = field(default_factory=list)  # edited in the partner area: left as it is

    def __str__(self):
        text = f"{self.created} neu, {self.updated} geändert, {self.unchanged} unverändert"
        if self.kept:
            text += f"; im Partnerbereich bearbeitet, nicht überschrieben: {', '.join(self.kept)}"
        if self.gone:
            text += f"; nicht mehr in den Dateien: {', '.join(self.gone)}"
        return text


class Index:
    """What the database holds, read once per model, by natural key."""

    def __init__(self, records: list[Record]):
        self._m2m: dict = {}
        for record in records:
            self._m2m.setdefault(record.model, set()).update(record.m2m)
        self._objects: dict = {}

    def objects(self, model) -> dict:
        if model not in self._objects:
            queryset = model.objects.all()
            related = [n for n in NATURAL_KEYS[model] if model._meta.get_field(n).is_relation]
            if related:
                queryset = queryset.select_related(*related)
            if self._m2m.get(model):
                queryset = queryset.prefetch_related(*sorted(self._m2m[model]))
            self._objects[model] = {natural_key(obj): obj for obj in queryset}
        return self._objects[model]

    def get(self, ref: Ref | None):
        return None if ref is None else self.objects(ref.model).get(ref.key)

    def add(self, obj) -> None:
        self.objects(type(obj))[natural_key(obj)] = obj


def check(records: list[Record], index: Index, errors: Errors) -> None:
    """Find everything the database would refuse, before anything is written."""
    planned: dict = {}
    for record in records:
        keys = planned.setdefault(record.model, set())
        if record.key in keys:
            line, column = record.where(NATURAL_KEYS[record.model][-1])
            errors.add(record.row.file, line, column, f"„{record.key[-1]}“ kommt mehrfach vor.")
        keys.add(record.key)
    _check_references(records, index, planned, errors)
    _check_unique_values(records, index, errors)
    for record in records:
        _check_fields(record, errors)


def _check_references(records, index, planned, errors):
    for record in records:
        targets = [(name, ref) for name, ref in record.refs.items() if ref is not None]
        targets += [(name, ref) for name, refs in record.m2m.items() for ref in refs]
        for name, ref in targets:
            if ref.key not in planned.get(ref.model, ()) and index.get(ref) is None:
                line, column = record.where(name)
                errors.add(
                    record.row.file,
                    line,
                    column,
                    f"Es gibt keinen Eintrag „{ref}“ unter "
                    f"„{ref.model._meta.verbose_name_plural}“.",
                )


def _check_unique_values(records, index, errors):
    """A unique value (a slug, a key) may belong to one record only, here or in the database."""
    owners: dict = {}
    for model in {r.model for r in records}:
        for obj in index.objects(model).values():
            for name in _unique_fields(model):
                owners[(model, name, getattr(obj, name))] = natural_key(obj)
    claimed: dict = {}
    for record in records:
        for name in _unique_fields(record.model):
            value = record.values.get(name)
            if value in ("", None):
                continue
            marker = (record.model, name, value)
            owner = claimed.get(marker, owners.get(marker, record.key))
            if owner != record.key:
                line, column = record.where(name)
                errors.add(
                    record.row.file,
                    line,
                    column,
                    f"„{value}“ kommt mehrfach vor, muss aber eindeutig sein.",
                )
            claimed[marker] = record.key


def _unique_fields(model) -> list[str]:
    return [
        f.name
        for f in model._meta.concrete_fields
        if f.unique and not f.primary_key and f.name != "uuid"
    ]


def _check_fields(record: Record, errors: Errors) -> None:
    instance = record.model(**record.values)
    exclude = [*record.refs, *record.m2m, "uuid"]
    try:
        instance.clean_fields(exclude=exclude)
    except ValidationError as exc:
        for name, messages in exc.message_dict.items():
            line, column = record.where(name)
            for message in messages:
                errors.add(record.row.file, line, column, message)


def write(records: list[Record], errors: Errors, owned=()) -> dict[str, Stats]:
    """Check all records, then write them in one transaction. Raises ProfileInvalid (and
    writes nothing) if any record is wrong. Of the `owned` models (those the files describe
    completely) entries the files no longer have are reported; pages are unpublished."""
    index = Index(records)
    check(records, index, errors)
    if errors:
        raise ProfileInvalid(list(errors))
    stats: dict[str, Stats] = {}
    with transaction.atomic(), search_index.deferred():  # each touched document once, at the end
        for record in records:
            counter = stats_of(stats, record.model)
            existing = index.get(Ref(record.model, record.key))
            if getattr(existing, "edited_in_portal", False):
                counter.kept.append(str(Ref(record.model, record.key)))
                continue
            outcome = _upsert(record, index)
            setattr(counter, outcome, getattr(counter, outcome) + 1)
        for model in owned:
            _retire(
                model, {r.key for r in records if r.model is model}, index, stats_of(stats, model)
            )
    return stats


def stats_of(stats: dict, model) -> Stats:
    return stats.setdefault(str(model._meta.verbose_name_plural), Stats())


def _retire(model, kept: set, index: Index, counter: Stats) -> None:
    for key, obj in sorted(index.objects(model).items()):
        if key in kept:
            continue
        if getattr(obj, "edited_in_portal", False):
            continue  # created or taken over in the partner area: not the files' business
        counter.gone.append(str(Ref(model, key)))
        if isinstance(obj, Page) and obj.is_published:
            obj.is_published = False
            obj.save(update_fields=["is_published", "updated_at"])
            counter.updated += 1


def _upsert(record: Record, index: Index) -> str:
    refs = {name: index.get(ref) for name, ref in record.refs.items()}
    obj = index.get(Ref(record.model, record.key))
    if obj is None:
        obj = record.model(**record.values, **refs)
        _mark_translations(obj, record.values, new=True)
        obj.save()
        index.add(obj)
        _set_m2m(obj, record, index, new=True)
        return "created"
    changed = [name for name, value in record.values.items() if getattr(obj, name) != value]
    changed += [
        name
        for name, target in refs.items()
        if getattr(obj, f"{name}_id") != (target.pk if target else None)
    ]
    for name in changed:
        setattr(obj, name, record.values[name] if name in record.values else refs[name])
    if changed:
        update = [*changed, *_mark_translations(obj, changed, new=False)]
        if any(f.name == "updated_at" for f in obj._meta.concrete_fields):
            update.append("updated_at")
        obj.save(update_fields=update)
    m2m_changed = _set_m2m(obj, record, index, new=False)
    return "updated" if changed or m2m_changed else "unchanged"


def _mark_translations(obj, changed, new: bool) -> list[str]:
    """The translated fields this load writes match their German text now; a field whose
    translation the files leave as it was stays outdated when its German text changed."""
    if not hasattr(obj, "translation_sources"):
        return []
    languages = languages_written(obj, changed)
    for lang in languages:
        fields = [name for name in obj.translated_fields() if f"{name}_{lang}" in changed]
        mark_translated(obj, lang, None if new else fields)
    return ["translation_sources"] if languages else []


def _set_m2m(obj, record: Record, index: Index, new: bool) -> bool:
    changed = False
    for name, refs in record.m2m.items():
        targets = [index.get(ref) for ref in refs]
        wanted = {target.pk for target in targets}
        if new or {o.pk for o in getattr(obj, name).all()} != wanted:
            if wanted or not new:
                getattr(obj, name).set(targets)
            changed = True
    return changed
