"""The links of many-to-many relations (an offer's topics, languages, towns …) read in one
statement for several relations at once, without building a query per relation: building
the ORM's UNION of four relations took more Python than the rest of an offer page's data, and
these links are read on every list and detail page."""

from collections.abc import Iterable, Iterator

from django.db import connection
from django.db.models import Model


def m2m_links(model: type[Model], names: Iterable[str], ids: list) -> Iterator[tuple]:
    """(relation name, owner id, target id) for every link of these many-to-many fields of
    `model` (by name, e.g. "topics") from the objects with these ids, in no particular
    order."""
    ids = [int(pk) for pk in ids]  # the ids are parameters; int() keeps out anything else
    names = list(names)
    if not ids or not names:
        return
    quote = connection.ops.quote_name
    marks = ", ".join(["%s"] * len(ids))
    parts, params = [], []
    for number, name in enumerate(names):
        field = model._meta.get_field(name)
        table = field.remote_field.through._meta.db_table
        owner, target = field.m2m_column_name(), field.m2m_reverse_name()
        # Names from the models' metadata, quoted; the values are parameters.
        select = f"SELECT {number}, {quote(owner)}, {quote(target)} FROM {quote(table)} "  # noqa: S608
        parts.append(select + f"WHERE {quote(owner)} IN ({marks})")
        params += ids
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts), params)
        for number, owner_id, target_id in cursor.fetchall():
            yield names[number], owner_id, target_id
