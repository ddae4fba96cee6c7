"""The precomputed totals equal the live QuerySets, and recomputes are incremental and idempotent."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from projects import services, totals
from projects.models import (
    ACTIVE,
    AnnualPlan,
    Cut,
    Enterprise,
    Event,
    EventTotal,
    InvestmentMonthTotal,
    InvestmentReport,
    PlanYearTotal,
    Project,
    RelocationMonthTotal,
    Stage,
    StageMonthTotal,
    StaleMark,
)
from projects.totals import recompute
from tests.factories import ChainFactory, Places, ProjectFactory

D = dt.date
MONTH_ENDS = [D(2022, 12, 31), D(2023, 3, 31)]
PERIODS = [
    (D(2023, 1, 1), D(2023, 3, 31)),
    (D(2022, 1, 1), D(2022, 12, 31)),
    (D(2023, 2, 1), D(2023, 2, 28)),
]
SLICES = {
    "whole": (totals.WHOLE, {}),
    "major": (totals.Slice(Cut.MAJOR), {"min_investment_yi": 1}),
    "jingjin": (
        totals.Slice(Cut.ORIGIN, ["beijing", "tianjin"]),
        {"origin": ["beijing", "tianjin"]},
    ),
    "key": (
        totals.Slice(Cut.KEY_LEVEL, ["provincial", "municipal"]),
        {"key_level": ["provincial", "municipal"]},
    ),
}

days = st.integers(min_value=0, max_value=700)


@st.composite
def project_rows(draw):
    """A project's attributes and a contiguous stage history starting in 2022."""
    start = D(2022, 1, 1) + dt.timedelta(days=draw(days))
    gaps = draw(st.lists(st.integers(0, 120), min_size=0, max_size=4))
    dates, day = [], start
    for gap in gaps:
        day = day + dt.timedelta(days=gap)
        dates.append(day)
    terminated = draw(st.one_of(st.none(), st.integers(0, 200)))
    return {
        "dates": [start, *dates],
        "terminated_after": terminated,
        "place": draw(st.integers(0, 4)),
        "amount": Decimal(draw(st.integers(0, 40000))) / 2,
        "origin": draw(st.sampled_from(["beijing", "tianjin", "hebei"])),
        "key_level": draw(st.sampled_from(["", "municipal", "provincial"])),
    }


def make_project(places, row, n):
    region, platform = [
        (places.huanghua, places.gangcheng),
        (places.huanghua, places.bohai),
        (places.huanghua, None),
        (places.suning, None),
        (places.zhaoxian, None),
    ][row["place"]]
    fields = dict(
        zip(
            ["negotiating_on", "signed_on", "landed_on", "started_on", "producing_on"],
            row["dates"],
            strict=False,
        )
    )
    if row["terminated_after"] is not None:
        fields["terminated_on"] = row["dates"][-1] + dt.timedelta(days=row["terminated_after"])
        fields["termination_reason"] = "终止"
    return ProjectFactory(
        code=f"H-{n}",
        region=region,
        platform=platform,
        total_investment=row["amount"],
        origin=row["origin"],
        key_level=row["key_level"],
        **fields,
    )


def live_equals_kept(places):
    for scope in [*places.regions, *places.platforms]:
        projects = Project.objects.in_scope(scope)
        for name, (slice_, filters) in SLICES.items():
            qs = projects.with_filters(**filters)
            for stage in Stage:
                for start, end in PERIODS:
                    live = qs.reached(stage, start, end).totals()
                    kept = totals.flow(scope, stage, start, end, slice_)
                    assert (kept.count, kept.investment) == (
                        live["count"],
                        live["investment"] or 0,
                    ), (scope, name, stage, start)
                if stage == Stage.TERMINATED:
                    continue
                for on in MONTH_ENDS:
                    live = qs.at(stage, on).totals()
                    kept = totals.stock(scope, stage, on, slice_)
                    assert (kept.count, kept.investment) == (
                        live["count"],
                        live["investment"] or 0,
                    ), (scope, name, stage, on)
            for start, end in PERIODS:
                live = qs.active(start, end).totals()
                kept = totals.active(scope, start, end, slice_)
                assert (kept.count, kept.investment) == (live["count"], live["investment"] or 0), (
                    scope,
                    name,
                    "active",
                    start,
                )


class TestTotalsEqualLiveQueries(TestCase):
    @settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(rows=st.lists(project_rows(), min_size=4, max_size=14))
    def test_it_matches_at_every_level_of_both_trees(self, rows):
        places = Places()
        for n, row in enumerate(rows):
            make_project(places, row, n)
        totals.aggregates_rebuild()
        live_equals_kept(places)


TABLES = [StageMonthTotal, InvestmentMonthTotal, PlanYearTotal, EventTotal, RelocationMonthTotal]

edits = st.lists(
    st.tuples(
        st.integers(0, 3),
        st.sampled_from(
            ["amount", "origin", "key_level", "move", "advance", "terminate", "report", "plan"]
            + ["chains", "event"]
        ),
        st.integers(0, 4),
    ),
    min_size=1,
    max_size=6,
)


def apply_edit(places, project, edit, value, extras):
    """One change through the services, as a page would make it; refusals are skipped."""
    project.refresh_from_db()
    common = {"actor": None, "project": project}
    try:
        if edit == "amount":
            services.project_update(
                **common,
                version=project.version,
                total_investment=Decimal(value * 4999) + Decimal("0.5"),
            )
        elif edit == "origin":
            services.project_update(
                **common, version=project.version, origin=["beijing", "tianjin", "hebei"][value % 3]
            )
        elif edit == "key_level":
            services.project_update(
                **common,
                version=project.version,
                key_level=["", "municipal", "provincial"][value % 3],
            )
        elif edit == "move":
            region, platform = PLACES[value](places)
            services.project_update(
                **common, version=project.version, region=region, platform=platform
            )
        elif edit == "advance":
            last = max(d for d in (project.stage_date(s) for s in Stage) if d)
            services.project_advance_stage(**common, on=last + dt.timedelta(days=20 * value))
        elif edit == "terminate":
            last = max(d for d in (project.stage_date(s) for s in Stage) if d)
            services.project_terminate(**common, on=last + dt.timedelta(days=value), reason="撤资")
        elif edit == "report" and project.started_on:
            month = project.started_on + dt.timedelta(days=31 * value)
            services.investment_report(
                **common, month=month, completed_investment=Decimal(value) + Decimal("100.5")
            )
        elif edit == "plan":
            services.annual_plan_set(
                **common, year=2022 + value % 3, planned_investment=Decimal(value * 1000)
            )
        elif edit == "chains":
            services.project_update(
                **common, version=project.version, chains=extras["chains"][: value % 3]
            )
        elif edit == "event":
            services.event_attach(actor=None, event=extras["event"], project=project)
    except ValidationError:
        pass


PLACES = [
    lambda p: (p.huanghua, p.gangcheng),
    lambda p: (p.huanghua, p.bohai),
    lambda p: (p.huanghua, None),
    lambda p: (p.suning, None),
    lambda p: (p.zhaoxian, None),
]


class TestIncrementalEqualsRebuild(TestCase):
    @settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(rows=st.lists(project_rows(), min_size=4, max_size=14), changes=edits)
    def test_recomputing_the_marks_gives_the_rows_a_rebuild_gives(self, rows, changes):
        places = Places()
        projects = [make_project(places, row, n) for n, row in enumerate(rows)]
        extras = {
            "chains": [ChainFactory() for _ in range(2)],
            "event": Event.objects.create(
                code="e-1",
                name="签约仪式",
                kind="signing_ceremony",
                held_on=D(2023, 6, 1),
                region=places.hebei,
            ),
        }
        for project in projects:
            AnnualPlan.objects.create(project=project, year=2023, planned_investment=Decimal(900))
            if project.started_on:
                InvestmentReport.objects.create(
                    project=project,
                    month=project.started_on.replace(day=1),
                    completed_investment=Decimal("300.5"),
                )
        totals.aggregates_rebuild()
        for index, edit, value in changes:
            apply_edit(places, projects[index % len(projects)], edit, value, extras)
        totals.aggregates_recompute_stale()
        incremental = {model: snapshot(model) for model in TABLES}
        totals.aggregates_rebuild()
        for model in TABLES:
            assert incremental[model] == snapshot(model), model.__name__


@pytest.fixture
def investor(db):
    return Enterprise.objects.create(name="天津某公司", origin="tianjin")


def snapshot(model):
    return sorted(
        model.objects.values_list(
            *[f.attname for f in model._meta.concrete_fields if f.name != "id"]
        )
    )


def test_a_rebuild_run_twice_leaves_identical_rows(places):
    for n in range(5):
        ProjectFactory(
            region=places.huanghua, platform=places.gangcheng, signed_on=D(2023, n + 1, 3)
        )
    totals.aggregates_rebuild()
    first = snapshot(StageMonthTotal)
    totals.aggregates_rebuild()
    assert snapshot(StageMonthTotal) == first and first


def test_an_edit_marks_and_recomputes_only_its_own_scopes(
    places, actor, investor, django_capture_on_commit_callbacks
):
    ProjectFactory(region=places.zhaoxian, signed_on=D(2023, 2, 1))
    totals.aggregates_rebuild()
    untouched = snapshot_scope(places.shijiazhuang)
    with django_capture_on_commit_callbacks(execute=False):
        services.project_create(
            actor=actor,
            name="新项目",
            investor=investor,
            region=places.huanghua,
            platform=places.gangcheng,
            category="industrial",
            total_investment=Decimal("30000"),
            entered_on=D(2023, 3, 3),
            stage="signed",
        )
    marked = set(StaleMark.objects.values_list("scope_kind", "scope_id", "month"))
    assert marked == {
        *(("r", r.pk, D(2023, 3, 1)) for r in (places.hebei, places.cangzhou, places.huanghua)),
        *(("p", p.pk, D(2023, 3, 1)) for p in (places.bohai, places.gangcheng)),
    }
    assert totals.flow(places.hebei, Stage.SIGNED).count == 1  # not yet recomputed
    run = totals.aggregates_recompute_stale()
    assert run.cells == 5 and not StaleMark.objects.exists()
    assert totals.flow(places.hebei, Stage.SIGNED).count == 2
    assert totals.flow(places.gangcheng, Stage.SIGNED, slice_=totals.Slice(Cut.MAJOR)).count == 1
    assert snapshot_scope(places.shijiazhuang) == untouched
    live_equals_kept(places)


def snapshot_scope(scope):
    kind, pk = totals.scope_key(scope)
    return sorted(
        StageMonthTotal.objects.filter(scope_kind=kind, scope_id=pk).values_list(
            "stage", "month", "cut", "cut_value", "entered_count", "exited_count"
        )
    )


@pytest.mark.django_db(transaction=True)
def test_moving_a_project_between_scopes_updates_both(places, actor, investor):
    project = services.project_create(
        actor=actor,
        name="迁移",
        investor=investor,
        region=places.huanghua,
        platform=places.gangcheng,
        category="industrial",
        total_investment=Decimal("100"),
        entered_on=D(2023, 3, 3),
    )
    services.project_update(
        actor=actor, project=project, version=project.version, region=places.zhaoxian, platform=None
    )
    assert totals.stock(places.gangcheng, Stage.NEGOTIATING, D(2023, 3, 31)).count == 0
    assert totals.stock(places.shijiazhuang, Stage.NEGOTIATING, D(2023, 3, 31)).count == 1
    live_equals_kept(places)


@pytest.mark.django_db(transaction=True)
def test_completed_investment_and_plans_are_kept_by_month_and_year(places, actor, investor):
    project = services.project_create(
        actor=actor,
        name="在建",
        investor=investor,
        region=places.huanghua,
        category="industrial",
        total_investment=Decimal("50000"),
        entered_on=D(2023, 1, 3),
        stage="signed",
        key_level="provincial",
    )
    for on in (D(2023, 1, 10), D(2023, 1, 20)):
        project = services.project_advance_stage(actor=actor, project=project, on=on)
    services.investment_report(
        actor=actor, project=project, month=D(2023, 1, 1), completed_investment=Decimal("1200.5")
    )
    services.investment_report(
        actor=actor, project=project, month=D(2023, 2, 1), completed_investment=Decimal("800")
    )
    services.annual_plan_set(
        actor=actor, project=project, year=2023, planned_investment=Decimal("4000")
    )
    key = totals.Slice(Cut.KEY_LEVEL, ["provincial", "municipal"])
    assert totals.completed(places.cangzhou, D(2023, 1, 1), D(2023, 2, 28), key) == Decimal(
        "2000.50"
    )
    assert totals.completed(places.cangzhou, D(2023, 2, 1), D(2023, 2, 28)) == Decimal("800.00")
    assert totals.planned(places.hebei, 2023, key) == Decimal("4000.00")
    assert InvestmentMonthTotal.objects.filter(scope_id=places.suning.pk).count() == 0


@pytest.mark.django_db(transaction=True)
def test_a_recompute_that_fails_keeps_its_marks(places, actor, investor, monkeypatch):
    ProjectFactory(region=places.zhaoxian, signed_on=D(2023, 2, 1))
    StaleMark.objects.create(scope_kind="r", scope_id=places.zhaoxian.pk, month=D(2023, 2, 1))

    def boom(*args, **kwargs):
        raise RuntimeError("worker died")

    monkeypatch.setattr(recompute, "_rebuild_relocations", boom)
    with pytest.raises(RuntimeError):
        totals.aggregates_recompute_stale()
    assert StaleMark.objects.count() == 1
    monkeypatch.undo()
    with transaction.atomic():
        totals.aggregates_recompute_stale()
    assert StaleMark.objects.count() == 0
    assert totals.flow(places.zhaoxian, Stage.SIGNED).count == 1


def test_active_pseudo_stage_rows_exist_for_started_projects(places):
    ProjectFactory(
        region=places.zhaoxian,
        signed_on=D(2023, 1, 1),
        landed_on=D(2023, 1, 2),
        started_on=D(2023, 1, 3),
    )
    totals.aggregates_rebuild()
    assert (
        StageMonthTotal.objects.filter(stage=ACTIVE, cut="").count() == 3
    )  # 赵县, 石家庄市, 河北省


def test_verify_reports_drift(places):
    ProjectFactory(region=places.zhaoxian, signed_on=D(2023, 1, 1))
    totals.aggregates_rebuild()
    assert totals.aggregates_verify().drift == 0
    StageMonthTotal.objects.filter(stage="signed").update(entered_count=7)
    assert totals.aggregates_verify().drift > 0
