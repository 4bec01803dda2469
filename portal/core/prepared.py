"""ORM queries built and compiled to SQL once per process, then run with new values.

Building a query with the ORM (filters, joins, annotations) and compiling it to SQL costs far
more Python than running it: the offer page's query of an offer with its organisation took
some 2.2 ms to build and compile and 0.3 ms to run. The public pages
run the same few queries on every request with different values (a town, an offer, the
time). A `prepared` function is such a query, written with the ORM as ever:

    @prepared
    def town_contacts(town):
        return Contact.objects.filter(municipalities=town).values("pk", "name")

    town_contacts(town=municipality.pk)  # the rows, as the values() query gives them

The first call in each language (modeltranslation turns a translated field into the column of
the active language) builds the query with stand-ins for the values, compiles it and keeps the
SQL; where a stand-in appears among the SQL parameters, each later call puts its value. The
rows are converted as Django converts them (booleans, dates). The function must return a
query of model objects (with `select_related`, without `prefetch_related`) or a `values()` or
`values_list()` query (`raw_values()` of modeltranslation too) whose SQL depends
only on the language and on which values are None: a value may be an integer (an id), a text,
a date, a date and time, None, or a list of integers (for `__in`; an empty list gives no
rows, as Django gives none for `pk__in=[]`, so use one only where no row can match without
it). Nothing else may vary between calls: a query that reads the clock takes the time as a
value.
"""

import datetime
import functools
from collections.abc import Callable

from django.db import connections
from django.db.models.query import (
    FlatValuesListIterable,
    ModelIterable,
    ValuesIterable,
    ValuesListIterable,
    get_related_populators,
)
from django.utils import translation

PLACEHOLDER = "%s"


class Unpreparable(TypeError):
    """The query cannot be kept as SQL (a value changed on its way into it, or is missing)."""


class _Compiled:
    """The SQL of one query in one language, split where its parameters go."""

    def __init__(self, queryset, names: list, stand_ins: dict):
        compiler = queryset.query.get_compiler(using=queryset.db)
        self.sql, params = compiler.as_sql()
        self.alias = queryset.db
        self.pieces = self.sql.split(PLACEHOLDER)
        if len(self.pieces) != len(params) + 1:
            raise Unpreparable("the SQL holds a placeholder that is not a parameter")
        ops = connections[self.alias].ops
        self.slots = _slots(params, stand_ins, ops)
        self.lists = any(kind == "list" for kind, _what in self.slots)
        self.adapt = {}
        for name, value in stand_ins.items():
            if isinstance(value, datetime.datetime):
                self.adapt[name] = ops.adapt_datetimefield_value
            elif isinstance(value, datetime.date):
                self.adapt[name] = ops.adapt_datefield_value
        self.iterable = queryset._iterable_class
        self.names = names
        self.sliced = queryset.query.is_sliced
        if self.iterable is ModelIterable:  # as ModelIterable builds the objects
            info = compiler.klass_info
            self.model = info["model"]
            self.model_columns = (info["select_fields"][0], info["select_fields"][-1] + 1)
            start, end = self.model_columns
            self.init_list = [f[0].target.attname for f in compiler.select[start:end]]
            self.related = get_related_populators(info, compiler.select, self.alias)
            self.annotations = compiler.annotation_col_map
        self.col_count = compiler.col_count if compiler.has_extra_select else None
        fields = [s[0] for s in compiler.select[0 : compiler.col_count]]
        self.converters = compiler.get_converters(fields)
        self.compiler = compiler

    def _statement(self, values: dict) -> tuple[str, list]:
        """The SQL and parameters for these values (a list's placeholders as many as it has
        values)."""
        params = []
        for kind, what in self.slots:
            if kind == "constant":
                params.append(what)
            elif kind == "value":
                value = values[what]
                params.append(self.adapt[what](value) if what in self.adapt else value)
            elif kind == "list":
                params += values[what]
        if not self.lists:
            return self.sql, params
        sql = [self.pieces[0]]
        for (kind, what), piece in zip(self.slots, self.pieces[1:], strict=True):
            if kind == "list":  # the piece after it separates the two stand-ins: left out
                sql.append(", ".join([PLACEHOLDER] * len(values[what])))
                continue
            if kind != "skip":
                sql.append(PLACEHOLDER)
            sql.append(piece)
        return "".join(sql), params

    def count(self, values: dict) -> int:
        sql, params = self._statement(values)
        with connections[self.alias].cursor() as cursor:
            cursor.execute(f"SELECT COUNT(*) FROM ({sql}) counted", params)  # noqa: S608
            return cursor.fetchone()[0]

    def run(self, values: dict, window: tuple[int, int] | None = None) -> list:
        sql, params = self._statement(values)
        if window is not None:
            if self.sliced:
                raise Unpreparable("a sliced query takes no window")
            offset, limit = (int(x) for x in window)
            sql = f"{sql} LIMIT {limit} OFFSET {offset}"
        with connections[self.alias].cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        if self.col_count is not None:
            rows = [row[: self.col_count] for row in rows]
        if self.converters:
            rows = self.compiler.apply_converters(rows, self.converters)
        if self.iterable is ModelIterable:
            return [self._object(row) for row in rows]
        if self.iterable is ValuesIterable:
            names = self.names
            return [dict(zip(names, row, strict=False)) for row in rows]
        if self.iterable is FlatValuesListIterable:
            return [row[0] for row in rows]
        return [tuple(row) for row in rows]

    def _object(self, row):
        start, end = self.model_columns
        obj = self.model.from_db(self.alias, self.init_list, row[start:end])
        for populator in self.related:  # select_related
            populator.populate(row, obj)
        for name, column in (self.annotations or {}).items():
            setattr(obj, name, row[column])
        return obj


def _slots(params, stand_ins: dict, ops) -> list[tuple]:
    """What each parameter is: ("value", name) for a value, ("list", name) for the first of
    a list's two stand-ins and ("skip", None) for the second, or ("constant", value)."""
    slots, found, index = [], set(), 0
    while index < len(params):
        name = _which(params[index], stand_ins, ops)
        if name is None:
            slots.append(("constant", params[index]))
            index += 1
            continue
        stand_in = stand_ins[name]
        if isinstance(stand_in, list):
            if list(params[index : index + len(stand_in)]) != stand_in:
                raise Unpreparable(f"{name}: the list is not kept as it was given")
            slots += [("list", name), ("skip", None)]
            index += len(stand_in)
        else:
            slots.append(("value", name))
            index += 1
        found.add(name)
    missing = set(stand_ins) - found
    if missing:
        raise Unpreparable(f"not among the parameters: {', '.join(sorted(missing))}")
    texts = [x for x in stand_ins.values() if isinstance(x, str)]
    for param in params:
        if isinstance(param, str) and any(x in param and x != param for x in texts):
            raise Unpreparable("a text value is changed on its way into the SQL")
    return slots


def _which(param, stand_ins: dict, ops) -> str | None:
    """The name of the value whose stand-in this parameter is, if any."""
    for name, stand_in in stand_ins.items():
        if isinstance(stand_in, list):
            found = type(param) is int and param == stand_in[0]
        elif isinstance(stand_in, datetime.datetime):  # as the database adapter takes it
            found = param in (stand_in, ops.adapt_datetimefield_value(stand_in))
        elif isinstance(stand_in, datetime.date):
            found = param in (stand_in, ops.adapt_datefield_value(stand_in))
        else:
            found = type(param) is type(stand_in) and param == stand_in
        if found:
            return name
    return None


def _stand_in(number: int, value):
    """A value no query holds by itself, of the same kind as `value`."""
    if value is None or isinstance(value, bool):
        raise Unpreparable("None and booleans are not values (they change the SQL)")
    if isinstance(value, int):
        return 7_340_032_000_000 + number * 100
    if isinstance(value, str):
        return f"\u27e8prepared value {number}\u27e9"
    if isinstance(value, datetime.datetime):
        return datetime.datetime(1901, 2, 3, 4, 5, 6, 7000 + number, tzinfo=datetime.UTC)
    if isinstance(value, datetime.date):
        return datetime.date(1901, 3, 1) + datetime.timedelta(days=number)
    if isinstance(value, list | tuple) and all(type(x) is int for x in value):
        base = 7_350_032_000_000 + number * 100
        return [base, base + 1]
    raise Unpreparable(f"not a value a prepared query takes: {type(value).__name__}")


def prepared(build: Callable) -> Callable[..., list]:
    """`build`, a function of keyword values returning a values query, as a function of the
    same values returning its rows (a list), compiled once per language and process.

    `window=(offset, limit)` gives only those rows (LIMIT and OFFSET, for a query that is not
    sliced itself); `.count(**values)` counts the rows, `.pages(**values)` is what Django's
    Paginator takes."""
    kept: dict[tuple, _Compiled] = {}

    def compiled_for(values: dict) -> _Compiled | None:
        """The compiled query for these values (checked and made what the SQL takes, in
        place); None for an empty list (no rows)."""
        nones = tuple(sorted(name for name, value in values.items() if value is None))
        key = (translation.get_language(), nones)
        compiled = kept.get(key)
        if compiled is None:
            given = {name: value for name, value in values.items() if value is not None}
            stand_ins = {
                name: _stand_in(number, value) for number, (name, value) in enumerate(given.items())
            }
            compiled = kept[key] = _compile(build(**stand_ins, **dict.fromkeys(nones)), stand_ins)
        for name, value in values.items():
            if isinstance(value, list | tuple):
                if not value:
                    return None
                values[name] = [int(x) for x in value]
            elif value is not None:
                _stand_in(0, value)  # the same checks as the first time
        return compiled

    @functools.wraps(build)
    def rows(window: tuple[int, int] | None = None, **values) -> list:
        compiled = compiled_for(values)
        if compiled is None:
            return []
        return compiled.run(values, window)

    def count(**values) -> int:
        compiled = compiled_for(values)
        return 0 if compiled is None else compiled.count(values)

    rows.count = count
    rows.pages = lambda **values: _Pages(rows, values)
    return rows


class _Pages:
    """A prepared query as Django's Paginator takes it: counted, and sliced in SQL."""

    def __init__(self, rows, values: dict):
        self.rows, self.values = rows, values

    def count(self) -> int:
        return self.rows.count(**self.values)

    def __getitem__(self, window: slice) -> list:
        start = window.start or 0
        return self.rows(window=(start, window.stop - start), **self.values)


def _compile(queryset, stand_ins: dict) -> _Compiled:
    if queryset._iterable_class not in (
        ModelIterable,
        ValuesIterable,
        ValuesListIterable,
        FlatValuesListIterable,
    ):
        raise Unpreparable(
            "a prepared query gives objects or is a values() or values_list() query"
            " (with modeltranslation: raw_values(), or rewrite(False) before values_list())"
        )
    if queryset._prefetch_related_lookups or queryset._known_related_objects:
        raise Unpreparable("a prepared query prefetches nothing and is not a relation's")
    query = queryset.query
    names = list(query.selected or ()) or [
        *query.extra_select,
        *query.values_select,
        *query.annotation_select,
    ]
    return _Compiled(queryset, names, stand_ins)
