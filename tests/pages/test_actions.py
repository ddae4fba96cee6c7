"""The detail page's actions, each through its service: stages, termination, money, events."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from projects.models import AnnualPlan, InvestmentReport, Project, StageCorrection, StageEntry


def post(client, project, action, **data):
    url = reverse(f"projects:{action}", args=[project.pk])
    return client.post(url, {f"{action}-{k}": v for k, v in data.items()})


def action_errors(response, action):
    form = response.context["forms"][action]
    return {k: list(v) for k, v in form.errors.items()}


@pytest.fixture
def started(project):
    Project.objects.filter(pk=project.pk).update(
        signed_on=datetime.date(2023, 3, 1),
        landed_on=datetime.date(2023, 4, 1),
        started_on=datetime.date(2023, 5, 10),
        build_type="new",
    )
    project.refresh_from_db()
    return project


def test_it_advances_with_date_and_note(staff, staff_client, project):
    response = post(staff_client, project, "advance", on="2023-03-01", note="正式签约", version=1)

    assert response.status_code == 302
    project.refresh_from_db()
    assert (project.stage, project.signed_on, project.version) == (
        "signed",
        datetime.date(2023, 3, 1),
        2,
    )
    entry = StageEntry.objects.get(project=project, stage="signed")
    assert (entry.note, entry.recorded_by) == ("正式签约", staff)
    assert project.history.first().history_user == staff


def test_advancing_to_construction_takes_the_build_type(staff_client, project):
    Project.objects.filter(pk=project.pk).update(
        signed_on=datetime.date(2023, 3, 1), landed_on=datetime.date(2023, 4, 1)
    )
    project.refresh_from_db()
    form = staff_client.get(project.get_absolute_url()).context["forms"]["advance"]
    assert "build_type" in form.fields

    post(staff_client, project, "advance", on="2023-08-06", build_type="continuing", version=1)

    project.refresh_from_db()
    assert (project.stage, project.build_type) == ("under_construction", "continuing")


@pytest.mark.parametrize(
    ("on", "message"),
    [
        ("2023-01-15", "签约日期不能早于洽谈日期（2023-02-01）。"),
        ("not a date", "输入一个有效的日期。"),
    ],
)
def test_stage_dates_stay_in_order(staff_client, project, on, message):
    response = post(staff_client, project, "advance", on=on, version=1)

    assert response.status_code == 200
    assert action_errors(response, "advance") == {"on": [message]}
    project.refresh_from_db()
    assert project.stage == "negotiating"
    assert 'open id="action-advance"' in response.content.decode()


def test_a_future_date_is_refused(staff_client, project):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)

    response = post(staff_client, project, "advance", on=tomorrow.isoformat(), version=1)

    assert action_errors(response, "advance") == {"on": ["日期不能晚于今天。"]}


def test_a_terminated_project_cannot_advance(staff_client, project):
    post(staff_client, project, "terminate", on="2023-05-01", reason="企业撤资", version=1)

    response = post(staff_client, project, "advance", on="2023-06-01", version=2)

    assert action_errors(response, "advance") == {"__all__": ["项目已终止，不能再推进。"]}


def test_it_corrects_a_stage_date_with_a_reason(staff, staff_client, started):
    response = post(
        staff_client,
        started,
        "correct",
        stage="signed",
        on="2023-03-05",
        reason="合同日期录错",
        version=1,
    )

    assert response.status_code == 302
    started.refresh_from_db()
    assert started.signed_on == datetime.date(2023, 3, 5)
    correction = StageCorrection.objects.get()
    assert (correction.previous_date, correction.corrected_date, correction.corrected_by) == (
        datetime.date(2023, 3, 1),
        datetime.date(2023, 3, 5),
        staff,
    )


def test_it_withdraws_the_current_stage(staff_client, started):
    post(staff_client, started, "correct", stage="under_construction", reason="尚未开工", version=1)

    started.refresh_from_db()
    assert (started.stage, started.started_on, started.build_type) == ("landed", None, "")


@pytest.mark.parametrize(
    ("data", "errors"),
    [
        ({"stage": "signed", "reason": "x"}, {"stage": ["只能撤回当前所处的阶段。"]}),
        (
            {"stage": "negotiating", "on": "2023-03-02", "reason": "x"},
            {"__all__": ["阶段日期必须按洽谈→签约→落地→开工→投产的顺序。"]},
        ),
        (
            {"stage": "signed", "on": "2023-03-02", "reason": "   "},
            {"reason": ["更正必须填写原因。"]},
        ),
        (
            {"stage": "in_production", "on": "2023-03-02", "reason": "x"},
            {"stage": ["选择一个有效的选项。 in_production 不在可用的选项中。"]},
        ),
    ],
)
def test_corrections_are_checked(staff_client, started, data, errors):
    response = post(staff_client, started, "correct", version=1, **data)

    assert action_errors(response, "correct") == errors
    assert not StageCorrection.objects.exists()


def test_it_terminates_with_a_reason(staff_client, project):
    response = post(
        staff_client, project, "terminate", on="2023-05-01", reason="企业撤资", version=1
    )

    assert response.status_code == 302
    project.refresh_from_db()
    assert (project.stage, project.termination_reason) == ("terminated", "企业撤资")


def test_terminating_needs_a_reason(staff_client, project):
    response = post(staff_client, project, "terminate", on="2023-05-01", reason=" ", version=1)

    assert action_errors(response, "terminate") == {"reason": ["终止项目必须填写原因。"]}


def test_it_reports_completed_investment_for_a_month(staff, staff_client, started):
    response = post(
        staff_client, started, "report", month="2023-06", amount_0="0.25", amount_1="yi"
    )

    assert response.status_code == 302
    report = InvestmentReport.objects.get()
    assert (report.month, report.completed_investment, report.reported_by) == (
        datetime.date(2023, 6, 1),
        Decimal("2500"),
        staff,
    )


@pytest.mark.parametrize(
    ("month", "errors"),
    [
        ("2023-04", {"month": ["填报月份不能早于开工月份。"]}),
        ("2023-13", {"month": ["输入一个有效的日期。"]}),
    ],
)
def test_reports_are_checked(staff_client, started, month, errors):
    response = post(staff_client, started, "report", month=month, amount_0="10", amount_1="wan")

    assert action_errors(response, "report") == errors
    assert not InvestmentReport.objects.exists()


def test_reports_wait_for_construction(staff_client, project):
    response = post(staff_client, project, "report", month="2023-06", amount_0="10", amount_1="wan")

    assert action_errors(response, "report") == {"__all__": ["项目开工后才能填报完成投资。"]}


def test_it_sets_the_annual_plan(staff_client, started):
    post(staff_client, started, "plan", year="2023", amount_0="3", amount_1="yi")
    post(staff_client, started, "plan", year="2023", amount_0="4", amount_1="yi")

    plan = AnnualPlan.objects.get()
    assert (plan.year, plan.planned_investment) == (2023, Decimal("40000"))
    assert plan.history.count() == 2


def test_the_detail_page_shows_monthly_investment_against_plan(staff_client, started):
    post(staff_client, started, "plan", year="2023", amount_0="1", amount_1="yi")
    post(staff_client, started, "report", month="2023-06", amount_0="1500", amount_1="wan")
    post(staff_client, started, "report", month="2023-07", amount_0="1000", amount_1="wan")

    response = staff_client.get(started.get_absolute_url())

    year = response.context["years"][0]
    assert (year.year, year.plan, year.completed, year.percent) == (
        2023,
        Decimal("10000"),
        Decimal("2500"),
        Decimal("25.0"),
    )
    assert "计划 1.00 亿元，完成 0.25 亿元" in response.content.decode()


def test_it_attaches_to_and_detaches_from_an_event(staff_client, project, event, places):
    from projects.models import Event

    signing = Event.objects.create(
        code="lq",
        name="鹿泉签约",
        kind="signing_ceremony",
        held_on=datetime.date(2023, 3, 1),
        region=places["luquan"],
    )

    post(staff_client, project, "attach", event=signing.pk)
    post(staff_client, project, "detach", event=event.pk)

    assert list(project.events.all()) == [signing]


def test_an_event_outside_the_scope_cannot_be_attached(staff_client, project, other_event):
    response = post(staff_client, project, "attach", event=other_event.pk)

    assert list(action_errors(response, "attach")) == ["event"]
    assert not project.events.exists()
