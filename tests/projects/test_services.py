"""The write services: bad input raises a clear error and saves nothing."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from platforms.models import Platform
from projects import services
from projects.models import (
    Enterprise,
    InvestmentReport,
    Project,
    Stage,
    StageCorrection,
    StageEntry,
)

D = dt.date


@pytest.fixture
def investor(db):
    return Enterprise.objects.create(name="北京某科技有限公司", origin="beijing")


def create(places, actor, investor, **overrides):
    fields = dict(
        name="测试项目",
        investor=investor,
        region=places.huanghua,
        platform=places.gangcheng,
        category="industrial",
        total_investment=Decimal("15000"),
        entered_on=D(2023, 1, 5),
    )
    fields.update(overrides)
    return services.project_create(actor=actor, **fields)


def unchanged(*models):
    counts = [m.objects.count() for m in models]
    return lambda: [m.objects.count() for m in models] == counts


def test_it_creates_a_project_with_its_first_stage_entry(places, actor, investor):
    project = create(places, actor, investor)
    assert project.stage == Stage.NEGOTIATING
    assert project.origin == "beijing"  # from the investor
    assert project.code == "130983-2023-000001"
    entry = StageEntry.objects.get(project=project)
    assert (entry.stage, entry.entered_on, entry.recorded_by) == (
        Stage.NEGOTIATING,
        D(2023, 1, 5),
        actor,
    )
    assert project.history.count() == 1


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"total_investment": Decimal("-1")}, "total_investment"),
        ({"stage": "landed"}, "stage"),
        ({"stage": "no-such-stage"}, None),
        ({"entered_on": D(2999, 1, 1)}, "entered_on"),
    ],
)
def test_bad_input_raises_and_saves_nothing(places, actor, investor, overrides, field):
    nothing_saved = unchanged(Project, StageEntry)
    with pytest.raises((ValidationError, ValueError)) as caught:
        create(places, actor, investor, **overrides)
    if field and isinstance(caught.value, ValidationError):
        assert field in caught.value.message_dict
    assert nothing_saved()


def test_it_refuses_a_platform_outside_the_projects_region(places, actor, investor):
    nothing_saved = unchanged(Project)
    with pytest.raises(ValidationError) as caught:
        create(places, actor, investor, region=places.zhaoxian, platform=places.gangcheng)
    assert "港城产业园" in caught.value.message_dict["region"][0]
    assert nothing_saved()


def test_it_refuses_a_platform_outside_its_parents_region(places):
    platform = Platform(
        code="x", name="错位园区", tier="park", region=places.zhaoxian, parent=places.bohai
    )
    with pytest.raises(ValidationError) as caught:
        platform.full_clean()
    assert "region" in caught.value.message_dict


def test_it_advances_stage_by_stage_in_date_order(places, actor, investor):
    project = create(places, actor, investor)
    project = services.project_advance_stage(actor=actor, project=project, on=D(2023, 2, 1))
    assert project.stage == Stage.SIGNED
    nothing_saved = unchanged(StageEntry)
    with pytest.raises(ValidationError) as caught:
        services.project_advance_stage(actor=actor, project=project, on=D(2023, 1, 31))
    assert "on" in caught.value.message_dict  # landed before signed
    assert nothing_saved()
    assert Project.objects.get(pk=project.pk).landed_on is None
    project = services.project_advance_stage(actor=actor, project=project, on=D(2023, 2, 1))
    project = services.project_advance_stage(actor=actor, project=project, on=D(2023, 3, 1))
    assert project.build_type == "new"
    project = services.project_advance_stage(actor=actor, project=project, on=D(2023, 4, 1))
    assert project.stage == Stage.IN_PRODUCTION
    with pytest.raises(ValidationError):
        services.project_advance_stage(actor=actor, project=project, on=D(2023, 5, 1))
    assert StageEntry.objects.filter(project=project).count() == 5


def test_the_database_refuses_dates_out_of_order(places, investor):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Project.objects.create(
            code="X",
            name="x",
            investor=investor,
            origin="beijing",
            region=places.huanghua,
            category="industrial",
            total_investment=1,
            signed_on=D(2023, 2, 1),
            landed_on=D(2023, 1, 1),
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        Project.objects.create(
            code="Y",
            name="y",
            investor=investor,
            origin="beijing",
            region=places.huanghua,
            category="industrial",
            total_investment=-1,
            signed_on=D(2023, 2, 1),
        )


def test_moving_back_is_a_recorded_correction(places, actor, investor):
    project = create(places, actor, investor)
    project = services.project_advance_stage(actor=actor, project=project, on=D(2023, 2, 1))
    with pytest.raises(ValidationError):
        services.project_correct_stage(
            actor=actor, project=project, stage="signed", on=None, reason=" "
        )
    project = services.project_correct_stage(
        actor=actor, project=project, stage="signed", on=None, reason="合同未生效"
    )
    assert project.stage == Stage.NEGOTIATING and project.signed_on is None
    correction = StageCorrection.objects.get(project=project)
    assert (correction.previous_date, correction.corrected_date, correction.corrected_by) == (
        D(2023, 2, 1),
        None,
        actor,
    )
    assert not StageEntry.objects.filter(project=project, stage="signed").exists()


def test_termination_needs_a_reason_and_keeps_the_stage_dates(places, actor, investor):
    project = create(places, actor, investor)
    with pytest.raises(ValidationError):
        services.project_terminate(actor=actor, project=project, on=D(2023, 3, 1), reason="")
    project = services.project_terminate(
        actor=actor, project=project, on=D(2023, 3, 1), reason="投资方撤资"
    )
    assert project.stage == Stage.TERMINATED and project.negotiating_on == D(2023, 1, 5)


def test_a_second_editor_is_refused_and_told_what_changed(places, actor, investor):
    project = create(places, actor, investor)
    opened_at = project.version
    services.project_update(
        actor=actor, project=project, version=opened_at, total_investment=Decimal("20000")
    )
    with pytest.raises(services.ConcurrentEditError) as caught:
        services.project_update(actor=actor, project=project, version=opened_at, name="改名")
    assert caught.value.changes == [
        services.FieldChange(
            "total_investment", "总投资（万元）", Decimal("15000.00"), Decimal("20000.00")
        )
    ]
    assert Project.objects.get(pk=project.pk).name == "测试项目"


def test_investment_reports_need_a_started_project(places, actor, investor):
    project = create(places, actor, investor)
    with pytest.raises(ValidationError):
        services.investment_report(
            actor=actor, project=project, month=D(2023, 3, 1), completed_investment=1
        )
    for on in (D(2023, 2, 1), D(2023, 2, 2), D(2023, 3, 10)):
        project = services.project_advance_stage(actor=actor, project=project, on=on)
    with pytest.raises(ValidationError):
        services.investment_report(
            actor=actor, project=project, month=D(2023, 2, 1), completed_investment=1
        )
    services.investment_report(
        actor=actor, project=project, month=D(2023, 3, 15), completed_investment=Decimal("300")
    )
    services.investment_report(
        actor=actor, project=project, month=D(2023, 3, 1), completed_investment=Decimal("350")
    )
    report = InvestmentReport.objects.get(project=project)
    assert (report.month, report.completed_investment) == (D(2023, 3, 1), Decimal("350.00"))
