"""A 100,000-row ledger, previewed and written in this process (bench/imports.py times it
on PostgreSQL against COPY, and imports it a second time to find everything unchanged)."""

import csv
import io
import time

import pytest

from projects.models import ImportJob, Project, StageEntry
from tests.ledger.conftest import PROJECT_HEADERS, confirm, preview

ROWS = 100_000
pytestmark = pytest.mark.django_db


def ledger(rows):
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(PROJECT_HEADERS)
    for n in range(rows):
        cells = {
            "项目名称": f"大批量项目{n:06d}",
            "投资方": f"北京批量企业{n % 5000:04d}有限公司",
            "来源地": "北京" if n % 3 else "天津",
            "所在地区": "鹿泉区",
            "承接平台": "河北鹿泉经济开发区" if n % 4 else "鹿泉产业园",
            "项目类别": "产业类",
            "总投资（万元）": f"{1000 + n % 997:,}.50",
            "洽谈日期": f"2023-{n % 12 + 1:02d}-01",
            "签约日期": f"2023-{n % 12 + 1:02d}-15" if n % 2 else "",
        }
        writer.writerow([cells.get(h, "") for h in PROJECT_HEADERS])
    return out.getvalue().encode("utf-8")


def test_a_100000_row_import_completes(staff, settings):
    settings.LEDGER_ASYNC_ROWS = ROWS * 2  # in this process, not a task
    settings.LEDGER_INLINE_BYTES = 1 << 30
    data = ledger(ROWS)
    started = time.perf_counter()
    job = preview(staff, data)
    assert (job.status, job.created_count, job.rejected_count) == ("previewed", ROWS, 0), (
        job.message
    )
    job = confirm(job)
    elapsed = time.perf_counter() - started
    assert job.status == ImportJob.Status.APPLIED, job.message
    assert Project.objects.count() == ROWS
    assert StageEntry.objects.count() == ROWS + ROWS // 2
    assert Project.history.count() == ROWS
    print(f"100,000 rows previewed and written in {elapsed:.1f} s")
