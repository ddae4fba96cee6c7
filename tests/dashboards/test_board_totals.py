"""The board's column totals: read from the kept stocks when they can be, always equal to
counting the projects."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from projects import services, totals
from projects.models import AggregateRun, Project, Stage
from projects.selectors import BOARD_STAGES

from .conftest import client_for

BOARD = reverse("projects:board")


def board(user, **params):
    """(the columns as {stage: (count, 万元)}, whether the projects were counted live)."""
    with CaptureQueriesContext(connection) as queries:
        response = client_for(user).get(BOARD, params)
    assert response.status_code == 200
    columns = {c.stage: (c.count, c.investment) for c in response.context["columns"]}
    counted = any('FROM "projects_project"' in q["sql"] and "GROUP BY" in q["sql"] for q in queries)
    return columns, counted


def live(projects):
    return {
        stage: (
            projects.filter(stage=stage).count(),
            sum((p.total_investment for p in projects.filter(stage=stage)), start=0),
        )
        for stage in BOARD_STAGES
    }


@pytest.mark.parametrize(
    ("who", "params", "place"),
    [
        ("official", {}, "province"),
        ("official", {"region": "cangzhou"}, "cangzhou"),
        ("official", {"platform": "bohai", "o": "-investment"}, "bohai"),
        ("city_official", {}, "cangzhou"),
        ("city_official", {"region": "huanghua"}, "huanghua"),
        ("platform_staff", {}, "bohai"),
        # The platform lies in 黄骅市, so its projects are exactly the platform's.
        ("platform_staff", {"region": "huanghua", "platform": "gangcheng"}, "gangcheng"),
        ("admin", {}, "province"),
        ("admin", {"region": "zhaoxian"}, "zhaoxian"),
    ],
)
def test_one_place_reads_the_kept_stocks(request, world, who, params, place):
    user = request.getfixturevalue(who)
    query = {
        k: getattr(world, v).pk if k in ("region", "platform") else v for k, v in params.items()
    }

    columns, counted = board(user, **query)

    assert not counted
    assert columns == live(Project.objects.in_scope(getattr(world, place)))
    assert sum(count for count, _ in columns.values()) > 0


@pytest.mark.parametrize(
    ("who", "params", "place", "cut"),
    [
        ("official", {"origin": "beijing"}, "province", {"origin": "beijing"}),
        (
            "official",
            {"region": "cangzhou", "origin": "tianjin"},
            "cangzhou",
            {"origin": "tianjin"},
        ),
        ("city_official", {"category": "industrial"}, "cangzhou", {"category": "industrial"}),
        ("platform_staff", {"key_level": "provincial"}, "bohai", {"key_level": "provincial"}),
        (
            "admin",
            {"region": "zhaoxian", "key_level": "municipal"},
            "zhaoxian",
            {"key_level": "municipal"},
        ),
    ],
)
def test_one_place_and_one_cut_reads_the_cut_totals(request, world, who, params, place, cut):
    user = request.getfixturevalue(who)
    query = {
        k: getattr(world, v).pk if k in ("region", "platform") else v for k, v in params.items()
    }

    columns, counted = board(user, **query)

    assert not counted
    assert columns == live(Project.objects.in_scope(getattr(world, place)).filter(**cut))
    assert 0 < sum(count for count, _ in columns.values()) < len(world.projects)


def test_a_place_and_one_cut_with_a_pending_change_is_counted(official, world):
    project = next(p for p in world.projects if p.origin == "beijing")
    services.project_update(
        actor=official, project=project, version=project.version, origin="tianjin"
    )
    expected = live(Project.objects.filter(origin="beijing"))

    assert board(official, origin="beijing") == (expected, True)

    totals.aggregates_recompute_stale()

    assert board(official, origin="beijing") == (expected, False)


@pytest.mark.parametrize(
    "params",
    [
        {"origin": "beijing", "category": "industrial"},
        {"key_level": "none"},
        {"stage": "signed"},
        {"q": "没有这个名称"},
        {"min_yi": "0.5"},
        {"date_stage": "signed", "date_from": "2022-01-01"},
    ],
)
def test_any_other_filter_counts_the_projects(official, world, params):
    columns, counted = board(official, **params)

    assert counted
    assert sum(count for count, _ in columns.values()) < len(world.projects)


def test_places_that_do_not_nest_are_counted(official, world):
    # 渤海新区 lies in 黄骅市, not in 肃宁县: no project is in both.
    columns, counted = board(official, region=world.suning.pk, platform=world.bohai.pk)

    assert counted
    assert columns == live(Project.objects.none())


def test_a_pending_change_is_counted_live_until_the_recompute(official, world):
    project = next(p for p in world.projects if p.stage == Stage.NEGOTIATING)
    services.project_advance_stage(
        actor=official, project=project, on=project.negotiating_on + datetime.timedelta(days=3)
    )
    expected = live(Project.objects.all())

    assert board(official) == (expected, True)

    totals.aggregates_recompute_stale()

    assert board(official) == (expected, False)


def test_totals_never_computed_are_not_read(official, world):
    AggregateRun.objects.all().delete()

    columns, counted = board(official)

    assert counted
    assert columns == live(Project.objects.all())


def test_a_pending_change_elsewhere_keeps_reading_the_stocks(city_official, official, world):
    project = next(p for p in world.projects if p.region == world.zhaoxian)
    services.project_update(
        actor=official, project=project, version=project.version, total_investment=1
    )

    columns, counted = board(city_official)

    assert not counted
    assert columns == live(Project.objects.in_scope(world.cangzhou))
