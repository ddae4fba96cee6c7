"""Monthly completed-investment reports and relocated units from ledgers."""

import datetime
from decimal import Decimal

import pytest

from projects.models import InvestmentReport, RelocatedUnit, StaleMark
from tests.ledger.conftest import csv_bytes, import_file, preview, reasons

pytestmark = pytest.mark.django_db
REPORT_HEADERS = ["项目编号", "项目名称", "月份", "当月完成投资（万元）"]
UNIT_HEADERS = ["单位名称", "单位类型", "转出地", "转入地区", "转入平台", "转入日期"]


@pytest.fixture
def started(project):
    project.signed_on = datetime.date(2023, 3, 1)
    project.landed_on = datetime.date(2023, 4, 1)
    project.started_on = datetime.date(2023, 5, 10)
    project.build_type = "new"
    project.save()
    return project


def report(project, month, amount, **extra):
    return {
        "项目编号": project.code,
        "项目名称": project.name,
        "月份": month,
        "当月完成投资（万元）": amount,
        **extra,
    }


def test_reports_are_created_replaced_and_idempotent(staff, started):
    data = csv_bytes(
        [report(started, "2023-05", "1,200"), report(started, "2023年6月", "800.5")],
        headers=REPORT_HEADERS,
    )
    job = import_file(staff, data, kind="reports")
    assert (job.created_count, job.rejected_count) == (2, 0)
    reports = dict(InvestmentReport.objects.values_list("month", "completed_investment"))
    assert reports == {
        datetime.date(2023, 5, 1): Decimal("1200.00"),
        datetime.date(2023, 6, 1): Decimal("800.50"),
    }
    assert InvestmentReport.history.filter(history_type="+", history_user=staff).count() == 2
    assert StaleMark.objects.filter(month=datetime.date(2023, 6, 1)).exists()
    again = preview(staff, data, kind="reports")
    assert (again.created_count, again.updated_count, again.unchanged_count) == (0, 0, 2)
    changed = csv_bytes([report(started, "2023-06", "900")], headers=REPORT_HEADERS)
    job = import_file(staff, changed, kind="reports")
    assert job.updated_count == 1
    assert InvestmentReport.objects.get(
        month=datetime.date(2023, 6, 1)
    ).completed_investment == Decimal("900.00")


def test_report_rules_are_the_services(staff, project, started, other_project):
    future = (datetime.date.today().replace(day=1) + datetime.timedelta(days=40)).strftime("%Y-%m")
    rows = [
        report(started, "2023-04", "10"),
        report(started, future, "10"),
        report(started, "2023-07", "abc"),
        report(started, "2023-07", "5"),
        report(started, "2023-07", "6"),
        {"项目编号": "NOPE", "月份": "2023-07", "当月完成投资（万元）": "1"},
        report(other_project, "2023-07", "1"),
        report(started, "", "1"),
    ]
    job = preview(staff, csv_bytes(rows, headers=REPORT_HEADERS), kind="reports")
    why = reasons(job)
    assert why[2] == ["填报月份不能早于开工月份。"]
    assert why[3] == ["不能填报未来月份。"]
    assert why[4] == ["“abc”不是有效的金额。"]
    assert why[6] == ["与第5行重复（同一项目、同一月份）。"]
    # Another unit's project reads exactly as one that does not exist (issue 19, defect 9).
    assert why[7] == ["没有编号为“NOPE”的项目，或它不在您的管辖范围内。"]
    assert why[8] == [f"没有编号为“{other_project.code}”的项目，或它不在您的管辖范围内。"]
    assert why[9] == ["必填，不能为空。"]
    assert job.created_count == 1


def test_reports_for_a_project_not_started(staff, project):
    job = preview(
        staff, csv_bytes([report(project, "2023-05", "1")], headers=REPORT_HEADERS), kind="reports"
    )
    assert reasons(job) == {2: ["项目开工后才能填报完成投资。"]}


def unit(name="北京某科技有限公司鹿泉分公司", **extra):
    row = {
        "单位名称": name,
        "单位类型": "产业活动单位",
        "转出地": "北京",
        "转入地区": "鹿泉区",
        "转入平台": "河北鹿泉经济开发区",
        "转入日期": "2023-04-08",
    }
    return {**row, **extra}


def test_relocated_units(staff, places):
    data = csv_bytes(
        [unit(), unit("天津某公司", 转出地="天津", 单位类型="法人单位")], headers=UNIT_HEADERS
    )
    job = import_file(staff, data, kind="relocated_units")
    assert job.created_count == 2
    assert RelocatedUnit.objects.get(name="天津某公司").kind == "legal_entity"
    assert RelocatedUnit.history.count() == 2
    assert preview(staff, data, kind="relocated_units").unchanged_count == 2
    moved = csv_bytes([unit(转入日期="2023-05-01")], headers=UNIT_HEADERS)
    job = import_file(staff, moved, kind="relocated_units")
    assert job.updated_count == 1
    assert RelocatedUnit.objects.get(name=unit()["单位名称"]).relocated_on == datetime.date(
        2023, 5, 1
    )


def test_relocated_unit_rules(staff, places):
    rows = [
        unit(转入地区="黄骅市", 转入平台="渤海新区黄骅市"),
        unit("二", 转入地区="北京市", 转入平台=""),
        unit("三", 单位类型="分公司"),
        unit(),
        unit(),
    ]
    why = reasons(preview(staff, csv_bytes(rows, headers=UNIT_HEADERS), kind="relocated_units"))
    assert why[2] == ["不在您的管辖范围（河北鹿泉经济开发区）内。"]
    assert why[3] == ["转入地区必须在河北省内；北京、天津只作为转出地。"]
    assert why[4] == ["“分公司”不是有效的单位类型，可填：法人单位、产业活动单位。"]
    assert why[6] == ["与第5行重复（单位名称、转入地区、转入平台相同）。"]
