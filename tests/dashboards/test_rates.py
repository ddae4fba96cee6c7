"""Honest rates, computed by hand: cohort conversion, 时序进度 and year-on-year growth."""

import datetime
from decimal import Decimal

import pytest
from django.test import override_settings

from dashboards.cohorts import cohorts, count_cohorts, plus_months
from dashboards.reads import Comparison, Progress, growth_pct, is_new, time_progress
from projects.models import Stage
from projects.periods import Period
from projects.totals.reads import Total
from tests.factories import ProjectFactory, RegionFactory

D = datetime.date
YEAR_2023 = Period(D(2023, 1, 1), D(2023, 12, 1))
TODAY = D(2024, 6, 30)

# (signed, landed): the signed-in-2023 cohort and how each one lands, by hand.
SIGNED_LANDED = [
    (D(2023, 1, 1), None),  # A: in the cohort (first day), never landed
    (D(2023, 1, 31), D(2023, 4, 30)),  # B: 3 months to the day (31 Jan + 3 = 30 Apr): within 3
    (D(2023, 1, 31), D(2023, 5, 1)),  # C: a day later: within 6, not 3
    (D(2023, 8, 31), D(2024, 2, 29)),  # D: 31 Aug + 6 = 29 Feb (leap): within 6
    (D(2023, 8, 31), D(2024, 3, 1)),  # E: a day later: within 12 only
    (D(2022, 12, 31), D(2023, 1, 15)),  # F: signed the day before the period: not in it
    (D(2023, 12, 31), D(2024, 7, 1)),  # G: last day; lands after today: not reached
    (D(2023, 12, 31), D(2024, 6, 30)),  # H: lands today, 6 months to the day: within 6
]


def test_plus_months_clips_to_the_month_end():
    assert plus_months(D(2023, 1, 31), 1) == D(2023, 2, 28)
    assert plus_months(D(2024, 1, 31), 1) == D(2024, 2, 29)
    assert plus_months(D(2023, 8, 31), 6) == D(2024, 2, 29)
    assert plus_months(D(2023, 12, 31), 12) == D(2024, 12, 31)
    assert plus_months(D(2023, 11, 15), 3) == D(2024, 2, 15)


def _check_signed_cohort(signed):
    assert (signed.start, signed.end) == (Stage.SIGNED, Stage.LANDED)
    assert signed.size == 7  # A B C D E G H
    assert signed.within == {3: 1, 6: 4, 12: 5}  # B; B C D H; B C D E H
    assert signed.reached == 5
    assert signed.median_days == Decimal("182.0")  # of 89, 90, 182, 183, 182
    # Windows still open on 30 June 2024: 12 months for D, E (end Aug 2024), G, H (Dec 2024);
    # G's and H's 6-month windows end on 30 June itself, which has passed by its end.
    assert signed.open == {3: 0, 6: 0, 12: 4}
    assert [share for _m, _n, share, _o in signed.rows()] == [
        Decimal("14.3"),
        Decimal("57.1"),
        Decimal("71.4"),
    ]


def test_cohorts_counted_in_python_by_hand():
    rows = [(D(2022, 11, 1), s, landed, None, None) for s, landed in SIGNED_LANDED]
    negotiating, signed, landed, started = count_cohorts(rows, YEAR_2023, TODAY)
    _check_signed_cohort(signed)
    assert negotiating.size == 0 and negotiating.share(3) is None
    assert negotiating.median_days is None
    # Landed in 2023: B (30 Apr) and C (1 May), F (15 Jan); none has started.
    assert landed.size == 3 and landed.within == {3: 0, 6: 0, 12: 0}
    assert started.size == 0


@pytest.mark.django_db
def test_cohorts_read_from_the_database_by_hand():
    """The same example through the query (SQL on PostgreSQL, Python on SQLite)."""
    region = RegionFactory()
    for signed_on, landed_on in SIGNED_LANDED:
        ProjectFactory(
            region=region,
            negotiating_on=D(2022, 11, 1),
            signed_on=signed_on,
            landed_on=landed_on,
        )
    ProjectFactory(region=RegionFactory(), signed_on=D(2023, 3, 1))  # another place
    negotiating, signed, landed, _started = cohorts(region, YEAR_2023, TODAY)
    _check_signed_cohort(signed)
    assert negotiating.size == 0
    assert landed.size == 3


def test_time_progress_counts_whole_months():
    assert time_progress(D(2023, 3, 1)) == Decimal(25)
    assert time_progress(D(2023, 6, 1)) == Decimal(50)
    assert time_progress(D(2023, 12, 1)) == Decimal(100)
    assert time_progress(D(2023, 1, 1)).quantize(Decimal("0.01")) == Decimal("8.33")


def test_progress_against_time_progress():
    # "上半年完成年度计划的70.7%，超过时序进度（50%）20.7个百分点"
    ahead = Progress(Decimal("707"), Decimal("1000"), time_progress(D(2023, 6, 1)))
    assert ahead.pct == Decimal("70.7")
    assert ahead.gap == Decimal("20.7")
    behind = Progress(Decimal("200"), Decimal("1000"), time_progress(D(2023, 9, 1)))
    assert behind.gap == Decimal("-55")
    assert Progress(Decimal("5"), Decimal(0), Decimal(50)).gap is None  # no target


def test_growth_over_a_small_base_is_new_not_a_percentage():
    assert growth_pct(284, 2, 10) is None  # was +14,100 %
    assert is_new(284, 2, 10)
    assert growth_pct(5, 0, 0) is None and is_new(5, 0, 0)
    assert growth_pct(12, 10, 10) == Decimal(20)  # at the threshold: a percentage
    assert growth_pct(9, 10, 10) == Decimal(-10)
    assert not is_new(1, 2, 10)  # a fall is never 新增
    assert not is_new(0, 0, 10)


@override_settings(DASHBOARD_YOY_MIN_COUNT=10, DASHBOARD_YOY_MIN_WAN=Decimal(10000))
def test_a_comparison_reads_the_thresholds_from_settings():
    small = Comparison(Total(284, Decimal(900000)), Total(2, Decimal(5000)))
    assert small.count_pct is None and small.count_is_new
    assert small.investment_pct is None and small.investment_is_new
    big = Comparison(Total(30, Decimal(30000)), Total(20, Decimal(20000)))
    assert big.count_pct == Decimal(50) and not big.count_is_new
    assert big.investment_pct == Decimal(50)
