"""The page tests' small world (two platforms, one user per role) and ledger files to upload.

河北省 ── 石家庄市 ── 鹿泉区 ── 鹿泉经开区 (platform A: `staff`) ── 鹿泉产业园
      └─ 沧州市 ── 黄骅市 ── 渤海新区 (platform B: `outsider`)
"""

import csv
import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from ledger.columns import PROJECT_COLUMNS
from tests.pages.conftest import (  # noqa: F401 - fixtures shared with the page tests
    PASSWORD,
    admin,
    chain,
    event,
    fast_password_hashing,
    official,
    other_project,
    outsider,
    places,
    project,
    region_staff,
    staff,
)

PROJECT_HEADERS = [c.header for c in PROJECT_COLUMNS if not c.export_only]


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def project_row(**values):
    """A valid row for platform A (鹿泉经开区) by header; override any cell by header."""
    row = {
        "项目名称": "鹿泉新材料项目",
        "投资方": "北京新材料科技有限公司",
        "来源地": "北京",
        "所在地区": "鹿泉区",
        "承接平台": "河北鹿泉经济开发区",
        "项目类别": "产业类",
        "总投资（万元）": "1,234.5",
        "洽谈日期": "2023-03-01",
        "签约日期": "2023-05-20",
    }
    row.update(values)
    return row


def csv_bytes(rows, headers=None, encoding="utf-8"):
    headers = headers or PROJECT_HEADERS
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(headers)
    for row in rows:
        writer.writerow([row.get(h, "") for h in headers])
    return buffer.getvalue().encode(encoding)


def xlsx_bytes(rows, headers=None, title="项目台账", prepare=None):
    headers = headers or PROJECT_HEADERS
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title
    sheet.append(headers)
    for row in rows:
        sheet.append([row.get(h) for h in headers])
    if prepare:
        prepare(workbook, sheet)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def upload(data, name="台账.csv"):
    return SimpleUploadedFile(name, data)


def today():
    return datetime.date.today()


def preview(actor, data, name="台账.csv", kind="projects"):
    """Upload and preview: the job, as the page shows it."""
    from ledger import jobs

    job = jobs.ledger_job_create(actor=actor, kind=kind, upload=upload(data, name))
    jobs.ledger_job_start(job, jobs.PREVIEW)
    job.refresh_from_db()
    return job


def confirm(job):
    from ledger import jobs

    assert jobs.ledger_job_confirm(job), job.status
    jobs.ledger_job_start(job, jobs.APPLY)
    job.refresh_from_db()
    return job


def import_file(actor, data, name="台账.csv", kind="projects"):
    """Upload, preview and confirm; the job after it."""
    job = preview(actor, data, name, kind)
    assert job.status == "previewed", job.message
    return confirm(job)


def reasons(job):
    """{row: [reason, …]} of the rejected rows."""
    found = {}
    for error in job.row_errors:
        found.setdefault(error["row"], []).append(error["reason"])
    return found
