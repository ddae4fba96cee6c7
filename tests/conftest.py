# ============================================================================
# SERVICES — real Redis, Celery worker and Chromium for the tests; marker rules.
# Owned by tests/services.py's author. Add other fixtures BELOW the END marker.
#
#   redis_url      session   redis://127.0.0.1:PORT/0 of a throwaway redis-server
#   celery_worker  function  a real worker on the current test database (PostgreSQL
#                            only; use @pytest.mark.django_db(transaction=True)); the
#                            in-process Celery app sends to its broker meanwhile
#   browser        session   headless Debian Chromium (playwright Browser)
#   page           function  a zh-CN page; page.console_errors collects JS errors
#
# Tests marked `postgres` or `stack` are deselected unless the database is
# PostgreSQL, and those marked `sqlite` when it is: each pass reports 0 skipped.
# With REGISTRY_REQUIRE_SERVICES=1 (make test) any skipped test counts as a
# failure, so CI cannot silently skip the real stack.
# ============================================================================
import os
import shutil
import threading
from urllib.parse import quote

import pytest
from django.core.servers.basehttp import ThreadedWSGIServer
from django.test.testcases import LiveServerThread

from tests import services

POSTGRES_ONLY_MARKERS = ("postgres", "stack")
CHROMIUM = os.environ.get("REGISTRY_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


def _require_services():
    return os.environ.get("REGISTRY_REQUIRE_SERVICES") == "1"


def _on_postgres():
    from django.conf import settings

    return settings.DATABASES["default"]["ENGINE"].startswith("django.db.backends.postgresql")


def pytest_configure(config):
    # Without a runner-provided backend, avoid the manifest storage (needs collectstatic).
    if "STATICFILES_BACKEND" not in os.environ:
        from django.conf import settings

        if settings.configured:
            settings.STORAGES = {
                **settings.STORAGES,
                "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
            }


def pytest_collection_modifyitems(config, items):
    on_postgres = _on_postgres()
    keep, drop = [], []
    for item in items:
        needs_pg = any(item.get_closest_marker(m) for m in POSTGRES_ONLY_MARKERS)
        needs_sqlite = item.get_closest_marker("sqlite") is not None
        (drop if (needs_sqlite if on_postgres else needs_pg) else keep).append(item)
    if drop:
        config.hook.pytest_deselected(items=drop)
        items[:] = keep


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.skipped and _require_services() and not hasattr(report, "wasxfail"):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else report.longrepr
        report.outcome = "failed"
        report.longrepr = f"REGISTRY_REQUIRE_SERVICES=1 forbids skipping a test (select by marker instead): {reason}"
    return report


@pytest.fixture(scope="session")
def redis_url():
    try:
        with services.redis_server() as url:
            yield url
    except services.ServiceError as e:
        pytest.skip(f"no Redis: {e}")


def _database_url(db):
    user = quote(db.get("USER") or "", safe="")
    password = quote(db.get("PASSWORD") or "", safe="")
    auth = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    host = quote(db.get("HOST") or "", safe="")
    port = f":{db['PORT']}" if db.get("PORT") else ""
    return f"postgres://{auth}{host}{port}/{quote(db['NAME'], safe='')}"


@pytest.fixture(scope="session")
def _celery_worker_process(django_db_setup, redis_url, tmp_path_factory):
    """One worker per test session (per xdist worker), on that session's test database."""
    from django.conf import settings

    if not _on_postgres():
        pytest.skip("a real Celery worker needs PostgreSQL (the SQLite test DB is in memory)")
    env = {
        "DATABASE_URL": _database_url(settings.DATABASES["default"]),
        "DATABASE_CONN_MAX_AGE": "0",
        "CELERY_BROKER_URL": redis_url,
        "STATICFILES_BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage",
    }
    log_path = tmp_path_factory.mktemp("celery") / "worker.log"
    try:
        with services.celery_worker(env, log_path, include=("tests.probe",)) as proc:
            proc.log_path = log_path
            yield proc
    except services.ServiceError as e:
        pytest.fail(f"Celery worker failed: {e}", pytrace=False)


def _reset_celery_pools(app):
    """Forget broker connections so the next .delay() connects to the current broker_url."""
    from kombu import pools

    # kombu caches pools per URL process-wide; closing one without clearing the cache
    # leaves a closed pool behind ("Acquire on closed pool") for the next test.
    pools.reset()
    app._pool = None
    amqp = app.__dict__.get("amqp")
    if amqp is not None:
        amqp._producer_pool = None


@pytest.fixture
def celery_worker(_celery_worker_process, redis_url):
    """A real worker; meanwhile .delay() in this process goes through Redis to it."""
    from registry.celery import app

    keys = ("broker_url", "task_always_eager")
    saved = {k: app.conf[k] for k in keys}
    _reset_celery_pools(app)
    app.conf.update(broker_url=redis_url, task_always_eager=False)
    try:
        yield _celery_worker_process
    finally:
        app.conf.update(saved)
        _reset_celery_pools(app)


@pytest.fixture(scope="session")
def browser():
    if not shutil.which(CHROMIUM) and not os.path.exists(CHROMIUM):
        pytest.skip(f"no Chromium at {CHROMIUM} (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("playwright is not installed")
    # Playwright's sync API keeps an event loop in this thread; the ORM in tests must still work.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="zh-CN", timezone_id="Asia/Shanghai")
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.console_errors = []

    def on_console(msg):
        url = (msg.location or {}).get("url", "")
        # Chromium's own favicon probe is not the page's doing (admin pages link none).
        if msg.type == "error" and not url.endswith("/favicon.ico"):
            page.console_errors.append(f"{msg.text} [{url}]" if url else msg.text)

    page.on("console", on_console)
    page.on("pageerror", lambda exc: page.console_errors.append(f"pageerror: {exc}"))
    try:
        yield page
    finally:
        context.close()


# ============================================================================
# END SERVICES — add other fixtures below this line.
# ============================================================================


class _SerializedWSGIServer(ThreadedWSGIServer):
    """The live server, answering one request at a time.

    On SQLite the live server's threads share the test's single in-memory
    connection; a browser's parallel requests (a page, its static files, an
    htmx call) then interleave their savepoints on it and fail at random.
    Connections are still accepted concurrently; only the application runs
    under the lock, and its response is read out before the lock is released.
    """

    lock = threading.Lock()

    def set_app(self, application):
        def serialized(environ, start_response):
            with self.lock:
                result = application(environ, start_response)
                try:
                    return list(result)
                finally:
                    if hasattr(result, "close"):
                        result.close()

        super().set_app(serialized)


@pytest.fixture(scope="session", autouse=True)
def _serialize_live_server_on_sqlite():
    if _on_postgres():
        yield
        return
    original = LiveServerThread.server_class
    LiveServerThread.server_class = _SerializedWSGIServer
    try:
        yield
    finally:
        LiveServerThread.server_class = original


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: the dashboards keep rendered parts in it."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _ledger_jobs_in_process(settings):
    """Background imports run in this process: a child could not see the test's transaction."""
    settings.LEDGER_EMBEDDED_WORKER = "inline"


@pytest.fixture(autouse=True)
def _force_login_gives_the_second_factor(monkeypatch):
    """`Client.force_login` signs in past the second factor, as a finished TOTP step would.

    Users who must use two-factor sign-in (tests/accounts checks who) get a confirmed
    TOTP device and a session verified by it; the login form itself still asks for it.
    """
    from django.test.client import ClientMixin

    original = ClientMixin._login

    def _login(self, user, backend=None):
        original(self, user, backend)
        from accounts.policy import requires_second_factor

        fresh = type(user)._default_manager.get(pk=user.pk)
        if requires_second_factor(fresh):
            otp_verify_session(self, fresh)

    monkeypatch.setattr(ClientMixin, "_login", _login)


def otp_verify_session(client, user):
    """Mark the client's session as verified by the user's (possibly new) TOTP device."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="test", confirmed=True)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return device


@pytest.fixture(autouse=True)
def _documents_in_tmp(settings, tmp_path, monkeypatch):
    """Uploaded documents go to the test's own directory, never to var/documents."""
    from django.core.files.storage import storages

    from projects.models import Document

    settings.STORAGES = {
        **settings.STORAGES,
        "documents": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "documents")},
        },
    }
    # A FileField takes its storage when the model loads: point it at the test's one.
    monkeypatch.setattr(Document._meta.get_field("file"), "storage", storages["documents"])
