import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh_limits(settings):
    """Every test starts with no form sent (the rate limit counts in the cache) and may send a
    form at once (the minimum fill time has its own tests)."""
    settings.FORM_MIN_SECONDS = 0
    cache.clear()
    yield
    cache.clear()
