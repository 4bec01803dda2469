"""Browser tests: a real gunicorn serving a freshly prepared SQLite database, driven by
Debian's Chromium through Playwright (no browser download)."""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

# Playwright runs an event loop in this thread; Django refuses ORM calls there otherwise.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
LANGUAGES = ["de", "en", "ar", "fa", "uk", "ru", "tr"]


@pytest.fixture(scope="session")
def portal_url(served_portal):
    """What visitors get: the demo portal with production settings, as `make serve` runs it."""
    return served_portal


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    executable = shutil.which("chromium")
    if not executable:
        pytest.fail("Debian's chromium is not installed: run `make browser`")
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def phone(browser):
    context = browser.new_context(
        viewport={"width": 390, "height": 844},
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
    )
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture(scope="session")
def axe_source():
    return (ROOT / "tests" / "assets" / "axe.min.js").read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def artifacts():
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


@pytest.fixture(scope="session")
def demo_accounts(served):
    """The demo accounts (load_demo in debug mode prints their authenticator keys)."""
    env = {**served.env, "DJANGO_DEBUG": "true", "SITE_URL": served.url}
    out = subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "load_demo"],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return dict(re.findall(r"(demo-[a-z]+@example\.org)\s+\S+\s+Schlüssel ([A-Z2-7]+)", out))
