"""Query-count guards: a page costs the same number of queries however many rows it shows."""

import datetime
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from projects import services
from projects.models import Event, Project
from projects.records import schedule
from tests.factories import ChainFactory, EnterpriseFactory, ProjectFactory

# Session, user, membership, the footer's two reads and the session save take 8 of these,
# the filter bar's version one more; each model-choice filter in use adds one (its value is
# looked up). Counted on a first view: later ones take the filter bar from the cache.
LIST_MAX = 16
# The board's cards take two on PostgreSQL (their ids, then their rows), one on SQLite; its
# filter bar reads Beijing's and Tianjin's districts for the source-district picker (issue 16).
BOARD_MAX = 18
# projects/records adds 7: the plan, milestones, leaders, leader choices, reviews (and 2
# more for each review the project was a candidate in: rare, and few), documents and the
# stage entries the upload form offers.
DETAIL_MAX = 31


def add_projects(places, n, offset=0):
    chains = [ChainFactory(), ChainFactory()]
    for i in range(n):
        project = ProjectFactory(
            name=f"批量项目{offset + i}",
            investor=EnterpriseFactory(),
            region=places["luquan"],
            platform=places["platform_a"] if i % 2 else places["park_a1"],
            negotiating_on=datetime.date(2023, 1, 1),
            signed_on=datetime.date(2023, 2, 1) if i % 3 else None,
            provenance="placeholder" if i % 5 == 0 else "entered",
        )
        project.chains.set(chains)


def count_queries(client, url, data=None):
    cache.clear()  # a first view: the filter bar's pickers are read, not taken from the cache
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, data or {})
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    ("url", "data", "limit"),
    [
        (reverse("projects:list"), {}, LIST_MAX),
        (reverse("projects:list"), {"o": "-investment", "min_yi": "0.5", "q": "批量"}, LIST_MAX),
        (reverse("projects:board"), {}, BOARD_MAX),
        (reverse("projects:board"), {"stage": "signed", "region": "luquan"}, BOARD_MAX),
        (reverse("projects:events"), {}, LIST_MAX),
    ],
)
def test_list_pages_cost_a_fixed_number_of_queries(
    staff_client, places, url, data, limit, django_assert_max_num_queries
):
    data = {k: places[v].pk if k == "region" else v for k, v in data.items()}
    add_projects(places, 30)
    cache.clear()
    with django_assert_max_num_queries(limit):
        staff_client.get(url, data)
    thirty = count_queries(staff_client, url, data)

    add_projects(places, 30, offset=30)

    assert count_queries(staff_client, url, data) == thirty


def enrich(project, staff, places, n):
    """n stage-date corrections, reports, plans and events: more rows of every kind."""
    for i in range(n):
        event = Event.objects.create(
            code=f"e{project.pk}-{i}",
            name=f"活动{i}",
            kind="fair",
            held_on=datetime.date(2023, 1, 1),
            region=places["luquan"],
        )
        services.event_attach(actor=staff, event=event, project=project)
        services.project_update(actor=staff, project=project, version=None, leader=f"领导{i}")
        services.investment_report(
            actor=staff,
            project=project,
            month=datetime.date(2023, 6 + i % 6, 1),
            completed_investment=Decimal(i + 1),
        )
        services.annual_plan_set(
            actor=staff, project=project, year=2023 + i % 3, planned_investment=Decimal(100 + i)
        )
        services.project_correct_stage(
            actor=staff,
            project=project,
            stage="negotiating",
            on=datetime.date(2023, 1, 1 + i),
            reason="更正",
        )


def test_the_detail_page_costs_a_fixed_number_of_queries(
    staff, staff_client, places, django_assert_max_num_queries
):
    add_projects(places, 30)
    small, large = (
        services.project_create(
            actor=staff,
            entered_on=datetime.date(2023, 1, 1),
            name=name,
            investor=EnterpriseFactory(),
            origin="beijing",
            region=places["luquan"],
            platform=places["platform_a"],
            category="industrial",
            total_investment=Decimal(1000),
        )
        for name in ("少", "多")
    )
    for project in (small, large):
        services.project_advance_stage(actor=staff, project=project, on=datetime.date(2023, 2, 1))
        services.project_advance_stage(actor=staff, project=project, on=datetime.date(2023, 3, 1))
        services.project_advance_stage(actor=staff, project=project, on=datetime.date(2023, 5, 1))
        project.refresh_from_db()
    enrich(small, staff, places, 1)
    enrich(large, staff, places, 12)
    for project, kinds in ((small, ["approved"]), (large, ["approved", "completed"])):
        schedule.project_plan_set(
            actor=staff, project=project, planned_started_on=datetime.date(2023, 4, 1)
        )
        for kind in kinds:
            schedule.milestone_record(
                actor=staff, project=project, kind=kind, reached_on=datetime.date(2023, 6, 1)
            )

    with django_assert_max_num_queries(DETAIL_MAX):
        staff_client.get(large.get_absolute_url())

    assert count_queries(staff_client, large.get_absolute_url()) == count_queries(
        staff_client, small.get_absolute_url()
    )


def test_the_event_page_costs_a_fixed_number_of_queries(
    official_client, places, event, django_assert_max_num_queries
):
    add_projects(places, 30)
    event.projects.add(*Project.objects.all())
    with django_assert_max_num_queries(LIST_MAX):
        official_client.get(event.get_absolute_url())
    thirty = count_queries(official_client, event.get_absolute_url())

    add_projects(places, 30, offset=30)
    event.projects.add(*Project.objects.all())

    assert count_queries(official_client, event.get_absolute_url()) == thirty
