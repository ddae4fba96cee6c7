"""The ledger pages through the client: upload → preview → confirm, templates, exports."""

import io
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from ledger.columns import PROJECT_COLUMNS, REPORT_COLUMNS
from projects.models import ImportJob, Project
from tests.ledger.conftest import PROJECT_HEADERS, csv_bytes, project_row, upload

pytestmark = pytest.mark.django_db


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def workbook(response):
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return load_workbook(io.BytesIO(b"".join(response.streaming_content)))


def test_upload_preview_confirm(staff):
    client = client_for(staff)
    assert "导入台账" in client.get(reverse("projects:list")).content.decode()
    data = csv_bytes([project_row(), project_row(项目名称="二号", 承接平台="月球开发区")])
    response = client.post(reverse("ledger:index"), {"kind": "projects", "file": upload(data)})
    job = ImportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == job.get_absolute_url()
    page = client.get(job.get_absolute_url()).content.decode()
    assert "确认导入（新增 1，更新 0）" in page
    assert "未知的承接平台“月球开发区”。" in page
    assert not Project.objects.exists()
    response = client.post(reverse("ledger:job_confirm", args=[job.pk]))
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.status == ImportJob.Status.APPLIED
    assert "已于" in client.get(job.get_absolute_url()).content.decode()
    assert Project.objects.get().name == "鹿泉新材料项目"
    # A second confirmation does nothing.
    client.post(reverse("ledger:job_confirm", args=[job.pk]))
    assert Project.objects.count() == 1


def test_a_bad_file_gets_a_message_not_a_500(staff):
    client = client_for(staff)
    response = client.post(
        reverse("ledger:index"), {"kind": "projects", "file": upload(b"%PDF-1.4 binary", "a.csv")}
    )
    job = ImportJob.objects.get()
    page = client.get(response["Location"]).content.decode()
    assert job.status == ImportJob.Status.FAILED
    assert "不是 Excel 表格（.xlsx）或 CSV 文件" in page


@pytest.mark.parametrize(
    ("name", "message"),
    [("台账.xls", "另存为” .xlsx"), ("台账.pdf", "请上传 .xlsx 或 .csv 文件。")],
)
def test_the_form_refuses_other_file_types(staff, name, message):
    response = client_for(staff).post(
        reverse("ledger:index"), {"kind": "projects", "file": upload(b"x", name)}
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not ImportJob.objects.exists()


def test_the_form_refuses_files_above_the_size_limit(staff, settings):
    settings.IMPORT_MAX_BYTES = 10
    response = client_for(staff).post(
        reverse("ledger:index"), {"kind": "projects", "file": upload(b"x" * 11, "a.csv")}
    )
    assert "超过上限" in response.content.decode()


def test_large_files_run_as_a_task_and_show_progress(
    staff, settings, django_capture_on_commit_callbacks
):
    settings.LEDGER_ASYNC_ROWS = 2
    client = client_for(staff)
    data = csv_bytes([project_row(项目名称=f"项目{n}") for n in range(5)])
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(reverse("ledger:index"), {"kind": "projects", "file": upload(data)})
        job = ImportJob.objects.get()
        assert job.status == ImportJob.Status.PENDING
        page = client.get(response["Location"]).content.decode()
        assert 'hx-trigger="every 1s"' in page
        progress = client.get(reverse("ledger:job_progress", args=[job.pk]))
        assert "HX-Refresh" not in progress
    assert len(callbacks) == 1  # the task, queued on commit (eager here: it ran)
    job.refresh_from_db()
    assert (job.status, job.created_count) == (ImportJob.Status.PREVIEWED, 5)
    progress = client.get(reverse("ledger:job_progress", args=[job.pk]))
    assert progress["HX-Refresh"] == "true"


def test_a_broker_outage_is_told_on_the_job(
    staff, settings, monkeypatch, django_capture_on_commit_callbacks
):
    from ledger import tasks

    def down(*args):
        raise OSError("connection refused")

    settings.LEDGER_ASYNC_ROWS = 0
    monkeypatch.setattr(tasks.import_ledger, "delay", down)
    client = client_for(staff)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("ledger:index"),
            {"kind": "projects", "file": upload(csv_bytes([project_row()]))},
        )
    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.FAILED
    assert "后台任务暂时无法启动" in client.get(response["Location"]).content.decode()


@pytest.mark.parametrize("kind", ["projects", "reports", "relocated_units"])
def test_templates_have_the_import_columns_and_an_example(staff, kind):
    from ledger.columns import COLUMNS, SHEET_NAMES

    book = workbook(client_for(staff).get(reverse("ledger:template", args=[kind])))
    sheet = book[SHEET_NAMES[kind]]
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == [c.header for c in COLUMNS[kind] if not c.export_only]
    assert any(v not in (None, "") for v in rows[1])
    assert "填写说明" in book.sheetnames


def test_the_project_template_imports_as_it_is(staff, places):
    """The example row is a valid row for a platform staff member of the example's platform."""
    from ledger.exports import template_workbook
    from tests.factories import ChainFactory

    ChainFactory(code="hydrogen", name="氢能")
    book = template_workbook("projects")
    buffer = io.BytesIO()
    book.save(buffer)
    from tests.ledger.conftest import preview

    job = preview(staff, buffer.getvalue(), "模板.xlsx")
    assert job.status == ImportJob.Status.PREVIEWED
    # The example names 黄骅市 / 渤海新区黄骅市: outside platform A, so refused for that reason only.
    assert job.rejected_count == 1
    assert {e["reason"] for e in job.row_errors} == {"不在您的管辖范围（河北鹿泉经济开发区）内。"}


def test_export_of_the_filtered_list(staff, project, places, chain):
    client = client_for(staff)
    list_page = client.get(reverse("projects:list") + "?q=生物").content.decode()
    assert reverse("ledger:export_projects") + "?q=%E7%94%9F%E7%89%A9" in list_page
    book = workbook(client.get(reverse("ledger:export_projects") + "?q=生物"))
    rows = list(book["项目台账"].iter_rows(values_only=True))
    assert list(rows[0]) == [c.header for c in PROJECT_COLUMNS]
    assert len(rows) == 2
    values = dict(zip(rows[0], rows[1], strict=True))
    assert values["项目编号"] == project.code
    assert values["总投资（万元）"] == 52000
    assert values["产业链"] == "生物医药"
    assert values["当前阶段"] == "洽谈"
    cell = book["项目台账"]["L2"]
    assert cell.number_format == "#,##0.00"
    book = workbook(client.get(reverse("ledger:export_projects") + "?q=没有这个"))
    assert len(list(book["项目台账"].iter_rows())) == 1


def test_exports_are_limited(staff, project, settings):
    settings.LEDGER_EXPORT_MAX_ROWS = 0
    response = client_for(staff).get(reverse("ledger:export_projects"))
    assert response.status_code == 400
    assert "超过单次导出上限" in response.content.decode()


def test_export_of_the_board(staff, project):
    book = workbook(client_for(staff).get(reverse("ledger:export_board")))
    summary = list(book["看板汇总"].iter_rows(values_only=True))
    assert summary[1][:2] == ("洽谈", 1)
    assert "洽谈" in book.sheetnames


def test_export_and_import_round_trip_changes_nothing(admin, project, other_project, places, chain):
    from projects.services import project_advance_stage, project_terminate

    project.chains.add(chain)
    project_advance_stage(actor=admin, project=project, on=project.negotiating_on)
    project_terminate(
        actor=admin, project=other_project, on=other_project.negotiating_on, reason="撤资"
    )
    before = list(Project.objects.order_by("pk").values())
    history = Project.history.count()
    book = workbook(client_for(admin).get(reverse("ledger:export_projects")))
    buffer = io.BytesIO()
    book.save(buffer)
    from tests.ledger.conftest import preview

    job = preview(admin, buffer.getvalue(), "导出.xlsx")
    assert (job.unchanged_count, job.created_count, job.updated_count, job.rejected_count) == (
        2,
        0,
        0,
        0,
    ), job.row_errors
    assert list(Project.objects.order_by("pk").values()) == before
    assert Project.history.count() == history


def test_export_of_a_dashboard_holds_the_dashboards_numbers(official, project, places):
    from dashboards.charts import all_charts
    from dashboards.reads import dashboard_for
    from projects import totals
    from projects.periods import PeriodForm

    totals.aggregates_rebuild()
    url = reverse("ledger:export_dashboard", args=["region", places["province"].code])
    book = workbook(client_for(official).get(url + "?kind=year&year=2023"))
    period = PeriodForm({"kind": "year", "year": "2023"}).period()
    dashboard = dashboard_for(places["province"], period)
    charts = all_charts(dashboard, [None] * len(dashboard.children))
    cards = list(book["主要指标"].iter_rows(values_only=True))
    assert cards[3][:2] == ("在谈（期末）", dashboard.cards[0].value.now.count)
    for name in ("funnel", "flows"):
        chart = charts[name]
        rows = list(book[chart.title[:31]].iter_rows(values_only=True))
        first = next(row for row in rows if row[0] == chart.categories[0])
        assert first[1] == chart.series[0].values[0] == 1
        assert Decimal(str(first[2])) == chart.series[1].values[0] == Decimal("5.20")


def test_quarterly_report_page_and_sheet(official, project, places):
    from projects import totals

    totals.aggregates_rebuild()
    client = client_for(official)
    url = reverse("ledger:quarterly", args=["region", places["province"].code])
    page = client.get(url + "?year=2023&quarter=1").content.decode()
    assert "河北省 2023年第1季度承接项目情况" in page
    assert "@page" not in page  # the print rules live in the stylesheet
    assert "季末在谈项目" in page
    book = workbook(client.get(url + "?year=2023&quarter=1&format=xlsx"))
    rows = list(book["季度报告"].iter_rows(values_only=True))
    stock = next(r for r in rows if r[0] == "季末在谈项目")
    assert stock[1] == 1 and Decimal(str(stock[2])) == Decimal("5.2")


def test_dashboards_link_the_export_and_the_quarterly_report(official, places):
    page = (
        client_for(official)
        .get(reverse("dashboards:region", args=[places["province"].code]))
        .content.decode()
    )
    assert reverse("ledger:export_dashboard", args=["region", "130000"]) in page
    assert reverse("ledger:quarterly", args=["region", "130000"]) in page


def test_the_job_page_costs_a_fixed_number_of_queries(staff, django_assert_max_num_queries):
    from tests.ledger.conftest import preview

    rows = [project_row(项目名称=f"项目{n}", 来源地="火星" if n % 2 else "北京") for n in range(40)]
    job = preview(staff, csv_bytes(rows))
    client = client_for(staff)
    with django_assert_max_num_queries(12):
        assert client.get(job.get_absolute_url()).status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get(reverse("ledger:index")).status_code == 200


def test_report_template_headers():
    assert [c.header for c in REPORT_COLUMNS][:2] == ["项目编号", "项目名称"]
    assert "总投资（万元）" in PROJECT_HEADERS


def test_the_preview_of_relocated_units_names_their_place(staff):
    from tests.ledger.test_import_reports_units import UNIT_HEADERS, unit

    client = client_for(staff)
    data = csv_bytes([unit()], headers=UNIT_HEADERS)
    response = client.post(
        reverse("ledger:index"), {"kind": "relocated_units", "file": upload(data)}
    )
    page = client.get(response["Location"]).content.decode()
    assert "北京某科技有限公司鹿泉分公司" in page and "河北鹿泉经济开发区" in page
    assert "自动编号" not in page
