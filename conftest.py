"""Shared test setup: the county profile is loaded once per test database. Tests build the
data they assert on themselves (portal.core.testing); the demo data is tested on its own."""

from dataclasses import dataclass

import pytest
from django.core.management import call_command

from portal.core.testing import TileServer, grey_tile, running_smtp_server, running_tile_server
from tools.portal_server import free_port, fresh_portal, serve_env


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        call_command("load_profile", verbosity=0)


@pytest.fixture(scope="session")
def tile_server():
    with running_tile_server(grey_tile()) as tiles:
        yield tiles


@dataclass
class Served:
    url: str
    env: dict  # the environment of the server, for management commands on its database
    tiles: TileServer


@pytest.fixture(scope="session")
def served(tmp_path_factory, tile_server):
    """The demo portal as `make serve` runs it (debug off, gunicorn, hashed and compressed
    static files), on a free port; shared by the browser tests and tests/test_serve.py."""
    folder = tmp_path_factory.mktemp("served-portal")
    env = {
        **serve_env(),
        "STATIC_ROOT": str(folder / "static"),
        "DJANGO_SECRET_KEY_FILE": str(folder / "secret_key"),
        "DATABASE_URL": f"sqlite:///{folder / 'portal.sqlite3'}",
        # Map tiles from the local stand-in: the tests never need the network.
        "MAP_TILE_URL": tile_server.url,
        "MAP_TILE_CACHE": str(folder / "tiles"),
    }
    with fresh_portal(folder, env, collectstatic=True) as url:
        yield Served(url, env, tile_server)


@pytest.fixture(scope="session")
def served_portal(served):
    return served.url


@pytest.fixture
def personas(db):
    from portal.core.testing import personas

    return personas()


@pytest.fixture(autouse=True)
def _test_settings(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    # Edits clear cached pages when their transaction commits, which a test's never does: the
    # page cache is off except in its own tests (portal/web/tests/test_page_cache.py).
    settings.PAGE_CACHE_SECONDS = 0


@pytest.fixture(autouse=True)
def _german_by_default():
    """reverse() outside a request uses the thread's language; a request can leave another."""
    from django.utils import translation

    translation.activate("de")
    yield
    translation.activate("de")


@pytest.fixture
def smtp_server(settings):
    with running_smtp_server(settings) as inbox:
        yield inbox


@pytest.fixture
def smtp_down(settings):
    """Django is configured to deliver to a port where no server listens."""
    port = free_port()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", port, 2
    return port
