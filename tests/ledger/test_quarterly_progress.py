"""The quarterly report reads plan completion against 时序进度, as Hebei's bulletins do."""

from decimal import Decimal
from types import SimpleNamespace

from django.test import override_settings

from dashboards.quarterly import Line, Money, _money_sentence
from projects.totals.reads import Total


def _report(money):
    return SimpleNamespace(money=[money], months_label="1—6月")


def test_half_year_ahead_of_time_progress():
    money = Money("合计", Decimal(0), Decimal(707), Decimal(1000), Decimal(600), Decimal(50))
    assert money.plan_pct == Decimal("70.7")
    assert money.gap == Decimal("20.7")
    sentence = _money_sentence(_report(money))
    assert "完成年度计划的70.7%，超过时序进度（50%）20.7个百分点" in sentence


def test_three_quarters_behind_time_progress():
    money = Money("合计", Decimal(0), Decimal(600), Decimal(1000), Decimal(0), Decimal(75))
    assert money.gap == Decimal("-15.0")
    assert "低于时序进度（75%）15.0个百分点" in _money_sentence(_report(money))
    assert money.growth is None  # a zero base is no percentage


@override_settings(DASHBOARD_YOY_MIN_COUNT=10)
def test_growth_over_a_small_base_is_left_out():
    line = Line(
        "签约", Total(284, Decimal(10**6)), Total(284, Decimal(10**6)), Total(2, Decimal(1))
    )
    assert line.count_growth is None
    assert line.investment_growth is None
    line = Line("签约", Total(30, Decimal(30000)), Total(30, Decimal(0)), Total(20, Decimal(20000)))
    assert line.count_growth == Decimal("50.0")
    assert line.investment_growth == Decimal("50.0")


def test_the_quarterly_report_ranks_the_units_below(official, project, places):
    from django.urls import reverse

    from dashboards.rankings import read_ranking
    from projects import totals
    from tests.ledger.test_pages import client_for, workbook

    totals.aggregates_rebuild()
    client = client_for(official)
    url = reverse("ledger:quarterly", args=["region", places["province"].code])
    response = client.get(url + "?year=2023&quarter=2")
    report = response.context["report"]
    ranking = read_ranking(places["province"], 2023, 6)
    assert report.ranking.groups == ranking.groups
    [(title, rows)] = report.ranking_tables()
    assert [p for p, _e in rows] == ranking.groups[0][1]
    assert "排名（1—6月累计" in response.content.decode()
    book = workbook(client.get(url + "?year=2023&quarter=2&format=xlsx"))
    sheet = list(book["排名"].iter_rows(values_only=True))
    names = [row[0] for row in sheet if row and row[0]]
    for place, entries in rows:
        assert place.name in names
        line = next(row for row in sheet if row and row[0] == place.name)
        assert line[1] == entries[0][1].value and line[2] == entries[0][1].rank
