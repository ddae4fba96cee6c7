"""Flow, stock, active, cumulative and scope roll-up, pinned against hand-computed examples."""

import datetime as dt
from decimal import Decimal

import pytest

from projects.models import Project, Stage
from tests.factories import ProjectFactory

D = dt.date


@pytest.fixture
def pipeline(places):
    """Six projects with hand-picked dates around the end of Q1 2023."""
    return {
        # signed on the first and last day of Q1: both inside the flow
        "a": ProjectFactory(
            region=places.huanghua,
            platform=places.gangcheng,
            negotiating_on=D(2022, 12, 1),
            signed_on=D(2023, 1, 1),
            total_investment=Decimal("15000"),
        ),
        "b": ProjectFactory(
            region=places.huanghua,
            platform=places.bohai,
            negotiating_on=D(2023, 2, 1),
            signed_on=D(2023, 3, 31),
            landed_on=D(2023, 3, 31),
            total_investment=Decimal("5000"),
        ),
        # signed the day after Q1: negotiating on 31 March
        "c": ProjectFactory(
            region=places.suning,
            negotiating_on=D(2023, 1, 5),
            signed_on=D(2023, 4, 1),
            total_investment=Decimal("20000"),
        ),
        # negotiating, terminated on 31 March: not negotiating at the end of that day
        "d": ProjectFactory(
            region=places.suning,
            negotiating_on=D(2023, 1, 5),
            terminated_on=D(2023, 3, 31),
            termination_reason="外迁",
        ),
        # started 2022, producing 2023, terminated mid-2023: active in both years
        "e": ProjectFactory(
            region=places.zhaoxian,
            negotiating_on=D(2021, 1, 1),
            signed_on=D(2021, 2, 1),
            landed_on=D(2021, 3, 1),
            started_on=D(2022, 6, 1),
            producing_on=D(2023, 1, 15),
            terminated_on=D(2023, 7, 1),
            termination_reason="停产",
        ),
        # started and terminated before 2023: not active in 2023
        "f": ProjectFactory(
            region=places.zhaoxian,
            signed_on=D(2021, 1, 1),
            negotiating_on=None,
            landed_on=D(2021, 2, 1),
            started_on=D(2021, 3, 1),
            terminated_on=D(2022, 12, 31),
            termination_reason="烂尾",
        ),
    }


def names(qs):
    return sorted(Project.objects.filter(pk__in=qs.values("pk")).values_list("name", flat=True))


def test_the_stage_column_follows_the_dates(pipeline):
    stages = {k: Project.objects.get(pk=p.pk).stage for k, p in pipeline.items()}
    assert stages == {
        "a": Stage.SIGNED,
        "b": Stage.LANDED,
        "c": Stage.SIGNED,
        "d": Stage.TERMINATED,
        "e": Stage.TERMINATED,
        "f": Stage.TERMINATED,
    }


def test_flow_counts_entries_within_the_period_boundaries_included(places, pipeline):
    q1 = Project.objects.reached(Stage.SIGNED, D(2023, 1, 1), D(2023, 3, 31))
    assert sorted(q1.values_list("pk", flat=True)) == sorted([pipeline["a"].pk, pipeline["b"].pk])
    assert q1.totals() == {"count": 2, "investment": Decimal("20000.00")}
    assert Project.objects.reached(Stage.SIGNED, D(2023, 1, 2), D(2023, 3, 30)).count() == 0


def test_stock_is_the_stage_held_at_the_end_of_the_day(places, pipeline):
    negotiating = Project.objects.at(Stage.NEGOTIATING, D(2023, 3, 31))
    assert list(negotiating.values_list("pk", flat=True)) == [pipeline["c"].pk]
    # On 30 March d was still negotiating and b had not signed.
    on_30 = Project.objects.at(Stage.NEGOTIATING, D(2023, 3, 30))
    assert sorted(on_30.values_list("pk", flat=True)) == sorted(
        [pipeline["b"].pk, pipeline["c"].pk, pipeline["d"].pk]
    )
    assert Project.objects.at(Stage.LANDED, D(2023, 3, 31)).count() == 1
    assert Project.objects.at(Stage.IN_PRODUCTION, D(2023, 6, 30)).count() == 1
    assert Project.objects.at(Stage.IN_PRODUCTION, D(2023, 7, 1)).count() == 0


def test_active_means_started_and_not_terminated_before_the_period(pipeline):
    in_2023 = Project.objects.active(D(2023, 1, 1), D(2023, 12, 31))
    assert list(in_2023.values_list("pk", flat=True)) == [pipeline["e"].pk]
    in_2022 = Project.objects.active(D(2022, 1, 1), D(2022, 12, 31))
    assert sorted(in_2022.values_list("pk", flat=True)) == sorted(
        [pipeline["e"].pk, pipeline["f"].pk]
    )
    assert Project.objects.active(D(2023, 7, 2), D(2023, 12, 31)).count() == 0


def test_cumulative_sums_flows_since_a_start_date(pipeline):
    since_2014 = Project.objects.cumulative(Stage.SIGNED, D(2014, 1, 1), D(2023, 12, 31))
    assert since_2014.count() == 5
    assert Project.objects.cumulative(Stage.SIGNED, D(2023, 1, 1), D(2023, 12, 31)).count() == 3


def test_scope_covers_everything_under_it_in_both_trees(places, pipeline):
    signed = Project.objects.reached(Stage.SIGNED)
    assert signed.in_scope(places.hebei).count() == 5
    assert signed.in_scope(places.cangzhou).count() == 3
    assert signed.in_scope(places.huanghua).count() == 2
    assert signed.in_scope(places.shijiazhuang).count() == 2
    assert signed.in_scope(places.bohai).count() == 2  # includes 港城产业园
    assert signed.in_scope(places.gangcheng).count() == 1


def test_filters_of_the_articles(places, pipeline):
    pipeline["c"].key_level = "provincial"
    pipeline["c"].origin = "tianjin"
    pipeline["c"].save()
    qs = Project.objects.all()
    # a 1.5亿, c 2亿 and d, e, f at exactly 1亿 (10000万): ≥ includes the boundary
    assert qs.with_filters(min_investment_yi=1).count() == 5
    assert qs.with_filters(min_investment_yi=Decimal("1.5")).count() == 2
    assert qs.with_filters(origin=["tianjin"]).count() == 1
    assert qs.with_filters(key_level=["provincial", "municipal"]).count() == 1
    assert qs.key_projects().count() == 1
    assert qs.with_filters(category="industrial").count() == 6
