"""Settings, read from the environment. Nothing here is production-only.

DATABASE_URL          default: SQLite file db.sqlite3 in the project (the embedded default)
CACHE_URL             redis://host:6379/0 (or rediss:// for TLS): one Redis shared by every app server;
                      default: each process's own memory, right for a single process only
CACHE_KEY_PREFIX      the start of every Redis key (default: a digest of the code, new per release)
SECRET_KEY            required when DEBUG is off
DEBUG                 "1"/"true" to turn on (default off)
ALLOWED_HOSTS         comma-separated (default: localhost names)
SECURE_COOKIES        HTTPS-only cookies, HSTS and the redirect to HTTPS (default: on unless DEBUG);
                      "0" only to serve plain HTTP on one's own machine, as `make run` does
TRUSTED_PROXY_COUNT   reverse proxies in front of the app, for the client's address (default 0)
SESSION_IDLE_MINUTES  log out after this long without a request (default 60)
EMAIL_HOST            the SMTP server; without it e-mails are printed to the console (``make run``)
EMAIL_PORT            default 587 with TLS, 465 with SSL, else 25
EMAIL_HOST_USER, EMAIL_HOST_PASSWORD   the SMTP login, if the server needs one
EMAIL_USE_TLS         STARTTLS (default on when EMAIL_HOST is set); EMAIL_USE_SSL for implicit TLS (465)
EMAIL_TIMEOUT         seconds before an unresponsive SMTP server is given up (default 30)
DEFAULT_FROM_EMAIL    the sender of every e-mail, e.g. "Strategisch plan <plan@gemeente.be>"
SITE_URL              the site's address, the start of every absolute link (e-mails), e.g.
                      https://plan.gemeente.be; checked by core/site.py (make run: http://HOST:PORT)
"""

import datetime
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from config.caches import cache_settings, progress_cache_settings

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG")
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("Set SECRET_KEY (or DEBUG=1 for local development).")
    SECRET_KEY = "insecure-development-key-only-for-debug"
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "organisations.apps.BeheerAdminConfig",  # django.contrib.admin with Beheer's site
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "simple_history",
    "rules",
    "django_tasks",
    "django_tasks_db",
    "import_export",
    "rest_framework",
    "drf_spectacular",
    "config.apps.LoginRecordsConfig",  # django-axes, with Dutch names
    "core",
    "plans",
    "rounds",
    "uploads",
    "indicators",
    "outputs",
    "notifications",
    "reporting",
    "versions",
    "drafting",
    "publicsite",
    "opendata",
    "organisations",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "config.middleware.RenewIdleSession",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
    "plans.middleware.PlanOrganisationScope",  # after authentication: scopes every query
]

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
                "plans.context_processors.user_roles",
                "drafting.context_processors.drafting_menu",
            ],
        },
    },
]

# CACHE_URL: one Redis for every app server (config/caches.py); without it, one process's memory.
# Room for the rendered rows of a big plan's pages (a few KB each, kept per item version): Django's
# default of 300 entries would drop them before they are read again.
CACHES = {
    "default": cache_settings(
        os.environ.get("CACHE_URL", "").strip(),
        max_entries=int(os.environ.get("CACHE_MAX_ENTRIES", "50000")),
        key_prefix=os.environ.get("CACHE_KEY_PREFIX", "").strip(),
        base_dir=BASE_DIR,
    ),
    # How far a task is, read by the page that follows it: shared by the workers and the web servers.
    "progress": progress_cache_settings(
        os.environ.get("CACHE_URL", "").strip(), folder=BASE_DIR / "var" / "voortgang"
    ),
}

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Take the write lock when a transaction starts, so concurrent edits queue instead of
    # failing with "database is locked" halfway (SQLite ignores select_for_update).
    DATABASES["default"].setdefault("OPTIONS", {}).update({"transaction_mode": "IMMEDIATE", "timeout": 20})
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # refuses logins while a user+address is locked out
    "rules.permissions.ObjectPermissionBackend",  # per item: plans/owners.py
    "organisations.backends.MembershipBackend",  # the role of the user's membership, per organisation
]
# Argon2id first (Django's recommended hasher); a PBKDF2 hash is upgraded on the user's next login.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "nl-be"
# Dutch only for now; an English catalogue in locale/en plus LocaleMiddleware would add English.
LANGUAGES = [("nl-be", _("Nederlands"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Brussels"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# In development and tests, serve static files straight from the apps and static/.
WHITENOISE_AUTOREFRESH = DEBUG
WHITENOISE_USE_FINDERS = DEBUG

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "plans:home"
LOGOUT_REDIRECT_URL = "login"

# Security headers and cookies. Behind a TLS-terminating proxy, it must set X-Forwarded-Proto.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_COOKIES = env_bool("SECURE_COOKIES", not DEBUG)
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = SECURE_COOKIES
SESSION_COOKIE_HTTPONLY = CSRF_COOKIE_HTTPONLY = True  # pages carry the CSRF token; no script reads it
SECURE_SSL_REDIRECT = SECURE_COOKIES
SECURE_HSTS_SECONDS = 365 * 24 * 3600 if SECURE_COOKIES else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_PRELOAD = SECURE_COOKIES
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_REDIRECT_EXEMPT = [r"^health/$", r"^health/klaar/$"]  # the load balancer's checks may use plain HTTP

# An idle session ends: requests renew it (at most every five minutes, config/middleware.py);
# SESSION_IDLE_MINUTES without one logs out.
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_IDLE_MINUTES", "60")) * 60
# Sessions live in the database (Django's default, said here on purpose): every app server behind a
# load balancer reads the same ones, and a Redis restart logs nobody out.
SESSION_ENGINE = "django.contrib.sessions.backends.db"

# Content-Security-Policy (django-csp 4): scripts only from our own static files, no inline, no eval.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],  # the admin's and htmx's style attributes
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# Login throttling (django-axes): five failures for one user from one address lock that pair out for
# fifteen minutes. Never the address alone: behind a proxy every user shares one.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = datetime.timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "plans.access_log.locked_out"
AXES_IPWARE_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0")) or None
AXES_IPWARE_META_PRECEDENCE_ORDER = (
    ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"] if AXES_IPWARE_PROXY_COUNT else ["REMOTE_ADDR"]
)
AXES_VERBOSE = False  # our own log lines below say who and from where, never a password

# django-simple-history: index history_date for "the plan as it stood on a date".
SIMPLE_HISTORY_DATE_INDEX = "Composite"
SIMPLE_HISTORY_REVERT_DISABLED = True  # a revert would skip the version check and the proposal rules

# django-import-export: imports are all-or-nothing.
IMPORT_EXPORT_USE_TRANSACTIONS = True
IMPORT_EXPORT_SKIP_ADMIN_LOG = False
IMPORT_EXPORT_IMPORT_PERMISSION_CODE = "change"
IMPORT_EXPORT_EXPORT_PERMISSION_CODE = "view"

# E-mail (reminders, vraag om aanvulling). Without EMAIL_HOST the console backend prints them.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend"
)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", bool(EMAIL_HOST) and not EMAIL_USE_SSL)
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "465" if EMAIL_USE_SSL else "587" if EMAIL_USE_TLS else "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "30"))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Strategisch plan <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        # Logins, failed logins, lockouts and refusals (403) go to "security".
        "security": {"level": "INFO"},
        "axes": {"level": "WARNING"},
        # WeasyPrint reports every layout step at INFO; its warnings (an unusable style) still show.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

# A round's outputs, rendered once (reporting/stored_outputs.py), are files in this directory: back it up
# with the database. Several app servers need it shared (a network file system).
OUTPUT_ROOT = Path(os.environ.get("OUTPUT_ROOT", "").strip() or BASE_DIR / "var" / "uitvoer")
STORAGES["outputs"] = {
    "BACKEND": "django.core.files.storage.FileSystemStorage",
    "OPTIONS": {"location": OUTPUT_ROOT},
}
# Long work runs as tasks (Django's task framework, the django-tasks backport) in worker processes
# (`manage.py db_worker`; ``make run`` starts them beside gunicorn). The queue is a table in this
# database. Two queues: ``default`` (imports, e-mail) and ``outputs`` (the renders of workbooks and
# verslagen, at a lower CPU priority), so an import never waits behind a PDF of minutes. A worker runs
# one task at a time: the workers of the ``outputs`` queue on a server are its render limit.
TASK_QUEUES = ["default", "outputs"]
# An uploaded file is parsed in a process of its own under these limits (uploads/confined.py): a
# crafted file costs at most this much and is refused in Dutch. Far above what a real plan needs (a
# 10,700-row rapportering parses in a few seconds and some 100 MB).
PARSE_APART = True
PARSE_CPU_SECONDS = int(os.environ.get("PARSE_CPU_SECONDS", "30"))
PARSE_MEMORY_MB = int(os.environ.get("PARSE_MEMORY_MB", "1024"))
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": TASK_QUEUES}}

# The open data API (/api/v1/, opendata/api/): read only and anonymous, so no session, no CSRF and no
# login; JSON only; every error as problem details; a rate limit per address. API_RATE (e.g. "120/min")
# sets the limit; ``make loadtest`` raises it (its readers share one address). Behind reverse proxies,
# TRUSTED_PROXY_COUNT says how many: the address is then read from X-Forwarded-For (DRF's NUM_PROXIES),
# never the whole header a client could forge.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "UNAUTHENTICATED_USER": None,
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [],
    "DEFAULT_THROTTLE_CLASSES": ["opendata.api.throttles.PerAddress"],
    "DEFAULT_THROTTLE_RATES": {"anon": os.environ.get("API_RATE", "120/min").strip() or "120/min"},
    "NUM_PROXIES": int(os.environ.get("TRUSTED_PROXY_COUNT", "0")),
    "EXCEPTION_HANDLER": "opendata.api.problems.exception_handler",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_METADATA_CLASS": None,
    "URL_FORMAT_OVERRIDE": None,
    "UNICODE_JSON": True,
    "COERCE_DECIMAL_TO_STRING": True,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Open data: strategische plannen",
    "DESCRIPTION": (
        "De gepubliceerde plannen van lokale besturen als open data: de vastgestelde versies, hun "
        "doelstellingen, actieplannen, acties, projecten en indicatoren, met de status en de publieke "
        "toelichting van de laatste rapportering aan de raad. Alleen lezen, zonder aanmelden. Elke fout is "
        "een probleembeschrijving (RFC 9457, application/problem+json)."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "PREPROCESSING_HOOKS": ["opendata.api.docs.only_the_api"],
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "SCHEMA_PATH_PREFIX_TRIM": False,
    "COMPONENT_SPLIT_REQUEST": False,
    "SERVERS": [{"url": SITE_URL, "description": "Deze installatie"}],
}
