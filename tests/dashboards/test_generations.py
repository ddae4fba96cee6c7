"""A scope's cached dashboard parts last until a recompute rewrites that scope's totals:
edits elsewhere in the province leave them in place."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from projects import services, totals
from projects.models import AggregateRun
from projects.totals.recompute import scope_generation
from tests.dashboards.conftest import client_for
from tests.dashboards.test_queries import TOTALS_TABLES, without_tokens

CITY = "/dashboards/region/130900/?kind=year&year=2023"  # 沧州市


def _view(client, url):
    """(the page without its tokens, whether it read any totals table)."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    read = " ".join(q["sql"] for q in queries)
    return without_tokens(response), any(table in read for table in TOTALS_TABLES)


def _raise_investment(project, amount=987654):
    services.project_update(
        actor=None,
        project=project,
        version=project.version,
        total_investment=project.total_investment + amount,
    )


@pytest.fixture
def in_zhaoxian(world):
    return next(p for p in world.projects if p.region == world.zhaoxian)


@pytest.fixture
def in_huanghua(world):
    return next(
        p
        for p in world.projects
        if p.region == world.huanghua and p.signed_on and p.signed_on.year == 2023
    )


def test_a_recompute_elsewhere_keeps_the_generation(world, in_zhaoxian):
    before = {
        s: scope_generation(s)
        for s in (world.cangzhou, world.bohai, world.zhaoxian, world.province)
    }

    _raise_investment(in_zhaoxian)
    totals.aggregates_recompute_stale()

    after = {s: scope_generation(s) for s in before}
    assert after[world.cangzhou] == before[world.cangzhou]
    assert after[world.bohai] == before[world.bohai]
    assert after[world.zhaoxian] != before[world.zhaoxian]
    assert after[world.province] != before[world.province]  # 赵县 lies in the province


def test_a_full_rebuild_moves_every_generation(world):
    before = {s: scope_generation(s) for s in (world.cangzhou, world.gangcheng, world.zhaoxian)}

    totals.aggregates_rebuild()

    assert all(scope_generation(s) != g for s, g in before.items())


def test_no_run_yet_names_no_generation(world):
    AggregateRun.objects.all().delete()

    assert scope_generation(world.cangzhou) == "none"


def test_another_citys_recompute_leaves_the_cached_parts(world, official, in_zhaoxian):
    client = client_for(official)
    cache.clear()
    first, read = _view(client, CITY)
    assert read

    _raise_investment(in_zhaoxian)
    totals.aggregates_recompute_stale()
    again, read = _view(client, CITY)

    assert not read
    assert _cards(again) == _cards(first)
    cache.clear()  # and what stayed cached is what the city's totals now say
    assert _cards(_view(client, CITY)[0]) == _cards(first)


def test_a_recompute_under_the_city_replaces_them(world, official, in_huanghua):
    client = client_for(official)
    cache.clear()
    first, _read = _view(client, CITY)

    _raise_investment(in_huanghua)
    assert _view(client, CITY)[1] is False  # nothing recomputed yet: still cached
    totals.aggregates_recompute_stale()
    after, read = _view(client, CITY)

    assert read
    assert _cards(after) != _cards(first)
    cache.clear()
    assert _cards(_view(client, CITY)[0]) == _cards(after)


def _cards(html):
    return html[
        html.index('<section class="dash-cards"') : html.index('<section class="dash-grid">')
    ]
