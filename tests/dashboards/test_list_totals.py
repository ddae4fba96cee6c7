"""The project list's count and total: read from the kept stocks when the board would read
them (one place, at most one cut, nothing pending there), always equal to counting."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from projects import services, totals
from projects.models import AggregateRun, Project, Stage

from .conftest import client_for

LIST = reverse("projects:list")


def project_list(user, **params):
    """((count, 万元) the list shows, whether the projects were counted live)."""
    with CaptureQueriesContext(connection) as queries:
        response = client_for(user).get(LIST, params)
    assert response.status_code == 200
    totals = response.context["totals"]
    assert response.context["page"].paginator.count == totals["count"]
    counted = any('FROM "projects_project"' in q["sql"] and "COUNT(*)" in q["sql"] for q in queries)
    return (totals["count"], totals["investment"]), counted


def live(projects):
    return projects.count(), sum((p.total_investment for p in projects), start=Decimal(0))


def _query(world, params):
    return {
        k: getattr(world, v).pk if k in ("region", "platform") else v for k, v in params.items()
    }


@pytest.mark.parametrize(
    ("who", "params", "place", "cut"),
    [
        ("official", {}, "province", {}),
        ("official", {"region": "cangzhou"}, "cangzhou", {}),
        ("official", {"platform": "bohai", "o": "-investment"}, "bohai", {}),
        ("official", {"origin": "beijing"}, "province", {"origin": "beijing"}),
        ("city_official", {}, "cangzhou", {}),
        ("city_official", {"region": "huanghua"}, "huanghua", {}),
        ("city_official", {"category": "industrial"}, "cangzhou", {"category": "industrial"}),
        ("platform_staff", {}, "bohai", {}),
        ("platform_staff", {"region": "huanghua", "platform": "gangcheng"}, "gangcheng", {}),
        ("admin", {}, "province", {}),
        (
            "admin",
            {"region": "zhaoxian", "key_level": "provincial"},
            "zhaoxian",
            {"key_level": "provincial"},
        ),
    ],
)
def test_one_place_reads_the_kept_stocks(request, world, who, params, place, cut):
    user = request.getfixturevalue(who)

    shown, counted = project_list(user, **_query(world, params))

    assert not counted
    assert shown == live(Project.objects.in_scope(getattr(world, place)).filter(**cut))


@pytest.mark.parametrize(
    ("who", "params", "place", "narrow"),
    [
        ("official", {"stage": "signed"}, "province", {"stage": "signed"}),
        (
            "official",
            {"origin": "beijing", "category": "industrial"},
            "province",
            {"origin": "beijing", "category": "industrial"},
        ),
        ("city_official", {"key_level": "none"}, "cangzhou", {"key_level": ""}),
        ("city_official", {"min_yi": "0.5"}, "cangzhou", {"total_investment__gte": 5000}),
        ("platform_staff", {"q": "没有这个名称"}, "bohai", {"pk": None}),
        # 渤海新区 lies in 黄骅市, not in 肃宁县: no project is in both.
        ("official", {"region": "suning", "platform": "bohai"}, "suning", {"pk": None}),
    ],
)
def test_any_other_filter_counts_the_projects(request, world, who, params, place, narrow):
    user = request.getfixturevalue(who)

    shown, counted = project_list(user, **_query(world, params))

    assert counted
    assert shown == live(Project.objects.in_scope(getattr(world, place)).filter(**narrow))


def test_a_pending_change_is_counted_live_until_the_recompute(official, world):
    project = next(p for p in world.projects if p.stage == Stage.NEGOTIATING)
    services.project_update(
        actor=official, project=project, version=project.version, total_investment=1
    )
    expected = live(Project.objects.all())

    assert project_list(official) == (expected, True)

    totals.aggregates_recompute_stale()

    assert project_list(official) == (expected, False)


def test_a_pending_change_elsewhere_keeps_reading_the_stocks(city_official, official, world):
    project = next(p for p in world.projects if p.region == world.zhaoxian)
    services.project_update(
        actor=official, project=project, version=project.version, total_investment=1
    )

    shown, counted = project_list(city_official)

    assert not counted
    assert shown == live(Project.objects.in_scope(world.cangzhou))


def test_totals_never_computed_are_not_read(official, world):
    AggregateRun.objects.all().delete()

    shown, counted = project_list(official)

    assert counted
    assert shown == live(Project.objects.all())


def test_a_dated_stage_to_come_is_still_one_project(official, world):
    project = next(p for p in world.projects if p.stage == Stage.NEGOTIATING)
    services.project_advance_stage(
        actor=official, project=project, on=project.negotiating_on + datetime.timedelta(days=3)
    )
    totals.aggregates_recompute_stale()

    shown, counted = project_list(official)

    assert not counted
    assert shown == live(Project.objects.all())
