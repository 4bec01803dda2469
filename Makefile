# Two commands on a fresh machine: `make run` and `make test`.
SHELL := /bin/bash
export UV_PYTHON_DOWNLOADS := never
# Behind a TLS-inspecting proxy, uv and pip must trust the system's certificate store.
export UV_NATIVE_TLS := true
SYSTEM_CA := $(firstword $(wildcard /etc/ssl/certs/ca-certificates.crt /etc/pki/tls/certs/ca-bundle.crt))
PYTHON ?= python3.11
UV := $(shell command -v uv 2>/dev/null || echo .tools/bin/uv)
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
HOST ?= 127.0.0.1
PORT ?= 8000
# Development defaults for everything but `make serve`; an environment that sets
# DJANGO_DEBUG itself (a production shell) keeps its value.
export DJANGO_DEBUG ?= true
# `make serve`: production settings on this machine's loopback, over plain HTTP.
SERVE_ENV := DJANGO_DEBUG=false DJANGO_HTTPS=false SITE_URL=http://$(HOST):$(PORT)

.PHONY: css fonts install compile-messages gettext browser run serve demo db test test-fast test-browser lint fmt messages check-messages check-glossary bench bench-api bench-search bench-pages clean

.tools/bin/uv:
	$(PYTHON) -m venv .tools
	.tools/bin/pip install --quiet $(if $(SYSTEM_CA),--cert $(SYSTEM_CA)) uv

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

# Production-like: debug off, gunicorn, whitenoise with hashed and compressed static files,
# a secret key generated once into var/secret_key.
serve: db
	$(SERVE_ENV) $(MANAGE) collectstatic --noinput -v 0
	$(SERVE_ENV) $(VENV)/bin/gunicorn config.wsgi --bind $(HOST):$(PORT) --workers 2

compile-messages: install gettext
	$(MANAGE) compilemessages -v 0 --ignore=.venv --ignore=.tools

test: install gettext browser check-messages check-glossary compile-messages
	$(MANAGE) makemigrations --check --dry-run -v 0
	$(VENV)/bin/pytest

test-fast: install compile-messages
	$(VENV)/bin/pytest -m "not browser"

test-browser: install browser compile-messages
	$(VENV)/bin/pytest -m browser

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports
	$(VENV)/bin/djlint templates --lint --profile=django

fmt: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

messages: install
	$(MANAGE) makemessages --all --add-location file --no-obsolete --ignore=.venv --ignore=.tools --ignore=var --ignore=tests
	$(MANAGE) compilemessages -v 0 --ignore=.venv

check-messages: install
	$(PY) tools/check_translations.py

check-glossary: install
	$(PY) tools/check_glossary.py

bench: install browser
	$(PY) bench/lighthouse_a11y.py

# Search latency at 1,000, 10,000 and 100,000 offers on SQLite and PostgreSQL
# (BENCH_POSTGRES_URL, default postgres://postgres@127.0.0.1:5432/); about 15 minutes.
bench-api: install
	$(PY) bench/api.py $(BENCH_ARGS)

bench-search: install
	$(PY) bench/search.py $(BENCH_ARGS)

# wrk from Debian's packages; Chromium for the page weight; Lighthouse from bench/node_modules.
bench-pages: install browser compile-messages
	@command -v wrk >/dev/null || { $(APT_INSTALL) wrk >/dev/null; }
	$(PY) bench/pages.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) .tools var/portal.sqlite3* var/static

# Fira Sans cut per script (static/vendor/fonts/fira-sans-*.woff2, static/css/fira-sans.css);
# the output is committed, run this after updating KERN UX's fonts.
fonts: install
	$(PY) tools/subset_fonts.py

# KERN UX without the rules the portal does not use (PurgeCSS over the templates, scripts and
# Python modules; tools/css/purgecss.config.cjs) into static/css/kern.css, which is committed:
# run this after changing templates' classes or updating KERN UX.
css:
	cd tools/css && npm ci --no-audit --no-fund --silent
	cd tools/css && npx purgecss --config purgecss.config.cjs
