"""Issue 19, defect 3: of two import jobs confirmed at the same moment, the second is refused."""

import threading

import pytest
from django.db import connection

from ledger import jobs
from projects.models import ImportJob, Project
from tests.ledger.conftest import csv_bytes, import_file, preview, project_row

ROWS = 300


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_confirms_at_once_write_once(staff):
    # The investor exists already: the two jobs would only create projects, nothing unique.
    import_file(staff, csv_bytes([project_row(项目名称="已有项目")]))
    data = csv_bytes([project_row(项目名称=f"同名项目{n:03d}") for n in range(ROWS)])
    first, second = preview(staff, data, "第一份.csv"), preview(staff, data, "第二份.csv")
    assert first.created_count == second.created_count == ROWS
    assert jobs.ledger_job_confirm(first) and jobs.ledger_job_confirm(second)
    start = threading.Barrier(2)

    def apply(job):
        try:
            start.wait()
            jobs.run(job.pk, jobs.APPLY)
        finally:
            connection.close()

    threads = [threading.Thread(target=apply, args=(job,)) for job in (first, second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert Project.objects.count() == ROWS + 1  # each name once
    statuses = sorted(
        ImportJob.objects.filter(pk__in=[first.pk, second.pk]).values_list("status", flat=True)
    )
    assert statuses == [ImportJob.Status.APPLIED, ImportJob.Status.PREVIEWED]
    refused = ImportJob.objects.get(status=ImportJob.Status.PREVIEWED)
    assert "发生了变化" in refused.message
    assert (refused.created_count, refused.unchanged_count) == (0, ROWS)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_confirm_planned_before_another_import_wrote_is_refused(staff, monkeypatch):
    """The probe's interleaving: B plans, A writes and commits, then B would write its plan."""
    import_file(staff, csv_bytes([project_row(项目名称="已有项目")]))
    data = csv_bytes([project_row(项目名称=f"同名项目{n:03d}") for n in range(ROWS)])
    first, second = preview(staff, data, "第一份.csv"), preview(staff, data, "第二份.csv")
    assert jobs.ledger_job_confirm(first) and jobs.ledger_job_confirm(second)
    original, others = jobs.build_plan, []

    def plan_then_let_the_other_write(job, actor):
        planned = original(job, actor)
        if job.pk == second.pk and not others:
            other = threading.Thread(target=_apply_and_close, args=(first.pk,))
            others.append(other)
            other.start()
            other.join(timeout=5)  # it finishes, or waits for the lock this apply holds
        return planned

    monkeypatch.setattr(jobs, "build_plan", plan_then_let_the_other_write)
    jobs.run(second.pk, jobs.APPLY)
    others[0].join(timeout=120)

    assert Project.objects.count() == ROWS + 1
    first.refresh_from_db()
    second.refresh_from_db()
    assert (second.status, first.status) == (ImportJob.Status.APPLIED, ImportJob.Status.PREVIEWED)
    assert "发生了变化" in first.message


def _apply_and_close(job_id):
    try:
        jobs.run(job_id, jobs.APPLY)
    finally:
        connection.close()
