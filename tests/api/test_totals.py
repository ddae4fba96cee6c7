"""Totals: the precomputed reads, equal to the live QuerySets under each semantics."""

import datetime
from decimal import Decimal

import pytest

from projects import totals
from projects.models import AnnualPlan, InvestmentReport, Project, Stage
from tests.api.conftest import api_client
from tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def pipeline(places, project):
    for n in range(12):
        p = ProjectFactory(
            region=places["luquan"] if n % 2 else places["huanghua"],
            platform=places["platform_a"] if n % 2 else places["platform_b"],
            total_investment=Decimal(1000 * (n + 1)),
            negotiating_on=D(2022, 12, 1),
            signed_on=D(2023, 1 + n % 4, 10),
            landed_on=D(2023, 5, 1) if n % 3 == 0 else None,
            started_on=D(2023, 6, 1) if n % 3 == 0 else None,
            build_type="new" if n % 3 == 0 else "",
        )
        if p.started_on:
            InvestmentReport.objects.create(
                project=p, month=D(2023, 6, 1), completed_investment=Decimal(n)
            )
            AnnualPlan.objects.create(project=p, year=2023, planned_investment=Decimal(10 * n))
    totals.aggregates_rebuild()


def _get(client, **params):
    return client.get("/api/v1/totals", params)


@pytest.mark.parametrize("scope", [{"region": "130000"}, {"platform": "luquan-edz"}, {}])
def test_flow_stock_and_active_equal_the_live_querysets(pipeline, official, places, scope):
    client = api_client(official)
    node = places["platform_a"] if scope.get("platform") else places["province"]
    projects = Project.objects.in_scope(node)

    flow = _get(
        client, measure="flow", stage="signed", start="2023-02-01", end="2023-03-31", **scope
    )
    stock = _get(client, measure="stock", stage="signed", on="2023-04-30", **scope)
    active = _get(client, measure="active", start="2023-01-01", end="2023-12-31", **scope)

    live_flow = projects.reached(Stage.SIGNED, D(2023, 2, 1), D(2023, 3, 31)).totals()
    live_stock = projects.at(Stage.SIGNED, D(2023, 4, 30)).totals()
    live_active = projects.active(D(2023, 1, 1), D(2023, 12, 31)).totals()
    for response, live in ((flow, live_flow), (stock, live_stock), (active, live_active)):
        assert response.status_code == 200, response.content
        body = response.json()
        assert (body["count"], Decimal(body["investment"])) == (live["count"], live["investment"])
        assert body["semantics"] and body["pending_recompute"] == 0
    assert flow.json()["count"] > 0 and stock.json()["count"] > 0


def test_completed_and_planned_investment(pipeline, official):
    client = api_client(official)

    completed = _get(client, measure="completed_investment", start="2023-06-01", end="2023-06-30")
    planned = _get(client, measure="planned_investment", year=2023)

    assert Decimal(completed.json()["investment"]) == sum(
        r.completed_investment for r in InvestmentReport.objects.all()
    )
    assert Decimal(planned.json()["investment"]) == sum(
        p.planned_investment for p in AnnualPlan.objects.all()
    )
    assert completed.json()["count"] is None


@pytest.mark.parametrize(
    "params, field",
    [
        (
            {"measure": "flow", "stage": "signed", "start": "2023-02-03", "end": "2023-03-31"},
            "start",
        ),
        ({"measure": "stock", "stage": "signed", "on": "2023-04-15"}, "on"),
        ({"measure": "flow", "start": "2023-02-01", "end": "2023-03-31"}, "stage"),
        ({"measure": "flow", "stage": "signed", "start": "2023-04-01", "end": "2023-03-31"}, "end"),
        ({"measure": "planned_investment"}, "year"),
    ],
)
def test_a_bad_period_is_400_and_says_why(official, places, params, field):
    response = _get(api_client(official), **params)

    assert response.status_code == 400
    assert field in response.json()["errors"]


@pytest.mark.parametrize("params", [{"measure": "volume"}, {"measure": "flow", "stage": "x"}])
def test_a_bad_measure_or_stage_is_400(official, places, params):
    response = _get(api_client(official), **params)

    assert response.status_code == 400
    assert response.json()["code"] == "invalid_parameters"


def test_a_scope_outside_the_callers_is_404(staff, places):
    response = _get(
        api_client(staff), measure="active", start="2023-01-01", end="2023-01-31", region="130900"
    )

    assert response.status_code == 404


def test_region_and_platform_together_is_400(official, places):
    response = _get(
        api_client(official),
        measure="planned_investment",
        year=2023,
        region="130000",
        platform="bohai",
    )

    assert response.status_code == 400


def test_it_says_when_a_recompute_is_pending(world):
    totals.aggregates_rebuild()
    staff = world["users"]["staff_in_scope"]
    client = api_client(staff)
    client.post(
        f"/api/v1/projects/{world['project'].pk}/reports",
        {"month": "2023-06", "completed_investment": "5"},
        content_type="application/json",
    )  # its recompute runs on commit, which a test transaction never reaches

    body = _get(client, measure="completed_investment", start="2023-06-01", end="2023-06-30").json()

    assert body["pending_recompute"] > 0
