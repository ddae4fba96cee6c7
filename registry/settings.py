"""Settings for the registry: every knob is an environment variable with a safe default.

The defaults give the embedded set-up that `make run` uses (SQLite, tasks run
in-process); the README lists every variable. Production sets DJANGO_SECRET_KEY,
DATABASE_URL, CELERY_BROKER_URL and DJANGO_HTTPS=on.
"""

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
# The fallback key is only for a developer's machine; production must set one.
SECRET_KEY = env.str(
    "DJANGO_SECRET_KEY", default="insecure-dev-key-set-DJANGO_SECRET_KEY-in-production"
)
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
    "platforms",
    "projects",
    "projects.promotion",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
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

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
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
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_ENABLED = env.bool("AXES_ENABLED", default=True)
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
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
IMPORT_MAX_BYTES = env.int("IMPORT_MAX_BYTES", default=200 * 1024 * 1024)
# Ledger imports: a file of more than LEDGER_ASYNC_ROWS rows is previewed and written by a
# Celery task (with a progress bar); one of more than LEDGER_MAX_ROWS is refused.
LEDGER_ASYNC_ROWS = env.int("LEDGER_ASYNC_ROWS", default=2000)
LEDGER_MAX_ROWS = env.int("LEDGER_MAX_ROWS", default=200_000)
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
    "verify-aggregates-nightly": {
        "task": "projects.verify_aggregates",
        "schedule": crontab(hour=2, minute=30),
    },
}

# Promotion-work deadlines (days); a unit may set its own (projects.promotion UnitProfile).
PROMOTION_FIRST_RESPONSE_DAYS = env.int("PROMOTION_FIRST_RESPONSE_DAYS", default=3)
PROMOTION_FOLLOW_UP_DAYS = env.int("PROMOTION_FOLLOW_UP_DAYS", default=14)
PROMOTION_WARNING_DAYS = env.int("PROMOTION_WARNING_DAYS", default=3)
PROMOTION_START_LIMIT_DAYS = env.int("PROMOTION_START_LIMIT_DAYS", default=180)

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
