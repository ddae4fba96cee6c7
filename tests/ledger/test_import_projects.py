"""Importing projects: what is created, updated, left alone and rejected — and why, in Chinese."""

import datetime
from decimal import Decimal

import pytest

from ledger import bulk
from projects.models import Enterprise, ImportJob, Project, Provenance, StageEntry, StaleMark
from projects.search import matching as search_matching
from tests.ledger.conftest import (
    PROJECT_HEADERS,
    confirm,
    csv_bytes,
    import_file,
    preview,
    project_row,
    reasons,
    xlsx_bytes,
)

pytestmark = pytest.mark.django_db


def row_of(project, **values):
    """A row that names the `project` fixture as it is, with `values` changed."""
    row = {
        "项目编号": project.code,
        "项目名称": project.name,
        "投资方": "北京某医药有限公司",
        "洽谈日期": "2023-02-01",
        "签约日期": "",
        "产业链": "生物医药",
        "总投资（万元）": "52000",
    }
    return project_row(**{**row, **values})


def test_it_creates_projects_with_history_entries_and_marks(staff, chain):
    row = project_row(产业链="生物医药", 落地日期="2023-06-01", 开工日期="2023-07-01")
    job = import_file(staff, csv_bytes([row, project_row(项目名称="二号项目")]))
    assert (job.status, job.created_count, job.rejected_count) == ("applied", 2, 0)
    project = Project.objects.get(name="鹿泉新材料项目")
    assert project.code == "130110-2023-000001"
    assert project.total_investment == Decimal("1234.50")
    assert project.provenance == Provenance.IMPORTED
    assert project.created_by == staff
    assert project.stage == "under_construction"
    assert project.build_type == "new"  # entering construction, as project_advance_stage does
    assert list(project.chains.all()) == [chain]
    stages = list(project.stage_entries.values_list("stage", "entered_on", "recorded_by"))
    assert stages == [
        ("negotiating", datetime.date(2023, 3, 1), staff.pk),
        ("signed", datetime.date(2023, 5, 20), staff.pk),
        ("landed", datetime.date(2023, 6, 1), staff.pk),
        ("under_construction", datetime.date(2023, 7, 1), staff.pk),
    ]
    record = project.history.get()
    assert (record.history_type, record.history_user, record.code) == ("+", staff, project.code)
    investor = Enterprise.objects.get(name="北京新材料科技有限公司")
    assert investor.provenance == Provenance.IMPORTED
    assert investor.history.get().history_type == "+"
    # Stale marks for the county, city, province and both platforms, in each month entered.
    marked = set(StaleMark.objects.values_list("scope_kind", "month"))
    assert ("r", datetime.date(2023, 7, 1)) in marked
    assert ("p", datetime.date(2023, 3, 1)) in marked


def test_importing_the_same_file_twice_changes_nothing(staff, chain):
    data = csv_bytes(
        [project_row(产业链="生物医药"), project_row(项目名称="二号项目", 承接平台="")]
    )
    first = import_file(staff, data)
    assert (
        first.created_count == 1 and first.rejected_count == 1
    )  # staff of a platform: no platform
    before = (Project.objects.count(), Project.history.count(), StageEntry.objects.count())
    again = preview(staff, data)
    assert (again.created_count, again.updated_count, again.unchanged_count) == (0, 0, 1)
    assert (Project.objects.count(), Project.history.count(), StageEntry.objects.count()) == before


def test_rows_match_by_code_or_by_investor_name_and_platform(staff, project):
    by_code = row_of(project, 项目名称="鹿泉生物医药基地（更名）")
    job = import_file(staff, csv_bytes([by_code]))
    assert (job.updated_count, job.rejected_count, job.message) == (1, 0, "")
    project.refresh_from_db()
    assert project.name == "鹿泉生物医药基地（更名）"
    # Without a code, the investor, the name and the platform find it.
    by_identity = row_of(
        project, 项目编号="", 项目名称=project.name, **{"总投资（万元）": "60,000"}
    )
    job = import_file(staff, csv_bytes([by_identity]))
    assert (job.created_count, job.updated_count) == (0, 1)
    project.refresh_from_db()
    assert project.total_investment == Decimal("60000.00")
    assert project.version == 3
    assert project.history.order_by("-history_id").first().history_type == "~"


def test_an_update_lists_its_changes_and_adds_new_stages_as_entries(staff, project):
    row = row_of(project, 签约日期="2023-05-20")
    job = preview(staff, csv_bytes([row]))
    assert job.updated_count == 1
    changes = job.preview["updated"][0]["changes"]
    assert ["签约日期", "—", "2023-05-20"] in changes
    confirm(job)
    project.refresh_from_db()
    assert project.stage == "signed"
    assert project.stage_entries.get(stage="signed").entered_on == datetime.date(2023, 5, 20)


# ---------------------------------------------------------------- each bad row, its message


def rejected(actor, rows, **kwargs):
    job = preview(actor, csv_bytes(rows, **kwargs))
    assert job.status == "previewed", job.message
    return job, reasons(job)


def test_bad_amount(staff):
    _job, why = rejected(staff, [project_row(**{"总投资（万元）": "约一千"})])
    assert why == {2: ["“约一千”不是有效的金额。"]}
    _job, why = rejected(staff, [project_row(**{"总投资（万元）": "1000万元"})])
    assert why == {2: ["金额请只填数字，单位在列名或单位选项中选择。"]}
    _job, why = rejected(staff, [project_row(**{"总投资（万元）": "-5"})])
    assert why == {2: ["金额不能为负数。"]}


def test_unknown_platform(staff):
    _job, why = rejected(staff, [project_row(承接平台="月球开发区")])
    assert why == {2: ["未知的承接平台“月球开发区”。"]}


def test_dates_out_of_order(staff):
    _job, why = rejected(staff, [project_row(洽谈日期="2023-06-01", 签约日期="2023-05-20")])
    assert len(why[2]) == 1
    assert why[2][0].startswith("阶段日期必须按洽谈→签约→落地→开工→投产的顺序。")
    assert "签约日期（2023-05-20）早于洽谈日期（2023-06-01）" in why[2][0]


def test_skipped_stage_and_future_date(staff):
    future = (datetime.date.today() + datetime.timedelta(days=30)).isoformat()
    _job, why = rejected(
        staff, [project_row(开工日期="2023-07-01"), project_row(项目名称="二号", 签约日期=future)]
    )
    assert any(r.startswith("不能跳过签约之后的阶段。") for r in why[2])
    assert why[3] == [f"签约日期（{future}）不能晚于今天。"]


def test_out_of_the_users_scope(staff, places):
    _job, why = rejected(staff, [project_row(所在地区="黄骅市", 承接平台="渤海新区黄骅市")])
    assert why == {2: ["不在您的管辖范围（河北鹿泉经济开发区）内。"]}


def test_a_region_staff_cannot_import_into_another_city(region_staff, places):
    _job, why = rejected(region_staff, [project_row(所在地区="黄骅市", 承接平台="")])
    assert why == {2: ["不在您的管辖范围（石家庄市）内。"]}


def test_existing_projects_outside_the_scope_are_not_touched(staff, other_project):
    row = project_row(项目编号=other_project.code, 项目名称=other_project.name)
    _job, why = rejected(staff, [row])
    assert why == {2: [f"项目“{other_project.code}”不在您的管辖范围内，不能修改。"]}


def test_duplicate_of_an_existing_project(staff, project):
    row = project_row(项目编号="NEW-001", 项目名称=project.name, 投资方="北京某医药有限公司")
    _job, why = rejected(staff, [row])
    assert why == {
        2: [
            f"与已有项目重复（投资方、项目名称、承接平台相同）：{project.code}。如是同一项目，请填写该项目编号。"
        ]
    }


def test_duplicate_rows_in_the_file(staff):
    _job, why = rejected(
        staff,
        [
            project_row(),
            project_row(),
            project_row(项目编号="A1", 项目名称="三号"),
            project_row(项目编号="A1", 项目名称="四号"),
        ],
    )
    assert why == {
        3: ["与第2行重复（投资方、项目名称、承接平台相同）。"],
        5: ["与第4行的项目编号相同。"],
    }


def test_recorded_stage_dates_are_not_overwritten(staff, project):
    row = row_of(project, 洽谈日期="2023-02-02")
    _job, why = rejected(staff, [row])
    assert job_value(_job) == "2023-02-02"
    assert why[2] == [
        "库中已录入的洽谈日期为 2023-02-01，台账为 2023-02-02。已录入的阶段日期不能由导入改动：请在项目页面用“更正”并填写原因。"
    ]


def test_required_cells_unknown_choices_and_lengths(staff):
    row = project_row(项目名称="", 来源地="火星", 项目类别="其他", 联系电话="1" * 31)
    _job, why = rejected(staff, [row])
    assert why[2] == [
        "必填，不能为空。",
        "“火星”不是有效的来源地，可填：北京、天津、河北本地、外省、境外。",
        "“其他”不是有效的项目类别，可填：产业类、基础设施、农业产业化、服务业、社会事业。",
        "最多 30 个字符。",
    ]


def test_region_outside_the_platforms_region_and_terminated_without_reason(admin, places):
    rows = [
        project_row(所在地区="黄骅市"),
        project_row(项目名称="二号", 终止日期="2023-06-01"),
    ]
    _job, why = rejected(admin, rows)
    assert why[2] == ["项目所在地区“黄骅市”不在平台“河北鹿泉经济开发区”所在的“鹿泉区”内。"]
    assert why[3] == ["终止项目必须填写原因。"]


def test_rejected_rows_do_not_stop_the_others(staff):
    job = import_file(
        staff, csv_bytes([project_row(**{"总投资（万元）": "x"}), project_row(项目名称="好的")])
    )
    assert (job.created_count, job.rejected_count) == (1, 1)
    assert list(Project.objects.values_list("name", flat=True)) == ["好的"]


# ---------------------------------------------------------------- all or nothing


def test_a_failure_while_writing_leaves_nothing_behind(staff, monkeypatch):
    job = preview(staff, csv_bytes([project_row(), project_row(项目名称="二号")]))
    real_insert = bulk.insert

    def failing(model, *args):
        if model is StageEntry:
            raise RuntimeError("disk full")
        return real_insert(model, *args)

    monkeypatch.setattr(bulk, "insert", failing)
    job = confirm(job)
    assert job.status == ImportJob.Status.FAILED
    assert "没有写入任何数据" in job.message
    assert not Project.objects.exists() and not Enterprise.objects.exists()
    assert not Project.history.exists()


def test_a_change_after_the_preview_is_shown_before_anything_is_written(staff, project):
    row = row_of(project, **{"总投资（万元）": "70000"})
    job = preview(staff, csv_bytes([row]))
    Project.objects.filter(pk=project.pk).update(total_investment=Decimal("70000"), version=2)
    job = confirm(job)
    assert job.status == ImportJob.Status.PREVIEWED
    assert "发生了变化" in job.message
    assert (job.updated_count, job.unchanged_count) == (0, 1)


def test_amounts_in_yi_and_xlsx_numbers(staff):
    headers = [h if h != "总投资（万元）" else "总投资（亿元）" for h in PROJECT_HEADERS]
    row = project_row(**{"总投资（亿元）": "5.2"})
    import_file(staff, csv_bytes([row], headers=headers))
    assert Project.objects.get().total_investment == Decimal("52000.00")
    row = project_row(
        项目名称="二号", **{"总投资（万元）": 1234.5, "签约日期": datetime.date(2023, 5, 20)}
    )
    import_file(staff, xlsx_bytes([row]), name="台账.xlsx")
    assert Project.objects.get(name="二号").total_investment == Decimal("1234.50")


def job_value(job):
    return job.row_errors[0]["value"]


def test_gb18030_csv(staff):
    job = import_file(staff, csv_bytes([project_row(项目名称="冀津协同项目")], encoding="gb18030"))
    assert job.preview["encoding"] == "gb18030"
    assert Project.objects.get().name == "冀津协同项目"


def test_a_project_moved_to_another_slice_marks_its_reports_plans_and_events(staff, project, event):
    from projects.models import AnnualPlan, InvestmentReport

    project.signed_on = datetime.date(2023, 3, 1)
    project.landed_on = datetime.date(2023, 4, 1)
    project.started_on = datetime.date(2023, 5, 1)
    project.build_type = "new"
    project.save()
    InvestmentReport.objects.create(
        project=project, month=datetime.date(2024, 2, 1), completed_investment=Decimal(5)
    )
    AnnualPlan.objects.create(project=project, year=2024, planned_investment=Decimal(50))
    StaleMark.objects.all().delete()
    row = row_of(project, 签约日期="2023-03-01", 落地日期="2023-04-01", 开工日期="2023-05-01")
    row.update(建设性质="新建", 重点项目级别="省重点")
    job = import_file(staff, csv_bytes([row]))
    assert job.updated_count == 1, job.row_errors
    marks = set(StaleMark.objects.values_list("source", "month"))
    assert ("i", datetime.date(2024, 2, 1)) in marks  # the report's month, investment totals
    assert ("p", datetime.date(2024, 1, 1)) in marks  # the plan's year
    assert ("e", None) in marks  # the event's totals
    assert ("", datetime.date(2023, 5, 1)) in marks  # the stage months, every table


# ---------------------------------------------------------------- the keyword search


def test_imported_projects_are_found_by_the_keyword_search(staff, project):
    import_file(staff, csv_bytes([project_row(), row_of(project, 项目名称="鹿泉合成生物基地")]))
    search = lambda q: set(search_matching(Project.objects.all(), q).values_list("name", flat=True))  # noqa: E731

    assert search("新材料") == {"鹿泉新材料项目"}  # created
    assert search("北京新材料科技") == {"鹿泉新材料项目"}  # by its new investor
    assert search("合成生物") == {"鹿泉合成生物基地"}  # renamed
    assert search("医药基地") == set()  # its old name
