"""Smoke tests of the real stack: PostgreSQL, Redis + a Celery worker, Chromium."""

import time
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.db import connection

SCREENSHOTS = Path(settings.BASE_DIR) / "var" / "screenshots"


@pytest.mark.stack
@pytest.mark.django_db(transaction=True)
def test_task_travels_through_redis_to_the_worker(celery_worker):
    from tests.probe import touch_group

    assert touch_group.app.conf.task_always_eager is False
    touch_group.delay("stack-smoke")

    deadline = time.monotonic() + 30
    while not Group.objects.filter(name="stack-smoke").exists():
        assert celery_worker.poll() is None, "the Celery worker died"
        if time.monotonic() > deadline:
            log = celery_worker.log_path.read_text(errors="replace")[-3000:]
            pytest.fail(f"the worker did not create the group within 30 s; worker log:\n{log}")
        time.sleep(0.1)
    assert "registry.touch_group[" in celery_worker.log_path.read_text(errors="replace")


@pytest.mark.browser
def test_admin_login_renders_in_chromium(live_server, page):
    response = page.goto(f"{live_server.url}/admin/login/")

    assert response is not None and response.ok, response and response.status
    title = page.title()
    assert "Django" in title or "管理" in title, title
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "admin_login.png"), full_page=True)
    assert page.console_errors == []


@pytest.mark.postgres
@pytest.mark.django_db
def test_postgresql_runs_the_generated_stage_column():
    from projects.models import Project

    assert connection.vendor == "postgresql"
    assert Project.objects.filter(stage="signed").count() == 0
