"""Settings for Mijnbuurtje: the only module that reads the environment.

Every value has a development default that works with `make run`. With DJANGO_ENV=production the
process refuses to start on an unsafe value (see `_refuse_unsafe_production`).
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

import environ
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from mijnbuurtje.settings.observability import init_sentry, logging_config

BASE_DIR = Path(__file__).resolve().parents[3]
PLATFORM_DIR = BASE_DIR / "platform"

env = environ.Env()

_DEVELOPMENT_SECRET_KEY = "development-only-secret-key-never-use-in-production"  # noqa: S105

# "test" when pytest imports the settings, so a bare `pytest` call is as safe as `make test`.
ENVIRONMENT: str = env.str(
    "DJANGO_ENV", default="test" if "pytest" in sys.modules else "development"
)
if ENVIRONMENT not in {"development", "test", "production"}:
    raise ImproperlyConfigured("DJANGO_ENV must be development, test or production.")
IS_PRODUCTION = ENVIRONMENT == "production"
IS_TEST = ENVIRONMENT == "test"

DEBUG: bool = env.bool("DJANGO_DEBUG", default=ENVIRONMENT == "development")
SECRET_KEY: str = env.str("DJANGO_SECRET_KEY", default=_DEVELOPMENT_SECRET_KEY)

# The platform domain serves the public schema; each buurtsite is <slug>.<PLATFORM_DOMAIN>.
PLATFORM_DOMAIN: str = env.str("PLATFORM_DOMAIN", default="" if IS_PRODUCTION else "localhost")
# Buurtsites come and go with their own domains; the tenant middleware answers unknown hosts
# with a 404, so in development every host is allowed. Production must name them.
ALLOWED_HOSTS: list[str] = env.list("DJANGO_ALLOWED_HOSTS", default=[] if IS_PRODUCTION else ["*"])


# Applications -------------------------------------------------------------------------------

SHARED_APPS = [
    "django_tenants",
    "tenants",
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.admin",
    "accounts",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "provisioning",
    "themes",
    "mijnbuurtje",
    # Page parts every app shares: form widgets and their templates.
    "ui",
    # Dutch text search: the search configuration and accent folding every search uses.
    "textsearch",
    # City-wide organisations on the social map and their portal (issue #8).
    "organisations",
    # The social map's platform side: HSDS exchange and API, search indexes (issue #8).
    "socialmap_platform",
    # Plans, subscriptions, licences, invoices, Stripe and its webhooks (issue #9).
    "billing",
]
# Each buurtsite keeps its own members, sessions and e-mail addresses in its own schema.
TENANT_APPS = [
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "django.contrib.sessions",
    "accounts",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    # Residents: profiles, roles, the directory; messages; moderation (issue #5).
    "django.contrib.postgres",
    "members",
    "messaging",
    "moderation",
    # Vraag en aanbod: requests, offers, reactions and matches (issue #6).
    "exchange",
    # The marketplace, help requests and their referrals, monthly figures (issue #6).
    "marketplace",
    "referrals",
    "figures",
    # Neighbourhood life: announcements, polls, consultations; the weekly digest (issue #7).
    "participation",
    "digest",
    # Neighbourhood life: clubs, news with comments, the agenda with sign-up; RSS/iCal (issue #7).
    "clubs",
    "news",
    "agenda",
    # The social map on the buurtsite: local entries and the "find help" pages (issue #8).
    "socialmap",
]
INSTALLED_APPS = SHARED_APPS + [app for app in TENANT_APPS if app not in SHARED_APPS]

TENANT_MODEL = "tenants.Buurtsite"
TENANT_DOMAIN_MODEL = "tenants.Domain"
PUBLIC_SCHEMA_NAME = "public"
PUBLIC_SCHEMA_URLCONF = "mijnbuurtje.urls_platform"
ROOT_URLCONF = "mijnbuurtje.urls"
# Set the search path once per schema switch, not before every query: a round trip saved on
# each query but the first of a request. Safe since django-tenants 4.0.1 (pyproject), which
# forgets the path it set on a savepoint rollback too (django-tenants#1262; our test:
# tests/tenants/test_search_path.py).
TENANT_LIMIT_SET_CALLS = True
DATABASE_ROUTERS = ["django_tenants.routers.TenantSyncRouter"]

AUTH_USER_MODEL = "accounts.User"

MIDDLEWARE = [
    "tenants.middleware.BuurtsiteMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
]

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PLATFORM_DIR / "mijnbuurtje" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "tenants.context_processors.buurtsite",
                "themes.context_processors.theme",
                "members.context_processors.member",
                "messaging.context_processors.unread",
            ],
        },
    },
]

WSGI_APPLICATION = "mijnbuurtje.wsgi.application"
ASGI_APPLICATION = "mijnbuurtje.asgi.application"


# Data stores --------------------------------------------------------------------------------

DATABASES = {
    "default": env.db_url(
        "DATABASE_URL",
        default="postgres://postgres@127.0.0.1:55432/mijnbuurtje",
        engine="tenants.postgresql_backend",
    )
}
# Recycle connections: each one caches catalog data of every schema it touches.
DATABASES["default"]["CONN_MAX_AGE"] = env.int(
    "DATABASE_CONN_MAX_AGE", default=0 if IS_TEST else 60
)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# The planner's price of reading a page out of order. PostgreSQL's default (4) dates from
# spinning disks; on SSDs, with the working set in memory, 1.1 is the usual figure. With 4 the
# planner reads all 20,000 services rather than a GIN index (the social map's search: 80 ms
# instead of 10 ms for a typing mistake, tests/benchmarks/socialmap_search.py).
DATABASES["default"].setdefault("OPTIONS", {})["options"] = (
    f"-c random_page_cost={env.float('DATABASE_RANDOM_PAGE_COST', default=1.1)}"
)
# Parallel test runs on one server (several developers, CI) each name their own database.
DATABASES["default"]["TEST"] = {"NAME": env.str("TEST_DATABASE_NAME", default="test_mijnbuurtje")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL: str = env.str("REDIS_URL", default="redis://127.0.0.1:56379/0")
# Tests share the server with a running `make run` and with each other: each test run gets
# keys and a queue of its own (no rate-limit counts or results left over from an earlier run).
# A worker process started by a test is handed its run's namespace through REDIS_NAMESPACE.
REDIS_NAMESPACE: str = env.str(
    "REDIS_NAMESPACE", default=f"mijnbuurtje-test-{os.getpid()}" if IS_TEST else "mijnbuurtje"
)

CACHES = {
    # Keys are prefixed with the schema of the current buurtsite (django-tenants#599).
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": REDIS_NAMESPACE,
        "KEY_FUNCTION": "django_tenants.cache.make_key",
    },
    # Platform-wide facts (the host map's version), the same whichever schema is active.
    "platform": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": f"{REDIS_NAMESPACE}:platform",
    },
}

SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
# Host-only cookies: a cookie of oost.example.nl is never sent to lindenholt.example.nl.
SESSION_COOKIE_DOMAIN = None
CSRF_COOKIE_DOMAIN = None
LANGUAGE_COOKIE_DOMAIN = None
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# A test run writes its files to a folder of its own, never among the development files.
_FILES_ROOT = (
    Path(tempfile.gettempdir()) / f"mijnbuurtje-test-{os.getpid()}" if IS_TEST else BASE_DIR
)
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(_FILES_ROOT / "media")))
MEDIA_URL = "/media/"
# Each buurtsite's files live under MEDIA_ROOT/<schema>/.
MULTITENANT_RELATIVE_MEDIA_ROOT = "%s"
# Theme uploads and builds: THEME_ROOT/<schema>/sources|builds/. Each test run has its own
# (named like its Redis namespace, so a worker process it starts finds the same files).
THEME_ROOT = Path(
    env.str(
        "THEME_ROOT",
        default=str(
            Path(tempfile.gettempdir()) / f"{REDIS_NAMESPACE}-themes"
            if IS_TEST
            else MEDIA_ROOT / "themes"
        ),
    )
)
STORAGES = {
    "default": {"BACKEND": "tenants.storage.BuurtsiteFileStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if IS_PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# Own domains: what their DNS must point at, and which DNS server verification asks
# (empty: the system's resolver).
PLATFORM_CNAME_TARGET: str = env.str("PLATFORM_CNAME_TARGET", default=f"sites.{PLATFORM_DOMAIN}")
PLATFORM_IPV4: list[str] = env.list("PLATFORM_IPV4", default=["127.0.0.1"])
PLATFORM_IPV6: list[str] = env.list("PLATFORM_IPV6", default=[])
DNS_NAMESERVERS: list[str] = env.list("DNS_NAMESERVERS", default=[])
DNS_PORT: int = env.int("DNS_PORT", default=53)
DNS_TIMEOUT_SECONDS: float = env.float("DNS_TIMEOUT_SECONDS", default=5.0)

# The social map's map (Leaflet, served from our own static files): the tile server and the
# attribution its licence asks for. OpenStreetMap's tiles by default.
SOCIAL_MAP_TILE_URL: str = env.str(
    "SOCIAL_MAP_TILE_URL", default="https://tile.openstreetmap.org/{z}/{x}/{y}.png"
)
SOCIAL_MAP_TILE_ATTRIBUTION: str = env.str(
    "SOCIAL_MAP_TILE_ATTRIBUTION",
    default='&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>',
)

# Full exports of buurtsites: private, never served as media.
EXPORT_ROOT = Path(env.str("EXPORT_ROOT", default=str(_FILES_ROOT / ".devdata" / "exports")))

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
WHITENOISE_USE_FINDERS = not IS_PRODUCTION
WHITENOISE_AUTOREFRESH = DEBUG


# Accounts -----------------------------------------------------------------------------------

AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_RATE_LIMITS = {
    "login_failed": "5/5m/ip,5/5m/key",
    "signup": "10/h/ip",
    "reset_password": "5/h/ip,3/h/key",
    "confirm_email": "1/3m/key",
}
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "/"
# Joining a buurtsite: name, house rules and (in that mode) a personal code; see members/.
ACCOUNT_SIGNUP_FORM_CLASS = "members.forms.JoinForm"
ACCOUNT_ADAPTER = "members.adapter.MemberAccountAdapter"
ACCOUNT_LOGOUT_REDIRECT_URL = "/"
# Clicking the link in the e-mail, in the browser that joined, finishes joining and signs in.
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
# Per member, in the buurtsite's own cache: (how many, per how many seconds).
MESSAGE_RATE_LIMIT: tuple[int, int] = (
    env.int("MESSAGE_RATE_LIMIT_COUNT", default=20),
    env.int("MESSAGE_RATE_LIMIT_SECONDS", default=600),
)
NEW_CONVERSATION_RATE_LIMIT: tuple[int, int] = (
    env.int("NEW_CONVERSATION_RATE_LIMIT_COUNT", default=10),
    env.int("NEW_CONVERSATION_RATE_LIMIT_SECONDS", default=24 * 3600),
)
REPORT_RATE_LIMIT: tuple[int, int] = (20, 3600)
# Profile photos: bytes of the upload, and pixels of the decoded image (decompression bombs).
PROFILE_PHOTO_MAX_BYTES = 5 * 1024 * 1024
PROFILE_PHOTO_MAX_PIXELS = 40_000_000
# Links in e-mail sent by background tasks (no request to copy them from): scheme and port.
EMAIL_LINK_SCHEME: str = env.str("EMAIL_LINK_SCHEME", default="https" if IS_PRODUCTION else "http")
EMAIL_LINK_PORT: str = env.str("EMAIL_LINK_PORT", default="" if IS_PRODUCTION else "8000")
# Two-factor authentication: operators must use it (provisioning.permissions), members may.
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Mijnbuurtje"
PASSWORD_HASHERS = (
    ["django.contrib.auth.hashers.MD5PasswordHasher"]  # fast, and tests only
    if IS_TEST
    else ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
)
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

EMAIL_CONFIG = env.email_url("EMAIL_URL", default="memorymail://" if IS_TEST else "consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL: str = env.str("DEFAULT_FROM_EMAIL", default="Mijnbuurtje <noreply@localhost>")


# Language -----------------------------------------------------------------------------------

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Dutch")), ("en", _("English"))]
LOCALE_PATHS = [PLATFORM_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True


# Background work ----------------------------------------------------------------------------

CELERY_BROKER_URL = REDIS_URL
CELERY_RESULT_BACKEND = REDIS_URL
CELERY_TASK_DEFAULT_QUEUE = REDIS_NAMESPACE
CELERY_RESULT_EXTENDED = True
CELERY_RESULT_EXPIRES = 24 * 3600
# Lost tasks are worse than repeated ones: every task is written to run twice safely.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Keep our logging configuration (schema on every record) in the worker too.
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": 3600,
    "global_keyprefix": f"{REDIS_NAMESPACE}:",
}
CELERY_RESULT_BACKEND_TRANSPORT_OPTIONS = {"global_keyprefix": f"{REDIS_NAMESPACE}:"}
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE_FILENAME = str(BASE_DIR / ".devdata" / "celerybeat-schedule")
CELERY_BEAT_SCHEDULE = {
    "platform-heartbeat": {"task": "tenants.record_heartbeat", "schedule": 60.0},
    "provisioning-resume-stalled-runs": {
        "task": "provisioning.resume_stalled_runs",
        "schedule": 60.0,
    },
    "themes-resend-stalled-builds": {"task": "themes.resend_stalled_builds", "schedule": 300.0},
    "provisioning-check-own-domains": {
        "task": "provisioning.check_own_domains",
        "schedule": 600.0,
    },
    # Organisations: remind admins of services nobody confirmed for six months (idempotent).
    "organisations-send-freshness-reminders": {
        "task": "organisations.send_freshness_reminders",
        "schedule": 6 * 3600.0,
    },
    # Participation: close polls and consultations whose deadline passed (votes after it are
    # refused at read time too). The weekly digest: Monday 07:00, every buurtsite in batches.
    "participation-close-due": {
        "task": "tenants.fan_out",
        "schedule": 300.0,
        "args": ["participation.close_due"],
    },
    "digest-send-weekly": {
        "task": "tenants.fan_out",
        "schedule": crontab(minute="0", hour="7", day_of_week="1"),
        "args": ["digest.send_weekly"],
    },
    # Billing: held buurtsites and hidden licences after the grace period, hourly; the yearly
    # invoices of municipalities and the monthly licence counts, checked daily (each is a no-op
    # until it is due).
    "billing-apply-grace-periods": {"task": "billing.apply_grace_periods", "schedule": 3600.0},
    "billing-invoice-due-subscriptions": {
        "task": "billing.invoice_due_subscriptions",
        "schedule": 24 * 3600.0,
    },
    "billing-count-licences": {"task": "billing.count_licences", "schedule": 24 * 3600.0},
    # Agenda: remind who signed up for tomorrow's activities; hourly, each person once.
    "agenda-send-reminders": {
        "task": "tenants.fan_out",
        "schedule": 3600.0,
        "args": ["agenda.send_reminders"],
    },
    # Vraag en aanbod: remind before a post closes, close expired posts and ask whether help was
    # found; hourly, each post each message once.
    "exchange-remind-and-close-posts": {
        "task": "tenants.fan_out",
        "schedule": 3600.0,
        "args": ["exchange.remind_and_close_posts"],
    },
}


# Security -----------------------------------------------------------------------------------

X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
CSRF_COOKIE_HTTPONLY = True
if IS_PRODUCTION:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env.int("DJANGO_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SILENCED_SYSTEM_CHECKS: list[str] = []


# Observability ------------------------------------------------------------------------------

LOGGING = logging_config(
    json_lines=env.bool("LOG_JSON", default=IS_PRODUCTION),
    level=env.str("LOG_LEVEL", default="INFO"),
)
SENTRY_DSN: str = env.str("SENTRY_DSN", default="")
init_sentry(dsn=SENTRY_DSN, environment=ENVIRONMENT)

# Billing (issue #9) ---------------------------------------------------------------------------

# Without a secret key billing runs on the local invoice backend (billing/backends.py): invoices
# live in our own tables and an operator marks them paid. STRIPE_API_BASE points the Stripe
# client at another server (tests: a local Stripe-speaking server); empty is Stripe itself.
STRIPE_SECRET_KEY: str = env.str("STRIPE_SECRET_KEY", default="")
STRIPE_WEBHOOK_SECRET: str = env.str("STRIPE_WEBHOOK_SECRET", default="")
STRIPE_API_BASE: str = env.str("STRIPE_API_BASE", default="")
# A staging platform may run DJANGO_ENV=production on Stripe's test mode only when told so.
STRIPE_ALLOW_TEST_KEY: bool = env.bool("STRIPE_ALLOW_TEST_KEY", default=not IS_PRODUCTION)
STRIPE_WEBHOOK_TOLERANCE_SECONDS: int = env.int("STRIPE_WEBHOOK_TOLERANCE_SECONDS", default=300)
STRIPE_TIMEOUT_SECONDS: float = env.float("STRIPE_TIMEOUT_SECONDS", default=20.0)
# Days between "past due" and a buurtsite on hold / an organisation's services hidden.
BILLING_GRACE_DAYS: int = env.int("BILLING_GRACE_DAYS", default=14)
# Municipalities pay by invoice: days they have to pay it.
BILLING_DAYS_UNTIL_DUE: int = env.int("BILLING_DAYS_UNTIL_DUE", default=30)

# How long a process trusts its copy of the host map before asking Redis whether it changed.
TENANT_HOST_MAP_RECHECK_SECONDS: float = env.float("TENANT_HOST_MAP_RECHECK_SECONDS", default=1.0)


def _refuse_unsafe_production() -> None:
    problems = []
    if DEBUG:
        problems.append("DJANGO_DEBUG must be off")
    if SECRET_KEY == _DEVELOPMENT_SECRET_KEY or len(SECRET_KEY) < 50:
        problems.append("DJANGO_SECRET_KEY must be set to a random value of 50+ characters")
    if not ALLOWED_HOSTS:
        problems.append("DJANGO_ALLOWED_HOSTS must list the hosts served")
    if not PLATFORM_DOMAIN:
        problems.append("PLATFORM_DOMAIN must be set")
    if STRIPE_SECRET_KEY and not STRIPE_WEBHOOK_SECRET:
        problems.append("STRIPE_WEBHOOK_SECRET must be set when STRIPE_SECRET_KEY is")
    if STRIPE_SECRET_KEY.startswith(("sk_test_", "rk_test_")) and not STRIPE_ALLOW_TEST_KEY:
        problems.append("STRIPE_SECRET_KEY is a test key (set STRIPE_ALLOW_TEST_KEY on staging)")
    if problems:
        raise ImproperlyConfigured("Unsafe production settings: " + "; ".join(problems) + ".")


if IS_PRODUCTION:
    _refuse_unsafe_production()
