"""The few rows nearly every page shows (the county's names and office, the topics, the
municipalities of the pickers, the languages and target groups of the filters, the welcome
text), read once per process and kept until one of them changes.

A change of such a row sets a new token in `ReferenceVersion`, in the transaction of the
change: every process sees it once the change is committed, and a change rolled back leaves
the old token. A request reads the token once (one row by its key, without the ORM: some
20 µs instead of building queries for the rows themselves), at its first use, and again after
a change it makes itself; outside a request every use reads it. What is kept is built anew
when the token differs. Without the row (a database emptied by a test) nothing is kept.

The surfaces decide which models count as reference data and connect `changed` to their
signals. What is kept is shared by every request of the process: it is read, never changed.
"""

import threading
import uuid

from django.core.signals import request_finished, request_started
from django.db import connection

from .models import ReferenceVersion

_kept: dict[tuple, tuple] = {}
_request = threading.local()  # the token as this thread's request read it
_SQL = f"SELECT token FROM {ReferenceVersion._meta.db_table} WHERE id = 1"  # noqa: S608 (no input)


def _started(**kwargs) -> None:
    _request.active, _request.token = True, None


def _finished(**kwargs) -> None:
    _request.active, _request.token = False, None


request_started.connect(_started, dispatch_uid="reference-started")
request_finished.connect(_finished, dispatch_uid="reference-finished")


def token() -> str:
    """The current token ("" without the row): read once per request."""
    if not getattr(_request, "active", False):
        return _read()
    if _request.token is None:
        _request.token = _read()
    return _request.token


def _read() -> str:
    with connection.cursor() as cursor:
        cursor.execute(_SQL)
        row = cursor.fetchone()
    return row[0] if row else ""


def changed(**kwargs) -> None:
    """Reference data changed (a signal receiver: arguments are ignored)."""
    value = uuid.uuid4().hex
    if not ReferenceVersion.objects.filter(pk=1).update(token=value):
        ReferenceVersion.objects.update_or_create(pk=1, defaults={"token": value})
    _request.token = None  # this request reads it anew


def kept(name: str, build):
    """What `build()` returns, built once per process and token; `name` says what it is (with
    the language, if the result depends on it)."""
    now = token()
    if not now:
        return build()
    key = (connection.alias, name)
    entry = _kept.get(key)
    if entry is not None and entry[0] == now:
        return entry[1]
    value = build()
    _kept[key] = (now, value)
    return value
