"""Defect 2 of issue 19: text a spreadsheet would run as a formula is written as text, everywhere."""

import csv
import io
import zipfile
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from projects.spreadsheet_text import csv_row, is_formula_like
from tests.ledger.conftest import csv_bytes, preview, project_row

pytestmark = pytest.mark.django_db

PAYLOADS = ['=HYPERLINK("http://evil","x")', "+1+cmd", "-2+3", "@SUM(A1)", "\t=1+1", "\r=1+1"]


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def body(response):
    assert response.status_code == 200, response.content[:300]
    return b"".join(response.streaming_content)


def assert_no_formula(data):
    """No sheet of the .xlsx holds a formula element, and formula-like text reads back as text."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/"):
                assert b"<f>" not in archive.read(name) and b"<f " not in archive.read(name), name
    book = load_workbook(io.BytesIO(data))
    texts = []
    for ws in book.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (ws.title, cell.coordinate, cell.value)
                if is_formula_like(cell.value):
                    texts.append(cell.value)
    return texts


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", True),
        ("+86 10", True),
        ("-cmd", True),
        ("@x", True),
        ("\t=1", True),
        ("\r=1", True),
        ("-3.5", False),
        ("+12", False),
        ("北京", False),
        (Decimal("-5"), False),
        (-5, False),
        (None, False),
    ],
)
def test_formula_like(value, expected):
    assert is_formula_like(value) is expected


def test_csv_cells_get_an_apostrophe_and_numbers_stay():
    assert csv_row(["=1+1", "-3.5", 7, "名称", "@a"]) == ["'=1+1", "-3.5", 7, "名称", "'@a"]


def test_the_project_list_writes_formulas_as_text(staff, project):
    project.name = PAYLOADS[0]
    project.leader = PAYLOADS[4]
    project.description = PAYLOADS[3]
    project.save()
    investor = project.investor
    investor.name = PAYLOADS[1]
    investor.save()
    data = body(client_for(staff).get(reverse("ledger:export_projects")))
    texts = assert_no_formula(data)
    assert {PAYLOADS[0], PAYLOADS[1], PAYLOADS[3], PAYLOADS[4]} <= set(texts)
    row = list(load_workbook(io.BytesIO(data))["项目台账"].iter_rows(values_only=True))[1]
    assert Decimal("52000") in [Decimal(str(v)) for v in row if isinstance(v, int | float)]


def test_the_board_writes_formulas_as_text(staff, project):
    project.name = PAYLOADS[0]
    project.save()
    data = body(client_for(staff).get(reverse("ledger:export_board")))
    assert PAYLOADS[0] in assert_no_formula(data)


def test_rejected_rows_write_formulas_as_text(staff):
    bad = project_row(**{"项目名称": PAYLOADS[0], "来源地": "=cmd|'/c calc'!A1"})
    job = preview(staff, csv_bytes([bad]))
    assert job.rejected_count == 1, job.message
    data = body(client_for(staff).get(reverse("ledger:job_errors", args=[job.pk])))
    assert "=cmd|'/c calc'!A1" in assert_no_formula(data)


def test_the_dashboard_csv_writes_formulas_as_text(official, project, places):
    places["sjz"].name = "=1+1"
    places["sjz"].save()
    url = f"/dashboards/region/{places['province'].code}/"
    client = client_for(official)
    page = client.get(url, {"kind": "year", "year": 2023})
    found = False
    for name in page.context["charts"]:
        response = client.get(url, {"kind": "year", "year": 2023, "format": "csv", "chart": name})
        rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
        for row in rows:
            assert not any(is_formula_like(cell) for cell in row), row
            found = found or "'=1+1" in row
    assert found
