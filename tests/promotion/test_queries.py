"""Query-count guards: a promotion page costs the same number of queries however many rows it shows."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from promotion import services
from promotion.models import Activity, Lead, Problem, ProblemKind, TargetEnterprise
from tests.factories import ChainFactory, EnterpriseFactory, ProjectFactory
from tests.promotion.conftest import make_activity, make_lead, unit_of

# Measured: session, user, membership (3); the rows, their count and their units' deadline
# profiles (3); the filter bar's choices — regions, platforms, chains, units (up to 4); the
# footer's two reads and the session save (3 + 2 savepoint statements).
LIST_MAX = 15
# The viewer's deadlines, then rows, count and profiles for leads and problems, rows and count
# for projects: 9 instead of the list's 3 + 4; the monthly reports' submissions, closings and
# the unit's place (3).
DEADLINES_MAX = 20


def grow(places, staff, n, offset=0):
    """n more of every kind of record, all in platform A."""
    chain = ChainFactory()
    for i in range(n):
        fair = make_activity(
            staff, places["luquan"], places["platform_a"], title=f"推介会{offset + i}"
        )
        lead = make_lead(
            staff,
            places["luquan"],
            places["platform_a"],
            title=f"线索{offset + i}",
            activity=fair,
            chain=chain,
        )
        services.meeting_add(actor=staff, activity=fair, enterprise=lead.enterprise, person="王总")
        target = services.target_create(
            actor=staff,
            enterprise=EnterpriseFactory(),
            chain=chain,
            region=places["luquan"],
            platform=places["platform_a"],
            gap="补链",
            listed_on=datetime.date(2023, 1, 1),
        )
        lead.target = target
        lead.save(update_fields=["target"])
        project = ProjectFactory(
            region=places["luquan"],
            platform=places["platform_a"],
            negotiating_on=datetime.date(2022, 1, 1),
            signed_on=datetime.date(2022, 6, 1),
        )
        services.problem_create(
            actor=staff,
            project=project,
            unit=unit_of(staff),
            kind=ProblemKind.APPROVAL,
            title=f"问题{offset + i}",
            raised_on=datetime.date(2023, 1, 2),
            due_on=datetime.date(2023, 1, 20),
        )


def count_rows(client, url, data):
    """Rows shown, or 0 when a table says it is empty."""
    html = client.get(url, data).content.decode()
    return 0 if 'class="empty"' in html else html.count("<tr>")


def count_queries(client, url, data=None):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, data or {})
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    ("name", "data", "limit"),
    [
        ("promotion:leads", {}, LIST_MAX),
        ("promotion:leads", {"due": "overdue", "q": "线索", "status": "new"}, LIST_MAX),
        ("promotion:activities", {}, LIST_MAX),
        ("promotion:activities", {"kind": "fair", "date_from": "2023-01-01"}, LIST_MAX),
        ("promotion:targets", {}, LIST_MAX),
        ("promotion:targets", {"listed": "yes", "level": "county"}, LIST_MAX),
        ("promotion:problems", {}, LIST_MAX),
        ("promotion:problems", {"due": "soon", "kind": "approval"}, LIST_MAX),
        ("promotion:deadlines", {}, DEADLINES_MAX),
    ],
)
def test_pages_cost_a_fixed_number_of_queries(
    staff, staff_client, places, name, data, limit, django_assert_max_num_queries
):
    url = reverse(name)
    grow(places, staff, 5)
    assert count_rows(staff_client, url, data) > 0, "the page must show rows to be measured"
    with django_assert_max_num_queries(limit):
        staff_client.get(url, data)
    five = count_queries(staff_client, url, data)

    grow(places, staff, 30, offset=5)

    assert count_queries(staff_client, url, data) == five


def enlarge(places, staff, lead, activity, target, problem):
    """More history, follow-ups, meetings and linked leads on the same four records."""
    for i in range(10):
        services.lead_follow_up(
            actor=staff, lead=lead, on=datetime.date(2023, 3, 2 + i), note=f"跟进{i}"
        )
        other = make_lead(
            staff,
            places["luquan"],
            places["platform_a"],
            title=f"同源线索{i}",
            activity=activity,
            target=target,
        )
        services.meeting_add(actor=staff, activity=activity, enterprise=other.enterprise)
        problem = services.problem_update(
            actor=staff, problem=problem, version=None, description=f"进展{i}"
        )


@pytest.mark.parametrize("name", ["lead", "activity", "target", "problem"])
def test_detail_pages_cost_a_fixed_number_of_queries(staff, staff_client, places, name):
    grow(places, staff, 2)
    records = {
        "lead": Lead.objects.order_by("pk").first(),
        "activity": Activity.objects.order_by("pk").first(),
        "target": TargetEnterprise.objects.order_by("pk").first(),
        "problem": Problem.objects.order_by("pk").first(),
    }
    url = reverse(f"promotion:{name}", args=[records[name].pk])
    before = count_queries(staff_client, url)

    enlarge(places, staff, **records)

    assert count_queries(staff_client, url) == before
