"""Schemathesis against the API's own OpenAPI document, in-process: for generated valid and
invalid parameters, no server error, every answer as documented (status, content type,
schema), bad parameters refused with 400."""

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from hypothesis import HealthCheck, settings

from config.wsgi import application

schema = schemathesis.openapi.from_wsgi("/api/hsds/openapi.json", application)


@pytest.fixture
def connection_kept():
    """As Django's test client does: the test's transaction keeps its connection open."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@schema.parametrize()
@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_the_api_keeps_its_openapi_document(case, directory, connection_kept):
    # The in-process client does not unpack compressed answers (the portal sends gzip).
    case.call_and_validate(headers={"Accept-Encoding": "identity"})
