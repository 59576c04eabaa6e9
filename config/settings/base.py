"""Base settings: everything shared; dev/test/prod override a few values."""

from __future__ import annotations

from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from config.env import env_bool, env_int, env_int_map, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent.parent

SECRET_KEY = env_str("SECRET_KEY", "")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_tasks",
    # Before django_tasks_db: its `db_worker` command beats and runs the periodic safety nets.
    "desk.ops",
    "desk.seed",
    "django_tasks_db",
    "ninja",
    "desk.core",
    "desk.accounts",
    "desk.outbox",
    "desk.tokens",
    "desk.catalog",
    "desk.stores",
    "desk.webhooks",
    "desk.billing",
    "desk.entitlements",
    "desk.sla",
    "desk.search",
    "desk.schedules",
    "desk.kb",
    "desk.tickets",
    "desk.calls",
    "desk.replies",
    "desk.portal",
    "desk.console",
    "desk.api",
    "desk.mail",
    "desk.satisfaction",
    "desk.trackers",
]

MIDDLEWARE = [
    # first: the whole request, middleware included, shares one cache of policies and shifts
    "desk.core.request_cache.RequestCacheMiddleware",
    "desk.core.limits.BodySizeLimitMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "desk.core.security_headers.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "desk.core.audit.RefusedAccessLogMiddleware",
    "desk.accounts.middleware.UserPreferencesMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "desk.core.error_pages.MethodNotAllowedPageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
# Django's form rendering, with select boxes drawn in Python (long lists of options).
FORM_RENDERER = "desk.core.widgets.QuickRenderer"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.tz",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "desk.accounts.context_processors.viewer",
            ],
        },
    },
]


def _database() -> dict[str, object]:
    url = env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}")
    config: dict[str, object] = dict(dj_database_url.parse(url, conn_max_age=60))
    # A kept connection is checked before a request reuses it: after a database restart or
    # failover the first request reconnects instead of answering 500 on a dead connection
    # (tests/reliability/test_postgres_restart.py).
    config["CONN_HEALTH_CHECKS"] = True
    if config["ENGINE"] == "django.db.backends.sqlite3":
        # WAL lets readers run beside the writer; IMMEDIATE takes the write lock at BEGIN so
        # two writers queue on the busy timeout instead of failing with "database is locked".
        config["CONN_MAX_AGE"] = 0
        config["OPTIONS"] = {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
        # A file, not :memory:, so that concurrency tests can use several connections.
        config["TEST"] = {"NAME": env_str("DESK_TEST_DB", str(BASE_DIR / ".test-db.sqlite3"))}
    return config


DATABASES = {"default": _database()}
# The backlog's covering index (tickets.ticket_open_backlog_idx) INCLUDEs columns on PostgreSQL;
# SQLite builds it without them, as intended: no warning on every command of an SQLite install.
SILENCED_SYSTEM_CHECKS = ["models.W040"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["desk.accounts.backends.ThrottledEmailBackend"]
# Sign-in throttling (desk.accounts.throttle), per account and per client address.
DESK_SIGNIN_FREE_FAILURES = env_int("DESK_SIGNIN_FREE_FAILURES", 5)
DESK_SIGNIN_LOCK_FAILURES = env_int("DESK_SIGNIN_LOCK_FAILURES", 10)
DESK_SIGNIN_ADDRESS_FREE_FAILURES = env_int("DESK_SIGNIN_ADDRESS_FREE_FAILURES", 20)
DESK_SIGNIN_ADDRESS_LOCK_FAILURES = env_int("DESK_SIGNIN_ADDRESS_LOCK_FAILURES", 50)
DESK_SIGNIN_MAX_DELAY_SECONDS = env_int("DESK_SIGNIN_MAX_DELAY_SECONDS", 300)
DESK_SIGNIN_LOCK_MINUTES = env_int("DESK_SIGNIN_LOCK_MINUTES", 15)
DESK_SIGNIN_WINDOW_MINUTES = env_int("DESK_SIGNIN_WINDOW_MINUTES", 15)
# Public forms (sign-up, password reset) per client address within the window.
DESK_PUBLIC_FORM_FREE = env_int("DESK_PUBLIC_FORM_FREE", 10)
DESK_PUBLIC_FORM_LOCK = env_int("DESK_PUBLIC_FORM_LOCK", 30)
# Proxies in front of the app that append to X-Forwarded-For (0: use REMOTE_ADDR as it is).
DESK_TRUSTED_PROXY_COUNT = env_int("DESK_TRUSTED_PROXY_COUNT", 0)
# API tokens (desk.tokens): requests per token in each fixed window, counted across processes.
DESK_API_TOKEN_RATE_LIMIT = env_int("DESK_API_TOKEN_RATE_LIMIT", 120)
DESK_API_TOKEN_RATE_WINDOW_SECONDS = env_int("DESK_API_TOKEN_RATE_WINDOW_SECONDS", 60)
LOGIN_URL = "portal:login"
LOGIN_REDIRECT_URL = "portal:home"
LOGOUT_REDIRECT_URL = "portal:home"
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator",
        "OPTIONS": {"user_attributes": ("email", "full_name")},
    },
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("ru", _("Russian"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "UTC"
LANGUAGE_COOKIE_NAME = "desk_language"

STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "var" / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# django_tasks_db's backend, writing the tasks enqueued after one commit together
# (desk.core.batched_tasks)
TASKS = {"default": {"BACKEND": "desk.core.batched_tasks.BatchingDatabaseBackend"}}
# Workers beat this often; one silent for DESK_WORKER_STALE_SECONDS counts as dead (/healthz
# fails, the outbox hands its claims to another worker).
DESK_WORKER_HEARTBEAT_SECONDS = env_int("DESK_WORKER_HEARTBEAT_SECONDS", 5)
DESK_WORKER_STALE_SECONDS = env_int("DESK_WORKER_STALE_SECONDS", 30)
# Workers start the periodic safety nets (desk.ops.schedule) themselves; periods by name, e.g.
# "outbox_sweep=15,payments_sweep=300" (0 turns a job off).
DESK_WORKER_RUNS_PERIODIC_JOBS = env_bool("DESK_WORKER_RUNS_PERIODIC_JOBS", True)
DESK_PERIODIC_SECONDS = env_int_map("DESK_PERIODIC_SECONDS")

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 30)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Supportdesk <support@supportdesk.example>")

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# No CORS middleware on purpose: no answer carries Access-Control-Allow-*, so other origins cannot
# read the API with a visitor's cookies (closed by default; tests/reliability/test_headers.py).

# Content-Security-Policy (desk/core/security_headers.py): our own origin only, no inline script
# or style, no eval, no framing. form-action also allows Stripe Checkout, where the buy form's
# answer redirects (Chromium checks form-action on redirects too).
DESK_CONTENT_SECURITY_POLICY: dict[str, list[str]] = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'none'"],
    "frame-ancestors": ["'none'"],
    "form-action": ["'self'", *env_list("DESK_CSP_FORM_ACTION", ["https://checkout.stripe.com"])],
}
DESK_PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

# --- Supportdesk policies (configuration, not code) ---------------------------------------
DESK_ATTACHMENT_MAX_BYTES = env_int("DESK_ATTACHMENT_MAX_BYTES", 10 * 1024 * 1024)
DESK_ATTACHMENTS_PER_MESSAGE = env_int("DESK_ATTACHMENTS_PER_MESSAGE", 5)
# Request bodies are refused (413) over these sizes before anything reads them (desk.core.limits).
DESK_UPLOAD_MAX_BYTES = env_int(
    "DESK_UPLOAD_MAX_BYTES", DESK_ATTACHMENT_MAX_BYTES * DESK_ATTACHMENTS_PER_MESSAGE + 1024 * 1024
)
DESK_WEBHOOK_MAX_BYTES = env_int("DESK_WEBHOOK_MAX_BYTES", 1024 * 1024)
DESK_PAGE_SIZE = env_int("DESK_PAGE_SIZE", 25)
DESK_FAIR_USE_WINDOW_DAYS = env_int("DESK_FAIR_USE_WINDOW_DAYS", 30)
DESK_FAIR_USE_MAX_REQUESTS = env_int("DESK_FAIR_USE_MAX_REQUESTS", 40)
DESK_FAIR_USE_MAX_REPLIES = env_int("DESK_FAIR_USE_MAX_REPLIES", 200)
DESK_INCIDENT_REOPEN_DAYS = env_int("DESK_INCIDENT_REOPEN_DAYS", 14)
# Routing: new requests go to an engineer on shift who speaks their language (off: they wait in
# the department queue); a Hotrush request weighs this many ordinary ones in a load.
DESK_ROUTING_ENABLED = env_bool("DESK_ROUTING_ENABLED", True)
DESK_ROUTING_HOTRUSH_WEIGHT = env_int("DESK_ROUTING_HOTRUSH_WEIGHT", 2)
# A resolved request closes itself after this many days without a customer message; the
# customer is reminded this many days after the resolution.
DESK_AUTO_CLOSE_DAYS = env_int("DESK_AUTO_CLOSE_DAYS", 7)
DESK_AUTO_CLOSE_REMINDER_DAYS = env_int("DESK_AUTO_CLOSE_REMINDER_DAYS", 5)
# Keys for server access details: url-safe base64 of 32 random bytes each; the first encrypts,
# all decrypt (rotation). Empty: dev/test derive one from SECRET_KEY; prod refuses to start.
DESK_SECRETS_KEYS = env_list("DESK_SECRETS_KEYS", [])
DESK_INVOICE_TIME_ZONE = env_str("DESK_INVOICE_TIME_ZONE", "Europe/Moscow")
# Satisfaction surveys (desk.satisfaction): how long a rating link and its survey stay open, and
# how far back the sweep asks about resolved requests (a deploy does not survey old ones).
DESK_CSAT_LINK_DAYS = env_int("DESK_CSAT_LINK_DAYS", 30)
DESK_CSAT_OFFER_DAYS = env_int("DESK_CSAT_OFFER_DAYS", 7)
# Visitors who wrote to Customer Service or Sales follow their request through a mailed link
# (desk.tickets.visitor_links), valid this many days; every mail about it carries a fresh one.
DESK_VISITOR_LINK_DAYS = env_int("DESK_VISITOR_LINK_DAYS", 60)
# Bug links (desk.trackers): GitHub's API (a fake in tests), minutes between looks at an open
# issue, days a link is followed at most.
DESK_TRACKER_GITHUB_API_URL = env_str("DESK_TRACKER_GITHUB_API_URL", "https://api.github.com")
DESK_TRACKER_POLL_MINUTES = env_int("DESK_TRACKER_POLL_MINUTES", 60)
DESK_TRACKER_POLL_DAYS = env_int("DESK_TRACKER_POLL_DAYS", 180)
DESK_BUG_TRACKER_URL = env_str("DESK_BUG_TRACKER_URL", "https://issues.supportdesk.example/")

# --- Outbound fetches of URLs people give (desk/core/fetching.py) ----------------------------
# Public addresses only: loopback, private, link-local, multicast and reserved targets are refused
# after DNS resolution. Plain http:// is allowed here and in development; production allows
# https:// only. Only the test settings name networks that may be reached anyway (127.0.0.0/8).
DESK_FETCH_ALLOW_HTTP = True
DESK_FETCH_ALLOWED_NETWORKS: list[str] = []
DESK_FETCH_MAX_BYTES = env_int("DESK_FETCH_MAX_BYTES", 1024 * 1024)
DESK_FETCH_TIMEOUT_SECONDS = env_int("DESK_FETCH_TIMEOUT_SECONDS", 10)
DESK_FETCH_MAX_REDIRECTS = env_int("DESK_FETCH_MAX_REDIRECTS", 3)
# A PEM bundle of certificate authorities to trust instead of the system's (empty: the system's).
DESK_FETCH_CA_FILE = env_str("DESK_FETCH_CA_FILE", "")
# Outgoing webhooks (desk.webhooks): the wait before each answer counts as a timeout, attempts
# per delivery (retries wait DESK_WEBHOOK_RETRY_BASE_SECONDS, doubling each time), and how many
# events in a row may fail before an endpoint is disabled.
DESK_WEBHOOK_TIMEOUT_SECONDS = env_int("DESK_WEBHOOK_TIMEOUT_SECONDS", 10)
DESK_WEBHOOK_MAX_ATTEMPTS = env_int("DESK_WEBHOOK_MAX_ATTEMPTS", 8)
DESK_WEBHOOK_RETRY_BASE_SECONDS = env_int("DESK_WEBHOOK_RETRY_BASE_SECONDS", 30)
DESK_WEBHOOK_DISABLE_AFTER_FAILED_EVENTS = env_int("DESK_WEBHOOK_DISABLE_AFTER_FAILED_EVENTS", 5)
DESK_SELLER = {
    "name": env_str("DESK_SELLER_NAME", "Supportdesk Software Ltd."),
    "address": env_str("DESK_SELLER_ADDRESS", "1 Example Street, Moscow, Russia"),
    "tax_id": env_str("DESK_SELLER_TAX_ID", "7700000000"),
}
DESK_BANK_DETAILS = {
    "beneficiary": env_str("DESK_BANK_BENEFICIARY", "Supportdesk Software Ltd."),
    "bank": env_str("DESK_BANK_NAME", "Example Bank"),
    "iban": env_str("DESK_BANK_IBAN", "XX00 0000 0000 0000 0000 00"),
    "swift": env_str("DESK_BANK_SWIFT", "EXAMPLEXX"),
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

# --- Email channel ------------------------------------------------------------------------
DESK_MAIL_DOMAIN = env_str("DESK_MAIL_DOMAIN", "supportdesk.example")
DESK_MAIL_REPLY_PREFIX = env_str("DESK_MAIL_REPLY_PREFIX", "reply")
DESK_MAIL_MAX_ATTEMPTS = env_int("DESK_MAIL_MAX_ATTEMPTS", 8)
DESK_MAIL_RETRY_BASE_SECONDS = env_int("DESK_MAIL_RETRY_BASE_SECONDS", 60)
DESK_MAIL_CLAIM_LEASE_SECONDS = env_int("DESK_MAIL_CLAIM_LEASE_SECONDS", 600)
DESK_MAIL_CAP_WINDOW_MINUTES = env_int("DESK_MAIL_CAP_WINDOW_MINUTES", 60)
DESK_MAIL_CAP_PER_REQUEST = env_int("DESK_MAIL_CAP_PER_REQUEST", 10)
DESK_MAIL_CAP_PER_ADDRESS = env_int("DESK_MAIL_CAP_PER_ADDRESS", 20)
DESK_MAIL_INBOUND_MAX_BYTES = env_int("DESK_MAIL_INBOUND_MAX_BYTES", 25 * 1024 * 1024)
DESK_MAIL_SANITIZE_TIMEOUT_SECONDS = env_int("DESK_MAIL_SANITIZE_TIMEOUT_MS", 2000) / 1000
DESK_MAIL_POINTER_DAYS = env_int("DESK_MAIL_POINTER_DAYS", 7)
DESK_MAIL_WEBHOOK_SECRET = env_str("DESK_MAIL_WEBHOOK_SECRET", "")  # empty: the webhook refuses all
DESK_MAIL_IMAP_MAILBOXES = env_list("DESK_MAIL_IMAP_MAILBOXES", [])
# Sender authentication (desk.mail.authentication): DKIM verified here (DNS TXT lookups through
# the resolver at this dotted path), and/or Authentication-Results of our own MTA, recognised by
# its authserv-id (comma-separated; empty: no header is trusted).
DESK_MAIL_DKIM_VERIFY = env_bool("DESK_MAIL_DKIM_VERIFY", True)
DESK_MAIL_DNS_TXT_RESOLVER = env_str("DESK_MAIL_DNS_TXT_RESOLVER", "dkim.dnsplug.get_txt")
DESK_MAIL_DNS_TIMEOUT_SECONDS = env_int("DESK_MAIL_DNS_TIMEOUT_SECONDS", 5)
DESK_MAIL_TRUSTED_AUTHSERV_IDS = env_list("DESK_MAIL_TRUSTED_AUTHSERV_IDS", [])
# Envelope sender of outgoing mail: <prefix>+<mail id>.<hmac>@DESK_MAIL_DOMAIN (VERP); delivery
# reports count only for our mail younger than the window.
DESK_MAIL_BOUNCE_PREFIX = env_str("DESK_MAIL_BOUNCE_PREFIX", "bounce")
DESK_MAIL_BOUNCE_WINDOW_DAYS = env_int("DESK_MAIL_BOUNCE_WINDOW_DAYS", 14)
DESK_MAIL_DEFAULT_DEPARTMENT = env_str("DESK_MAIL_DEFAULT_DEPARTMENT", "technical-support")
DESK_HELPDESK_URL = env_str("DESK_HELPDESK_URL", SITE_URL.rstrip("/") + "/requests/new/")

# --- Payments (Stripe); an empty secret key means card payments are not offered -------------
STRIPE_SECRET_KEY = env_str("STRIPE_SECRET_KEY", "")
STRIPE_WEBHOOK_SECRET = env_str("STRIPE_WEBHOOK_SECRET", "")  # empty: the webhook refuses all
STRIPE_API_BASE = env_str("STRIPE_API_BASE", "https://api.stripe.com")
STRIPE_WEBHOOK_TOLERANCE_SECONDS = env_int("STRIPE_WEBHOOK_TOLERANCE_SECONDS", 300)
STRIPE_TIMEOUT_SECONDS = env_int("STRIPE_TIMEOUT_SECONDS", 20)
STRIPE_MAX_NETWORK_RETRIES = env_int("STRIPE_MAX_NETWORK_RETRIES", 2)
DESK_INVOICE_FONT = env_str("DESK_INVOICE_FONT", "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
