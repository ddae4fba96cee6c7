"""A large ledger through Redis and a real Celery worker: previewed, then written, off the request."""

import time

import pytest
from django.conf import settings as django_settings

from ledger import jobs
from projects.models import ImportJob, Project, StaleMark
from tests.ledger.conftest import csv_bytes, project_row, upload

ROWS = 60


def wait_for(job, status, worker, seconds=60):
    deadline = time.monotonic() + seconds
    while True:
        job.refresh_from_db()
        if job.status == status:
            return job
        assert worker.poll() is None, "the Celery worker died"
        if time.monotonic() > deadline:
            log = worker.log_path.read_text(errors="replace")[-3000:]
            pytest.fail(f"job is {job.status} ({job.message}), not {status}; worker log:\n{log}")
        time.sleep(0.2)


@pytest.mark.stack
@pytest.mark.django_db(transaction=True)
def test_a_large_ledger_is_previewed_and_written_by_the_worker(celery_worker, staff, settings):
    # The worker reads the upload from its own MEDIA_ROOT: use the configured one, not a tmp dir.
    settings.MEDIA_ROOT = django_settings.VAR_DIR / "media"
    settings.LEDGER_ASYNC_ROWS = 10
    job = None
    try:
        data = csv_bytes([project_row(项目名称=f"后台项目{n}") for n in range(ROWS)])
        job = jobs.ledger_job_create(actor=staff, kind="projects", upload=upload(data))
        assert jobs.runs_in_background(job)
        jobs.ledger_job_start(job, jobs.PREVIEW)
        job = wait_for(job, ImportJob.Status.PREVIEWED, celery_worker)
        assert job.created_count == ROWS and not Project.objects.exists()
        assert jobs.ledger_job_confirm(job)
        jobs.ledger_job_start(job, jobs.APPLY)
        job = wait_for(job, ImportJob.Status.APPLIED, celery_worker)
        assert Project.objects.count() == ROWS
        assert "projects.import_ledger[" in celery_worker.log_path.read_text(errors="replace")
        # The import queued a recompute of its stale totals: let the worker finish it, or the
        # test's flush would wait on (and deadlock with) the worker's transaction.
        deadline = time.monotonic() + 60
        while StaleMark.objects.exists():
            assert time.monotonic() < deadline, "the recompute after the import did not finish"
            time.sleep(0.2)
    finally:
        if job is not None and job.file:
            job.file.delete(save=False)
