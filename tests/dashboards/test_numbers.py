"""Every dashboard number equals the live QuerySet that defines it."""

import datetime
import statistics
from decimal import Decimal

import pytest
from django.db.models import Sum

from dashboards.charts import all_charts, yi
from dashboards.reads import KEY_LEVELS, PIPELINE, dashboard_for
from projects import totals
from projects.models import (
    AnnualPlan,
    Category,
    Cut,
    InvestmentReport,
    Origin,
    Project,
    RelocatedUnit,
    Stage,
)
from projects.periods import Period
from projects.totals.reads import Slice
from tests.dashboards.conftest import client_for

D = datetime.date
PERIODS = [
    Period(D(2023, 1, 1), D(2023, 3, 1)),  # a quarter
    Period(D(2023, 1, 1), D(2023, 12, 1)),  # a year
    Period(D(2023, 6, 1), D(2023, 6, 1)),  # a month
    Period(D(2022, 5, 1), D(2023, 8, 1)),  # a custom range longer than a year
]


def live(qs):
    row = qs.totals()
    return row["count"], row["investment"] or Decimal(0)


def as_pair(total):
    return total.count, total.investment


@pytest.mark.django_db
@pytest.mark.parametrize("period", PERIODS, ids=lambda p: p.label())
def test_cards_equal_live_querysets(world, period):
    prev = period.year_earlier()
    for scope in world.scopes:
        projects = Project.objects.in_scope(scope)
        cards = {card.stage: card for card in dashboard_for(scope, period).cards}
        negotiating = cards[Stage.NEGOTIATING].value
        assert as_pair(negotiating.now) == live(projects.at(Stage.NEGOTIATING, period.end))
        assert as_pair(negotiating.before) == live(projects.at(Stage.NEGOTIATING, prev.end))
        for stage in PIPELINE[1:]:
            value = cards[stage].value
            assert as_pair(value.now) == live(projects.reached(stage, period.start, period.end)), (
                scope,
                stage,
            )
            assert as_pair(value.before) == live(projects.reached(stage, prev.start, prev.end))


@pytest.mark.django_db
def test_cards_agree_with_totals_module(world):
    period = PERIODS[1]
    for scope in world.scopes:
        cards = {card.stage: card for card in dashboard_for(scope, period).cards}
        assert cards[Stage.NEGOTIATING].value.now == totals.stock(
            scope, Stage.NEGOTIATING, period.end
        )
        assert cards[Stage.SIGNED].value.now == totals.flow(
            scope, Stage.SIGNED, period.start, period.end
        )


@pytest.mark.django_db
def test_the_page_shows_the_cards(world, official):
    response = client_for(official).get(
        f"/dashboards/region/{world.cangzhou.code}/",
        {"kind": "quarter", "year": 2023, "quarter": 1},
    )
    assert response.status_code == 200
    cards = {card.stage: card for card, _link in response.context["cards"]}
    signed = Project.objects.in_scope(world.cangzhou).reached(
        Stage.SIGNED, D(2023, 1, 1), D(2023, 3, 31)
    )
    assert cards[Stage.SIGNED].value.now.count == signed.count()
    assert "签约" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("period", PERIODS[:2], ids=lambda p: p.label())
def test_breakdowns_and_children_equal_live_querysets(world, period):
    d = dashboard_for(world.province, period)
    charts = all_charts(d, [None] * len(d.children))
    signed = Project.objects.in_scope(world.province).reached(
        Stage.SIGNED, period.start, period.end
    )
    flows = charts["flows"].series[0].values
    funnel = charts["funnel"].series[0].values
    for i, stage in enumerate(PIPELINE):
        reached = Project.objects.in_scope(world.province).reached(stage, period.start, period.end)
        assert flows[i] == reached.count()
        at_or_beyond = sum(
            Project.objects.in_scope(world.province).at(s, period.end).count() for s in PIPELINE[i:]
        )
        assert funnel[i] == at_or_beyond
    assert funnel == sorted(funnel, reverse=True)  # the stock narrows
    # Categories (stages, places, chains …) are bars, never joined by a line; only the
    # charts over months or quarters draw lines.
    for chart in charts.values():
        if chart.name not in ("trend", "key_monthly"):
            assert {s.type for s in chart.series} == {"bar"}, chart.name
    origins = dict(
        zip(charts["origins"].categories, charts["origins"].series[0].values, strict=True)
    )
    assert origins["北京"] == signed.filter(origin=Origin.BEIJING).count()
    assert origins["天津"] == signed.filter(origin=Origin.TIANJIN).count()
    assert origins["其他"] == signed.exclude(origin__in=Origin.jingjin()).count()
    categories = charts["categories"]
    for i, category in enumerate(Category):
        assert categories.series[0].values[i] == signed.filter(category=category).count()
        amount = signed.filter(category=category).aggregate(s=Sum("total_investment"))["s"]
        assert categories.series[1].values[i] == yi(amount)
    chains = charts["chains"]
    for i, label in enumerate(chains.categories):
        chain = next(c for c in d.chains.values() if label.endswith(c.name))
        assert chains.series[0].values[i] == signed.filter(chains=chain).count()
        assert chains.highlight[i] == (chain.kind != "local")
    assert chains.categories[0].startswith("★")
    children = charts["children"]
    assert children.categories == [world.sjz.name, world.cangzhou.name]
    for i, child in enumerate(d.children):
        live_child = Project.objects.in_scope(child)
        assert (
            children.series[0].values[i]
            == live_child.reached(Stage.SIGNED, period.start, period.end).count()
        )
        assert (
            children.series[1].values[i]
            == live_child.reached(Stage.UNDER_CONSTRUCTION, period.start, period.end).count()
        )


@pytest.mark.django_db
def test_city_children_are_counties_and_platforms(world):
    d = dashboard_for(world.cangzhou, PERIODS[0])
    assert d.children == [world.suning, world.huanghua, world.bohai]
    assert dashboard_for(world.bohai, PERIODS[0]).children == [world.gangcheng]
    assert dashboard_for(world.gangcheng, PERIODS[0]).children == []


@pytest.mark.django_db
def test_trend_equals_live_quarters(world):
    period = PERIODS[1]
    d = dashboard_for(world.cangzhou, period)
    assert len(d.trend) == 8
    projects = Project.objects.in_scope(world.cangzhou)
    for quarter, cell in d.trend.items():
        end = (quarter.replace(day=28) + datetime.timedelta(days=70)).replace(day=1)
        end -= datetime.timedelta(days=1)
        for stage in (Stage.SIGNED, Stage.UNDER_CONSTRUCTION):
            assert (cell[stage].count, cell[stage].investment) == live(
                projects.reached(stage, quarter, end)
            )


@pytest.mark.django_db
@pytest.mark.parametrize("scope_name", ["province", "cangzhou", "bohai", "zhaoxian"])
def test_key_projects_progress_equals_live_reports(world, scope_name):
    scope = getattr(world, scope_name)
    period = Period(D(2023, 1, 1), D(2023, 9, 1))
    key = dashboard_for(scope, period).key
    projects = Project.objects.in_scope(scope).filter(key_level__in=KEY_LEVELS)
    reports = InvestmentReport.objects.filter(project__in=projects)
    done = reports.filter(month__gte=D(2023, 1, 1), month__lte=D(2023, 9, 1))
    done = done.aggregate(s=Sum("completed_investment"))["s"] or Decimal(0)
    plan = AnnualPlan.objects.filter(project__in=projects, year=2023)
    plan = plan.aggregate(s=Sum("planned_investment"))["s"] or Decimal(0)
    assert key.done() == done
    assert key.plan() == plan
    assert key.pct() == (done * 100 / plan if plan else None)
    before = reports.filter(month__gte=D(2022, 1, 1), month__lte=D(2022, 9, 1))
    assert key.done(before=True) == (before.aggregate(s=Sum("completed_investment"))["s"] or 0)
    key_slice = Slice(Cut.KEY_LEVEL, KEY_LEVELS)
    assert key.done() == totals.completed(scope, period.start, period.end, key_slice)
    september = reports.filter(month=D(2023, 9, 1)).aggregate(s=Sum("completed_investment"))["s"]
    assert key.month_total(D(2023, 9, 1)) == (september or 0)


@pytest.mark.django_db
@pytest.mark.parametrize("period", PERIODS, ids=lambda p: p.label())
def test_relocations_equal_live_units(world, period):
    for scope in (world.province, world.huanghua, world.bohai):
        relocations = dashboard_for(scope, period).relocations
        units = RelocatedUnit.objects.in_scope(scope)
        prev = period.year_earlier()
        for origin in Origin.jingjin():
            for kind in RelocatedUnit.Kind:
                rows = units.filter(origin=origin, kind=kind)
                now = rows.filter(relocated_on__gte=period.start, relocated_on__lte=period.end)
                before = rows.filter(relocated_on__gte=prev.start, relocated_on__lte=prev.end)
                expected = (now.count(), before.count())
                assert relocations.get((origin.value, kind.value), (0, 0)) == expected
                assert (
                    totals.relocated_units(
                        scope, period.start, period.end, [origin.value], [kind.value]
                    )
                    == expected[0]
                )


@pytest.mark.django_db
def test_cycle_times_are_medians_of_the_moves_in_the_period(world):
    period = PERIODS[3]
    for scope in (world.province, world.huanghua):
        cycle = dashboard_for(scope, period).cycle
        for a, b, days, n in cycle:
            moved = Project.objects.in_scope(scope).reached(b, period.start, period.end)
            gaps = [(p.stage_date(b) - p.stage_date(a)).days for p in moved]
            assert n == len(gaps)
            expected = Decimal(statistics.median(gaps)).quantize(Decimal("0.1")) if gaps else None
            assert days == expected


@pytest.mark.django_db
def test_conversions_are_cohorts_never_above_100(world):
    """No number labelled a conversion exceeds 100 %: each is a share of one cohort."""
    period = PERIODS[1]
    for scope in world.scopes:
        for cohort in dashboard_for(scope, period).cohorts:
            cohort_projects = Project.objects.in_scope(scope).reached(
                cohort.start, period.start, period.end
            )
            assert cohort.size == cohort_projects.count()
            for _months, reached, share, _open in cohort.rows():
                assert 0 <= reached <= cohort.size
                assert share is None or Decimal(0) <= share <= Decimal(100)
            assert cohort.within[3] <= cohort.within[6] <= cohort.within[12] <= cohort.reached


@pytest.mark.django_db
def test_figures_and_merchants_are_those_in_the_subtree(world):
    province = dashboard_for(world.province, PERIODS[0])
    assert [f.code for f in province.figures] == ["bohai-signed-2023", "hebei-signed-2023"]
    assert [m.source_market for m in province.merchants] == ["大红门", "动物园"]
    city = dashboard_for(world.cangzhou, PERIODS[0])
    assert [f.code for f in city.figures] == ["bohai-signed-2023"]
    assert [m.source_market for m in city.merchants] == ["大红门"]
    platform = dashboard_for(world.gangcheng, PERIODS[0])
    assert platform.figures == []


@pytest.mark.django_db
def test_the_page_shows_figure_status_and_freshness(world, official):
    response = client_for(official).get(f"/dashboards/region/{world.province.code}/")
    text = response.content.decode()
    assert "一致" in text and "不一致" in text
    assert "汇总计算于" in text
    assert response.context["dashboard"].latest_run is not None
    assert response.context["dashboard"].stale == 0


@pytest.mark.django_db
def test_csv_matches_the_chart_table(world, official):
    client = client_for(official)
    page = client.get(f"/dashboards/region/{world.province.code}/", {"kind": "year", "year": 2023})
    for name, chart in page.context["charts"].items():
        response = client.get(
            f"/dashboards/region/{world.province.code}/",
            {"kind": "year", "year": 2023, "format": "csv", "chart": name},
        )
        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/csv")
        lines = response.content.decode("utf-8-sig").strip().splitlines()
        assert len(lines) == len(chart.categories) + 1
        assert lines[0].split(",")[0] == str(chart.category_label)
    missing = client.get(f"/dashboards/region/{world.province.code}/?format=csv&chart=nope")
    assert missing.status_code == 404


@pytest.mark.sqlite  # PostgreSQL takes the medians in SQL over every project
@pytest.mark.django_db
def test_cycle_times_on_sqlite_read_a_bounded_sample(world, monkeypatch):
    from dashboards import cycles

    monkeypatch.setattr(cycles, "CYCLE_SAMPLE", 3)
    moves = [n for _a, _b, _days, n in cycles.cycle_times(world.province, PERIODS[3])]
    assert sum(moves) <= 3 * len(moves)
    assert all(n <= 3 for n in moves)
