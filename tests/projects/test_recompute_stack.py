"""Recomputes on the real stack: a broker outage delays totals and loses no edit,
and a worker killed mid-recompute loses no work. PostgreSQL, Redis and Celery are real."""

import contextlib
import datetime as dt
import os
import signal
import socket
import subprocess
import time
from decimal import Decimal

import pytest
from django.conf import settings
from django.db import connection

from projects import services, totals
from projects.models import Enterprise, Project, StaleMark
from projects.tasks import recompute_stale
from registry.celery import app
from tests import services as stack
from tests.conftest import _database_url, _reset_celery_pools

pytestmark = [pytest.mark.stack, pytest.mark.django_db(transaction=True)]
D = dt.date


@contextlib.contextmanager
def broker(url):
    """Point this process's Celery app at `url`, eagerness off."""
    saved = {k: app.conf[k] for k in ("broker_url", "task_always_eager")}
    _reset_celery_pools(app)
    app.conf.update(broker_url=url, task_always_eager=False)
    try:
        yield
    finally:
        app.conf.update(saved)
        _reset_celery_pools(app)


@contextlib.contextmanager
def dedicated_worker(tmp_path):
    """A Redis and a worker of this test's own, so it may stop or kill them."""
    with stack.redis_server() as url:
        env = {
            "DATABASE_URL": _database_url(settings.DATABASES["default"]),
            "DATABASE_CONN_MAX_AGE": "0",
            "CELERY_BROKER_URL": url,
            "STATICFILES_BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage",
        }
        with stack.celery_worker(env, tmp_path / "worker.log") as worker, broker(url):
            yield url, worker


def wait_until(condition, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.25)
    return False


def create(places, name, **extra):
    investor, _ = Enterprise.objects.get_or_create(
        name="北京栈测试公司", defaults={"origin": "beijing"}
    )
    return services.project_create(
        actor=None,
        name=name,
        investor=investor,
        region=places.huanghua,
        platform=places.gangcheng,
        category="industrial",
        total_investment=Decimal("12000"),
        entered_on=D(2023, 3, 3),
        stage="signed",
        **extra,
    )


def signed_in_hebei(places):
    return totals.flow(places.hebei, "signed").count


def redis_port(url):
    return int(url.rsplit(":", 1)[1].split("/")[0])


def test_a_task_reaches_a_real_worker_and_updates_the_totals(places, celery_worker):
    create(places, "经由Redis")
    assert wait_until(lambda: signed_in_hebei(places) == 1 and not StaleMark.objects.exists())


def test_with_redis_stopped_edits_commit_fast_and_totals_catch_up(places, tmp_path):
    with dedicated_worker(tmp_path) as (url, worker):
        port = redis_port(url)
        subprocess.run(
            ["redis-cli", "-p", str(port), "shutdown", "nosave"], check=False, capture_output=True
        )
        assert wait_until(lambda: not stack.port_open(port), 10)

        started = time.monotonic()
        project = create(places, "断网时录入")
        assert time.monotonic() - started < 5
        assert Project.objects.filter(pk=project.pk).exists()
        assert StaleMark.objects.exists() and signed_in_hebei(places) == 0

        with stack.redis_server(port=port):
            # What beat does every few minutes: sweep whatever is stale.
            assert wait_until(lambda: _try_delay(), 30)
            assert wait_until(
                lambda: signed_in_hebei(places) == 1 and not StaleMark.objects.exists(), 90
            )


def _try_delay():
    try:
        recompute_stale.delay()
        return True
    except Exception:  # noqa: BLE001 - the worker's broker may still be reconnecting
        return False


def test_a_hung_broker_does_not_hold_up_a_save(places):
    # Accepts connections and never answers: the worst case for a client without timeouts.
    with socket.socket() as hung:
        hung.bind(("127.0.0.1", 0))
        hung.listen(16)
        with broker(f"redis://127.0.0.1:{hung.getsockname()[1]}/0"):
            started = time.monotonic()
            project = create(places, "Redis无响应时录入")
            elapsed = time.monotonic() - started
    assert elapsed < 10, elapsed
    assert Project.objects.filter(pk=project.pk).exists() and StaleMark.objects.exists()


def test_killing_the_worker_mid_recompute_loses_nothing(places, tmp_path):
    with dedicated_worker(tmp_path) as (url, worker):
        # Hold the recompute lock so the worker's task blocks inside its transaction.
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_lock(4242)")
            try:
                create(places, "重算中被杀")
                log = tmp_path / "worker.log"
                assert wait_until(lambda: b"projects.recompute_stale" in log.read_bytes(), 30)
                time.sleep(1)
                children = subprocess.run(
                    ["pgrep", "-P", str(worker.pid)], capture_output=True, text=True
                ).stdout.split()
                assert children, "the worker has no pool process"
                for pid in children:
                    os.kill(int(pid), signal.SIGKILL)
                assert StaleMark.objects.exists()
            finally:
                cursor.execute("SELECT pg_advisory_unlock(4242)")
        # The task is re-queued (acks_late, reject_on_worker_lost) and the marks were kept.
        assert wait_until(
            lambda: signed_in_hebei(places) == 1 and not StaleMark.objects.exists(), 90
        )
