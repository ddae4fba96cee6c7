"""The project list and detail: the web list's filters, cursor pages, a bounded query count."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from projects.models import Category, Origin
from tests.api.conftest import api_client
from tests.factories import ProjectFactory
from tests.pages.conftest import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def many(places, project):
    """Thirty projects on platform A with ties and gaps in every sort column."""
    rows = [project]
    for n in range(30):
        rows.append(
            ProjectFactory(
                region=places["luquan"],
                platform=places["platform_a"] if n % 3 else places["park_a1"],
                total_investment=Decimal(10000 * (n % 4)),
                negotiating_on=datetime.date(2023, 1, 1 + n % 5),
                signed_on=datetime.date(2023, 2, 1 + n % 7) if n % 2 else None,
                origin=Origin.TIANJIN if n % 5 == 0 else Origin.BEIJING,
                category=Category.SERVICE if n % 4 == 0 else Category.INDUSTRIAL,
            )
        )
    return rows


def _walk(client, query, limit=7):
    """Every row id, page after page; the number of pages."""
    ids, cursor, pages = [], None, 0
    while True:
        params = {**query, "limit": limit, **({"cursor": cursor} if cursor else {})}
        response = client.get("/api/v1/projects", params)
        assert response.status_code == 200, response.content
        body = response.json()
        ids += [row["id"] for row in body["items"]]
        pages += 1
        cursor = body["next_cursor"]
        if cursor is None:
            return ids, pages


def _web_ids(user, query):
    """The ids the web list shows for the same filters, all pages."""
    ids, page = [], 1
    while True:
        response = client_for(user).get(reverse("projects:list"), {**query, "page": page})
        assert response.status_code == 200
        ids += [p.pk for p in response.context["page"].object_list]
        if not response.context["page"].has_next():
            return ids
        page += 1


@pytest.mark.parametrize(
    "query",
    [
        {},
        {"o": "investment"},
        {"o": "-investment"},
        {"o": "signed"},
        {"o": "-signed"},
        {"o": "name"},
        {"origin": "tianjin"},
        {"category": "service", "o": "-negotiating"},
        {"min_yi": "1", "max_yi": "2.5"},
        {"platform": "PARK"},
        {"date_stage": "signed", "date_from": "2023-02-02", "date_to": "2023-02-05"},
        {"q": "测试项目1"},
    ],
)
def test_it_lists_what_the_web_list_shows_in_its_order(query, many, staff, places):
    if query.get("platform") == "PARK":
        query = {**query, "platform": str(places["park_a1"].pk)}
    client = api_client(staff)

    ids, pages = _walk(client, query)

    assert ids == _web_ids(staff, query)
    assert len(ids) == len(set(ids))
    assert pages == len(ids) // 7 + 1


def test_the_first_page_has_the_totals(many, staff):
    body = api_client(staff).get("/api/v1/projects", {"origin": "tianjin"}).json()

    expected = [p for p in many if p.origin == Origin.TIANJIN]
    assert body["totals"]["count"] == len(expected)
    assert Decimal(body["totals"]["total_investment"]) == sum(p.total_investment for p in expected)
    assert body["items"][0]["total_investment"] == f"{expected[-1].total_investment:.2f}"


def test_rows_added_between_pages_neither_repeat_nor_shift(many, staff, places):
    client = api_client(staff)
    first = client.get("/api/v1/projects", {"limit": 5}).json()
    ProjectFactory(region=places["luquan"], platform=places["platform_a"])  # newest: page 1

    second = client.get("/api/v1/projects", {"limit": 5, "cursor": first["next_cursor"]}).json()

    seen = [r["id"] for r in first["items"]]
    assert not set(seen) & {r["id"] for r in second["items"]}
    assert second["items"][0]["id"] == sorted((p.pk for p in many), reverse=True)[5]


@pytest.mark.parametrize(
    "query, field",
    [
        ({"stage": "flying"}, "stage"),
        ({"region": "999999"}, "region"),
        ({"min_yi": "-1"}, "min_yi"),
        ({"date_from": "2023-01-01"}, "date_stage"),
        ({"o": "password"}, "o"),
    ],
)
def test_a_bad_filter_is_400_with_the_web_lists_message(query, field, staff, project):
    response = api_client(staff).get("/api/v1/projects", query)

    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid_filter"
    web = client_for(staff).get(reverse("projects:list"), query).context["filter"].form
    assert body["errors"][field] == list(web.errors[field])


@pytest.mark.parametrize("cursor", ["garbage", "e30", "W1siaWQiXSwgWyJ4Il1d"])
def test_a_bad_cursor_is_400(cursor, staff, project):
    response = api_client(staff).get("/api/v1/projects", {"cursor": cursor})

    assert response.status_code == 400
    assert response.json()["code"] == "invalid_cursor"


def test_a_cursor_of_another_order_is_400(many, staff):
    client = api_client(staff)
    cursor = client.get("/api/v1/projects", {"limit": 3}).json()["next_cursor"]

    response = client.get("/api/v1/projects", {"limit": 3, "cursor": cursor, "o": "name"})

    assert response.status_code == 400


def test_the_list_runs_a_fixed_number_of_queries(many, staff):
    client = api_client(staff)
    client.get("/api/v1/regions")  # the token's last use is written once a minute
    with CaptureQueriesContext(connection) as first:
        client.get("/api/v1/projects", {"limit": 5})
    with CaptureQueriesContext(connection) as big:
        client.get("/api/v1/projects", {"limit": 100})

    assert len(first) == len(big) <= 5, [q["sql"] for q in big]


def test_the_detail_has_stages_reports_plans_and_events(world):
    project = world["project"]
    project.investment_reports.create(month=datetime.date(2023, 6, 1), completed_investment=120)
    project.annual_plans.create(year=2023, planned_investment=Decimal("5000.50"))

    body = api_client(world["users"]["official"]).get(f"/api/v1/projects/{project.pk}").json()

    assert body["version"] == project.version
    assert [(s["stage"], s["entered_on"]) for s in body["stages"]][:4] == [
        ("negotiating", "2023-02-01"),
        ("signed", "2023-03-01"),
        ("landed", "2023-04-01"),
        ("under_construction", "2023-05-01"),
    ]
    assert body["reports"] == [{"month": "2023-06", "completed_investment": "120.00"}]
    assert body["plans"] == [{"year": 2023, "planned_investment": "5000.50"}]
    assert [e["code"] for e in body["events"]] == [world["event"].code]
    assert body["chains"] == ["生物医药"]


def test_the_detail_runs_a_fixed_number_of_queries(world):
    project = world["project"]
    client = api_client(world["users"]["official"])
    client.get("/api/v1/regions")

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(f"/api/v1/projects/{project.pk}").status_code == 200
        return len(captured)

    few = queries()
    for month in (6, 7, 8):
        project.investment_reports.create(
            month=datetime.date(2023, month, 1), completed_investment=1
        )
    assert queries() == few <= 10
