"""Two deliveries of the same POST at once (a client that retried too soon): one write,
the same answer twice. Needs PostgreSQL's row locks; SQLite serialises writers anyway."""

import threading
import time

import pytest
from django.db import connection

from projects import services
from projects.models import Project, StageEntry
from tests.api.conftest import token_for

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_concurrent_retries_write_once_and_answer_alike(world, monkeypatch):
    from django.test import Client

    project = world["project"]
    secret = token_for(world["users"]["staff_in_scope"])
    advance = services.project_advance_stage

    def slow_advance(**kwargs):
        time.sleep(0.5)  # the first delivery is still writing when the second arrives
        return advance(**kwargs)

    monkeypatch.setattr(services, "project_advance_stage", slow_advance)
    answers = []

    def deliver():
        client = Client(HTTP_AUTHORIZATION=f"Bearer {secret}", HTTP_IDEMPOTENCY_KEY="same")
        response = client.post(
            f"/api/v1/projects/{project.pk}/advance",
            {"on": "2023-09-01", "version": project.version},
            content_type="application/json",
        )
        answers.append((response.status_code, response.json()))
        connection.close()

    threads = [threading.Thread(target=deliver) for _ in range(2)]
    threads[0].start()
    time.sleep(0.1)
    threads[1].start()
    for thread in threads:
        thread.join()

    assert [status for status, _body in answers] == [200, 200]
    assert answers[0][1] == answers[1][1]
    assert Project.objects.get(pk=project.pk).version == project.version + 1
    assert StageEntry.objects.filter(project=project, stage="in_production").count() == 1
