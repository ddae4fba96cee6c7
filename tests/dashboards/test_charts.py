"""How the charts draw: bars for categories, whole-number count axes, one number format,
regions apart from platforms, and one colour per stage."""

import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings

from dashboards.charts import all_charts
from dashboards.reads import dashboard_for
from projects.models import Stage
from projects.templatetags.registry import count, num
from tests.dashboards.test_numbers import PERIODS

STATIC = Path(settings.BASE_DIR) / "static"


def test_one_number_format():
    assert num(2446) == "2,446"
    assert num(Decimal("2446.13")) == "2,446.13"
    assert num(Decimal("0.50")) == "0.50"
    assert num(None) == "—"
    assert count(1234567) == "1,234,567"


@pytest.mark.django_db
def test_count_axes_are_whole_and_amounts_have_two_places(world):
    d = dashboard_for(world.cangzhou, PERIODS[1])
    charts = all_charts(d, [None] * len(d.children))
    for chart in charts.values():
        data = chart.data()
        for series in data["series"]:
            if "亿元" in series["name"]:
                assert series["decimals"] == 2, (chart.name, series["name"])
                assert series["axis"] not in data["integer_axes"]
            elif "个数" in series["name"] or series["name"] in ("本期", "上年同期"):
                assert series["decimals"] == 0
                assert series["axis"] in data["integer_axes"], (chart.name, series["name"])


@pytest.mark.django_db
def test_regions_and_platforms_are_never_in_one_chart(world):
    d = dashboard_for(world.cangzhou, PERIODS[1])
    charts = all_charts(d, [None] * len(d.children))
    assert charts["children"].categories == [world.suning.name, world.huanghua.name]
    assert charts["platforms"].categories == [world.bohai.name]
    assert "platforms" not in all_charts(
        dashboard_for(world.province, PERIODS[1]), [None, None]
    )  # the province drills into cities only


def _colours(text, pattern):
    return {m.group(1): m.group(2).lower() for m in re.finditer(pattern, text)}


def test_a_stage_has_one_colour_in_the_charts_and_the_cards():
    js = _colours((STATIC / "js/dashboard.js").read_text(), r'(\w+): "(#[0-9a-f]{6})"')
    css = _colours(
        (STATIC / "css/dashboard.css").read_text(),
        r"\.card-stage-(\w+) \{ border-top-color: (#[0-9a-fA-F]{6}); \}",
    )
    assert set(css) == {s.value for s in Stage}
    assert {k: js[k] for k in css} == css
