"""Planned dates and milestones: day arithmetic at the boundaries, 'behind plan' read two ways
(the detail page's rows and the list's QuerySet) agreeing, and the pipeline left alone."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from projects.models import Milestone, Project, StaleMark
from projects.records import schedule
from projects.records.schedule import plan_row
from tests.factories import ProjectFactory

TODAY = dt.date(2024, 3, 1)


@pytest.mark.parametrize(
    ("planned", "actual", "status", "days"),
    [
        (TODAY, None, "pending", 0),  # due today: not behind yet
        (TODAY - dt.timedelta(days=1), None, "overdue", 1),
        (TODAY + dt.timedelta(days=10), None, "pending", -10),
        (dt.date(2023, 12, 31), None, "overdue", 61),  # across a year end and leap February
        (dt.date(2024, 2, 28), dt.date(2024, 3, 1), "late", 2),  # 29 February counts
        (dt.date(2023, 2, 28), dt.date(2023, 3, 1), "late", 1),
        (dt.date(2023, 6, 1), dt.date(2023, 6, 1), "on_time", 0),
        (dt.date(2023, 6, 1), dt.date(2023, 1, 1), "ahead", -151),  # "提前5个月"
        (None, dt.date(2023, 1, 1), "unplanned", None),
    ],
)
def test_plan_rows_count_days_at_the_boundaries(planned, actual, status, days):
    row = plan_row("开工", planned, actual, TODAY)

    assert (row.status, row.days) == (status, days)


def test_a_terminated_project_is_not_behind_on_what_it_dropped():
    row = plan_row("投产", dt.date(2023, 1, 1), None, TODAY, terminated=True)

    assert row.status == "dropped"


def _project(**fields):
    values = {"negotiating_on": dt.date(2023, 1, 5)}
    return ProjectFactory(**(values | fields))


def _cases(db):
    """name → (project, behind on TODAY?)"""
    due_today = _project(name="今日到期")
    schedule.project_plan_set(actor=None, project=due_today, planned_signed_on=TODAY)
    yesterday = _project(name="昨日到期")
    schedule.project_plan_set(
        actor=None, project=yesterday, planned_signed_on=TODAY - dt.timedelta(days=1)
    )
    reached_late = _project(name="逾期后签约", signed_on=dt.date(2024, 2, 20))
    schedule.project_plan_set(
        actor=None, project=reached_late, planned_signed_on=dt.date(2024, 1, 1)
    )
    terminated = _project(
        name="已终止", terminated_on=dt.date(2023, 6, 1), termination_reason="企业撤回"
    )
    schedule.project_plan_set(actor=None, project=terminated, planned_signed_on=dt.date(2023, 5, 1))
    started = dict(
        signed_on=dt.date(2023, 2, 1), landed_on=dt.date(2023, 3, 1), started_on=dt.date(2023, 4, 1)
    )
    completed = _project(name="已竣工", build_type="new", **started)
    schedule.project_plan_set(
        actor=None, project=completed, planned_completed_on=dt.date(2023, 12, 1)
    )
    Milestone.objects.create(
        project=completed, kind=Milestone.Kind.COMPLETED, reached_on=dt.date(2023, 11, 1)
    )
    not_completed = _project(name="未竣工", build_type="new", **started)
    schedule.project_plan_set(
        actor=None, project=not_completed, planned_completed_on=dt.date(2023, 12, 1)
    )
    unplanned = _project(name="无计划")
    return {
        due_today: False,
        yesterday: True,
        reached_late: False,
        terminated: False,
        completed: False,
        not_completed: True,
        unplanned: False,
    }


def test_behind_plan_agrees_between_the_page_and_the_queryset(db):
    cases = _cases(db)

    listed = set(Project.objects.behind_plan(TODAY))

    for project, behind in cases.items():
        project.refresh_from_db()
        assert schedule.project_schedule(project, TODAY)["behind_plan"] is behind, project.name
        assert (project in listed) is behind, project.name


def test_planned_dates_keep_their_order(db):
    project = _project()

    with pytest.raises(ValidationError) as e:
        schedule.project_plan_set(
            actor=None,
            project=project,
            planned_signed_on=dt.date(2024, 5, 1),
            planned_landed_on=dt.date(2024, 4, 30),
        )

    assert "planned_landed_on" in e.value.error_dict
    assert not hasattr(project, "plan") or project.plan.pk is None


def test_a_plan_is_changed_field_by_field_with_history(db, staff):
    project = _project()
    schedule.project_plan_set(actor=staff, project=project, planned_signed_on=dt.date(2024, 5, 1))

    plan = schedule.project_plan_set(
        actor=staff, project=project, planned_landed_on=dt.date(2024, 6, 1)
    )

    assert (plan.planned_signed_on, plan.planned_landed_on) == (
        dt.date(2024, 5, 1),
        dt.date(2024, 6, 1),
    )
    assert [h.history_type for h in plan.history.order_by("history_date")] == ["+", "~"]


@pytest.mark.parametrize(
    ("fields", "kind", "on", "message"),
    [
        ({}, Milestone.Kind.COMPLETED, dt.date(2023, 6, 1), "尚未开工"),
        (
            {"signed_on": dt.date(2023, 2, 1), "landed_on": dt.date(2023, 3, 1)}
            | {"started_on": dt.date(2023, 4, 1), "build_type": "new"},
            Milestone.Kind.COMPLETED,
            dt.date(2023, 3, 31),
            "不能早于开工日期",
        ),
        ({}, Milestone.Kind.FULL_OUTPUT, dt.date(2023, 6, 1), "尚未投产"),
        ({}, Milestone.Kind.APPROVED, dt.date.today() + dt.timedelta(days=1), "不能晚于今天"),
    ],
)
def test_milestones_follow_the_stages_they_need(db, fields, kind, on, message):
    project = _project(**fields)

    with pytest.raises(ValidationError) as e:
        schedule.milestone_record(actor=None, project=project, kind=kind, reached_on=on)

    assert message in " ".join(e.value.messages)
    assert not Milestone.objects.exists()


def test_a_milestone_is_recorded_once_and_leaves_the_pipeline_alone(db):
    project = _project()
    stage, marks = project.stage, StaleMark.objects.count()

    schedule.milestone_record(
        actor=None, project=project, kind=Milestone.Kind.APPROVED, reached_on=dt.date(2023, 2, 1)
    )
    with pytest.raises(ValidationError) as e:
        schedule.milestone_record(
            actor=None,
            project=project,
            kind=Milestone.Kind.APPROVED,
            reached_on=dt.date(2023, 3, 1),
        )

    assert "已记录过这个节点" in " ".join(e.value.messages)
    project.refresh_from_db()
    assert project.stage == stage
    assert StaleMark.objects.count() == marks


# ---------------------------------------------------------------- pages


def test_staff_set_a_plan_and_see_how_far_behind(world, staff_client):
    project = world["project"]  # started 2023-05-01
    url = reverse("projects:schedule", args=[project.pk])

    response = staff_client.post(
        url,
        {
            "schedule-planned_started_on": "2023-04-21",
            "schedule-planned_producing_on": "2024-01-01",
        },
    )

    assert response.status_code == 302
    page = staff_client.get(project.get_absolute_url()).content.decode()
    assert "滞后 10 天" in page
    assert "已逾期" in page and "滞后于计划" in page  # production was due 2024-01-01


def test_a_bad_plan_comes_back_on_the_page_with_its_error(world, staff_client):
    project = world["project"]
    url = reverse("projects:schedule", args=[project.pk])

    response = staff_client.post(
        url,
        {"schedule-planned_signed_on": "2024-05-01", "schedule-planned_landed_on": "2024-04-01"},
    )

    assert response.status_code == 200
    assert "计划落地日期不能早于计划签约日期" in response.content.decode()


def test_staff_record_and_withdraw_a_milestone(world, staff_client):
    project = world["project"]

    staff_client.post(
        reverse("projects:milestone", args=[project.pk]),
        {"milestone-kind": "completed", "milestone-reached_on": "2023-09-30"},
    )
    milestone = project.milestones.get(kind="completed")
    assert "2023-09-30" in staff_client.get(project.get_absolute_url()).content.decode()

    staff_client.post(
        reverse("projects:milestone_remove", args=[project.pk]),
        {"unmilestone-milestone": milestone.pk},
    )
    assert not project.milestones.filter(kind="completed").exists()
    assert Milestone.history.filter(history_type="-").exists()


def test_the_list_filters_projects_behind_plan(world, other_project, admin):
    from tests.pages.conftest import client_for

    schedule.project_plan_set(
        actor=None, project=world["project"], planned_producing_on=dt.date(2024, 1, 1)
    )
    schedule.project_plan_set(
        actor=None, project=other_project, planned_signed_on=dt.date(2999, 1, 1)
    )

    response = client_for(admin).get(reverse("projects:list"), {"plan": "behind"})

    assert [p.pk for p in response.context["page"]] == [world["project"].pk]


def test_the_dashboard_counts_projects_behind_plan(world, places, official):
    from tests.pages.conftest import client_for

    schedule.project_plan_set(
        actor=None, project=world["project"], planned_producing_on=dt.date(2024, 1, 1)
    )
    url = reverse("dashboards:region", args=[places["province"].code])

    page = client_for(official).get(url).content.decode()

    assert "滞后于计划的项目 1 个" in page
    assert "plan=behind" in page
