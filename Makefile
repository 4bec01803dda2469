# Two commands on a fresh machine: `make run` and `make test`.
SHELL := /bin/bash
export UV_PYTHON_DOWNLOADS := never
PYTHON ?= python3.11
UV := $(shell command -v uv 2>/dev/null || echo .tools/bin/uv)
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install compile-messages gettext browser run serve demo db test test-fast test-browser lint fmt messages check-messages bench clean

.tools/bin/uv:
	$(PYTHON) -m venv .tools
	.tools/bin/pip install --quiet uv

$(VENV)/.installed: pyproject.toml uv.lock | $(UV)
	$(UV) sync --frozen --no-dev --quiet
	touch $@

$(VENV)/.installed-dev: pyproject.toml uv.lock | $(UV)
	$(UV) sync --frozen --quiet
	touch $(VENV)/.installed $@

install: $(VENV)/.installed-dev

APT_INSTALL = if [ "$$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi; \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq

# gettext compiles the translations; Debian's Chromium runs the browser tests
# (never a browser download of Playwright's own).
gettext:
	@command -v msgfmt >/dev/null || { $(APT_INSTALL) gettext >/dev/null; }

browser:
	@command -v chromium >/dev/null || { $(APT_INSTALL) chromium >/dev/null; }

db: $(VENV)/.installed gettext
	mkdir -p var
	$(MANAGE) migrate --noinput -v 0
	$(MANAGE) load_profile
	$(MANAGE) load_demo
	$(MANAGE) compilemessages -v 0 --ignore=.venv --ignore=.tools

demo: db

run: db
	$(MANAGE) runserver $(HOST):$(PORT)

# Production-like: gunicorn with whitenoise and hashed static files.
serve: db
	DJANGO_DEBUG=false STATICFILES_BACKEND=whitenoise.storage.CompressedManifestStaticFilesStorage \
	  $(MANAGE) collectstatic --noinput -v 0
	$(VENV)/bin/gunicorn config.wsgi --bind $(HOST):$(PORT) --workers 2

compile-messages: install gettext
	$(MANAGE) compilemessages -v 0 --ignore=.venv --ignore=.tools

test: install gettext browser check-messages compile-messages
	$(MANAGE) makemigrations --check --dry-run -v 0
	$(VENV)/bin/pytest

test-fast: install compile-messages
	$(VENV)/bin/pytest -m "not browser"

test-browser: install browser compile-messages
	$(VENV)/bin/pytest -m browser

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

fmt: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

messages: install
	$(MANAGE) makemessages --all --add-location file --no-obsolete --ignore=.venv --ignore=.tools --ignore=var
	$(MANAGE) compilemessages -v 0 --ignore=.venv

check-messages: install
	$(PY) tools/check_translations.py

bench: install browser
	$(PY) bench/lighthouse_a11y.py

clean:
	rm -rf $(VENV) .tools var/portal.sqlite3* var/static
