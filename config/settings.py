"""Settings for the integration portal, read from environment variables.

Every setting has a default that lets a fresh checkout run on SQLite; production sets
DJANGO_DEBUG=false, DJANGO_SECRET_KEY, DJANGO_ALLOWED_HOSTS and DATABASE_URL.
"""

import os
import secrets
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def envbool(name: str, default: str) -> bool:
    value = env(name, default).strip().lower()
    if value in ("1", "true", "yes", "on"):
        return True
    if value in ("0", "false", "no", "off"):
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}")


def envint(name: str, default: str, minimum: int | None = None) -> int:
    value = env(name, default)
    try:
        number = int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}") from None
    if minimum is not None and number < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}, not {number}")
    return number


def envlist(name: str, default: str) -> list[str]:
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


def secret_key() -> str:
    """DJANGO_SECRET_KEY, else the key in DJANGO_SECRET_KEY_FILE (default var/secret_key),
    created once with random content and readable only by its owner."""
    if key := env("DJANGO_SECRET_KEY"):
        return key
    path = Path(env("DJANGO_SECRET_KEY_FILE", str(BASE_DIR / "var" / "secret_key")))
    if not path.exists():
        # Written completely under another name, then linked into place: a second process
        # starting at the same moment never reads a half-written key.
        path.parent.mkdir(parents=True, exist_ok=True)
        draft = path.with_name(f".{path.name}.{os.getpid()}")
        fd = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_urlsafe(50))
        try:
            os.link(draft, path)
        except FileExistsError:
            pass  # another process was first; its key counts
        finally:
            draft.unlink()
    key = path.read_text().strip()
    if len(key) < 50:
        raise ImproperlyConfigured(f"{path} holds no usable secret key (50 characters or more)")
    if path.stat().st_mode & 0o077:
        raise ImproperlyConfigured(f"{path} can be read by other users: chmod 600 {path}")
    return key


# Off unless asked for: `make run` sets DJANGO_DEBUG=true for development.
DEBUG = envbool("DJANGO_DEBUG", "false")
SECRET_KEY = secret_key()

ALLOWED_HOSTS = envlist("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = envlist("DJANGO_CSRF_TRUSTED_ORIGINS", "")
# The portal's public address, for links that leave the page (hreflang, mails).
SITE_URL = env("SITE_URL", "http://127.0.0.1:8000" if DEBUG else "").rstrip("/")
if not SITE_URL:
    raise ImproperlyConfigured(
        "SITE_URL is not set. Without DJANGO_DEBUG=true (production, the default) set SITE_URL "
        "to the portal's public address, e.g. https://integration.example.org; for development "
        "set DJANGO_DEBUG=true."
    )
if not SITE_URL.startswith(("http://", "https://")):
    raise ImproperlyConfigured(f"SITE_URL must start with http:// or https://, not {SITE_URL!r}")
# The profile folder `load_profile` reads by default; the running site reads the database only.
COUNTY_PROFILE = env("COUNTY_PROFILE", "alb-donau-kreis")

INSTALLED_APPS = [
    "modeltranslation",  # must precede django.contrib.admin
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "csp",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "portal.core",
    "portal.directory",
    "portal.content",
    "portal.accounts",
    "portal.volunteering",
    "portal.review",
    "portal.search",
    "portal.county",
    "portal.web",
    "portal.partners",
    "portal.api",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",  # static files: precompressed, hashed
    # Pages compressed (a fifth of their size on a phone's connection); Django pads each
    # compressed answer with random bytes against BREACH. Before everything that writes pages.
    "django.middleware.gzip.GZipMiddleware",
    "portal.core.middleware.HeadWithoutBody",
    # ETag from the page's content: an unchanged page costs a reader's phone 304, not the page.
    "django.middleware.http.ConditionalGetMiddleware",
    # Public pages for anonymous readers from the shared cache, until an edit changes them.
    "portal.web.pagecache.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "portal.partners.middleware.PartnerAreaMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "axes.middleware.AxesMiddleware",  # last: it turns a lockout into the lockout page
]

# Login: django-axes counts failures per account, wherever they come from (5, then 15 minutes'
# pause; a password reset ends the pause); re-authentication on the account page counts too;
# the partner area then asks for the second factor (TOTP or a recovery code).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = envint("AXES_FAILURE_LIMIT", "5", minimum=1)
AXES_COOLOFF_TIME = timedelta(minutes=envint("AXES_COOLOFF_MINUTES", "15", minimum=1))
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "partners/locked_out.html"
AXES_VERBOSE = False
AXES_DISABLE_ACCESS_LOG = True  # successful logins are not logged: nothing to protect there
LOGIN_URL = "partners:login"
# Partner-area sessions end after PARTNER_IDLE_MINUTES without a request and after
# PARTNER_SESSION_HOURS in any case; a link to set a password is valid for 3 days.
PARTNER_IDLE_MINUTES = envint("PARTNER_IDLE_MINUTES", "30", minimum=1)
PARTNER_SESSION_HOURS = envint("PARTNER_SESSION_HOURS", "10", minimum=1)
SESSION_COOKIE_AGE = PARTNER_SESSION_HOURS * 3600
PASSWORD_RESET_TIMEOUT = 3 * 24 * 3600
OTP_TOTP_ISSUER = "Integrationsportal"

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "portal.web.context_processors.portal",
            ],
            # Django's own, with fixed texts and paths looked up once (see the modules).
            "libraries": {
                "i18n": "portal.core.templatetags.kept_i18n",
                "static": "portal.core.templatetags.kept_static",
            },
        },
    },
]

# SQLite by default; PostgreSQL (psycopg 3) via DATABASE_URL=postgres://user@host:5432/name.
# Persistent connections: opening a connection per request dominated response time.
DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{BASE_DIR / 'var' / 'portal.sqlite3'}"),
        conn_max_age=envint("DATABASE_CONN_MAX_AGE", "600"),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Tests use a file, not memory: concurrency tests open several connections to it.
    DATABASES["default"]["TEST"] = {"NAME": str(BASE_DIR / "var" / "test-portal.sqlite3")}
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;"
        ),
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {
    "default": {
        "BACKEND": env("CACHE_BACKEND", "django.core.cache.backends.locmem.LocMemCache"),
        "LOCATION": env("CACHE_LOCATION", "portal"),
    }
}
if CACHES["default"]["BACKEND"].endswith("LocMemCache"):
    # Per process; room for the open-data API's encoded services (one per offer and language).
    CACHES["default"]["OPTIONS"] = {"MAX_ENTRIES": 30_000}
    # Cached pages must be the same for every worker: without a shared cache server they are
    # kept in files, which the workers of one machine share.
    CACHES["pages"] = {
        "BACKEND": "portal.core.filecache.FileCache",
        "LOCATION": env("PAGE_CACHE_LOCATION", str(BASE_DIR / "var" / "cache" / "pages")),
        "OPTIONS": {"MAX_ENTRIES": 20_000},
    }
else:
    CACHES["pages"] = CACHES["default"]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Languages: German is the source language of all content.
LANGUAGE_CODE = "de"
LANGUAGES = [
    ("de", "Deutsch"),
    ("en", "English"),
    ("ar", "العربية"),
    ("fa", "فارسی"),
    ("uk", "Українська"),
    ("ru", "Русский"),
    ("tr", "Türkçe"),
]
LANGUAGES_BIDI = ["ar", "fa"]
LOCALE_PATHS = [BASE_DIR / "locale"]
MODELTRANSLATION_DEFAULT_LANGUAGE = "de"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("de",)
TIME_ZONE = "Europe/Berlin"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env("STATIC_ROOT", str(BASE_DIR / "var" / "static")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(BASE_DIR / "var" / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": env(
            "STATICFILES_BACKEND",
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage",
        )
    },
}

# Mail: everything goes through the outbox table; this backend only delivers.
EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = envint("EMAIL_PORT", "25")
EMAIL_HOST_USER = env("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", "false")
EMAIL_TIMEOUT = envint("EMAIL_TIMEOUT", "10")
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "integrationsportal@example.org")
FEEDBACK_RECIPIENTS = envlist("FEEDBACK_RECIPIENTS", "barrierefreiheit@example.org")
# A message that cannot be delivered is tried again with growing pauses (1, 2, 4 … minutes, at
# most the cap) for this many days, then marked failed and kept for an operator.
OUTBOX_RETRY_DAYS = envint("OUTBOX_RETRY_DAYS", "7", minimum=1)
OUTBOX_BACKOFF_MAX_MINUTES = envint("OUTBOX_BACKOFF_MAX_MINUTES", "60", minimum=1)
# Retention (`manage.py apply_retention`, daily): accessibility reports and mail that failed
# for good are deleted after RETENTION_DAYS, sent mail after OUTBOX_KEEP_SENT_DAYS. The privacy
# statement (data/<profile>/pages/datenschutz.md) names these periods: change both together.
RETENTION_DAYS = envint("RETENTION_DAYS", "365", minimum=1)
OUTBOX_KEEP_SENT_DAYS = envint("OUTBOX_KEEP_SENT_DAYS", "30", minimum=1)
LOGIN_ATTEMPT_RETENTION_DAYS = envint("LOGIN_ATTEMPT_RETENTION_DAYS", "30", minimum=1)
AUDIT_RETENTION_DAYS = envint("AUDIT_RETENTION_DAYS", str(3 * 365), minimum=1)
ACCOUNT_RETENTION_DAYS = envint("ACCOUNT_RETENTION_DAYS", "365", minimum=1)
# Mithelfen: an unconfirmed sign-up (and its confirmation link) lasts VOLUNTEER_UNCONFIRMED_DAYS;
# a confirmed one VOLUNTEER_RETENTION_DAYS unless the volunteer renews it (reminded
# VOLUNTEER_REMINDER_DAYS ahead). Where no coordinator or county office address is known,
# confirmed sign-ups go to VOLUNTEER_FALLBACK_RECIPIENT.
VOLUNTEER_UNCONFIRMED_DAYS = envint("VOLUNTEER_UNCONFIRMED_DAYS", "7", minimum=1)
VOLUNTEER_RETENTION_DAYS = envint("VOLUNTEER_RETENTION_DAYS", "365", minimum=30)
VOLUNTEER_REMINDER_DAYS = envint("VOLUNTEER_REMINDER_DAYS", "30", minimum=1)
VOLUNTEER_FALLBACK_RECIPIENT = env("VOLUNTEER_FALLBACK_RECIPIENT", "integration@example.org")
# Whole public pages for anonymous readers are kept in this cache until an edit changes what
# they show, and at most PAGE_CACHE_SECONDS (for what changes with time: upcoming events); 0
# turns the page cache off. The "pages" cache is the shared cache server when one is configured
# (CACHE_BACKEND: Redis), otherwise files under PAGE_CACHE_LOCATION.
PAGE_CACHE_SECONDS = envint("PAGE_CACHE_SECONDS", "600", minimum=0)
PAGE_CACHE_ALIAS = "pages"
# Each worker also keeps the pages it answered lately, up to this many bytes, and then reads
# only the edit token from the shared cache to know they are current.
PAGE_CACHE_RECENT_BYTES = envint("PAGE_CACHE_RECENT_BYTES", str(4 * 1024 * 1024), minimum=0)

# Search counts and orders at most this many matching entries; a query that matches more says
# "more than …" and offers the filters (the cost of a query does not grow with the directory).
SEARCH_MAX_MATCHES = envint("SEARCH_MAX_MATCHES", "1000", minimum=100)

# Public forms: at most FORM_RATE_LIMIT submissions per client within FORM_RATE_MINUTES (then
# 429), and none sent sooner than FORM_MIN_SECONDS after the form was opened.
FORM_RATE_LIMIT = envint("FORM_RATE_LIMIT", "5", minimum=1)
FORM_RATE_MINUTES = envint("FORM_RATE_MINUTES", "10", minimum=1)
FORM_MIN_SECONDS = envint("FORM_MIN_SECONDS", "3", minimum=0)

# Security headers; a strict Content-Security-Policy with nothing from another origin.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# Served over HTTPS (the default without debug): redirect plain HTTP, send cookies only over
# HTTPS, and ask browsers to stay on HTTPS. `make serve` on 127.0.0.1 turns it off.
HTTPS = envbool("DJANGO_HTTPS", "false" if DEBUG else "true")
SECURE_SSL_REDIRECT = HTTPS
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = envint("DJANGO_HSTS_SECONDS", "31536000" if HTTPS else "0")
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = envbool("DJANGO_HSTS_PRELOAD", "false")
# Preloading binds the county's whole domain for years: the operator decides, not the app.
# axes.W006 warns when the lockout ignores the address: here it counts per account on purpose
# (rotating addresses, browsers or cookies does not help an attacker then, and the partners
# behind one office address do not lock each other out with a few typos).
# templates.W003: `i18n` and `static` name the portal's modules (TEMPLATES above) on purpose.
SILENCED_SYSTEM_CHECKS = ["security.W021", "axes.W006", "templates.W003"]
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if envbool("DJANGO_BEHIND_PROXY", "false") else None
)

# Map tiles: the portal fetches them from MAP_TILE_URL and serves them itself (cached under
# MAP_TILE_CACHE), so readers' browsers never contact the tile server. Only tiles of the
# county's area at zoom levels MAP_MIN_ZOOM..MAP_MAX_ZOOM are served.
MAP_TILE_URL = env("MAP_TILE_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png")
MAP_TILE_ATTRIBUTION = env(
    "MAP_TILE_ATTRIBUTION",
    '© <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>-Mitwirkende',
)
MAP_TILE_CACHE = Path(env("MAP_TILE_CACHE", str(BASE_DIR / "var" / "tiles")))
MAP_TILE_MAX_AGE_DAYS = envint("MAP_TILE_MAX_AGE_DAYS", "7", minimum=1)
MAP_MIN_ZOOM = envint("MAP_MIN_ZOOM", "9", minimum=0)
MAP_MAX_ZOOM = envint("MAP_MAX_ZOOM", "17", minimum=1)

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "axes": {"level": "WARNING"},  # its INFO lines say nothing an operator needs
    },
}
