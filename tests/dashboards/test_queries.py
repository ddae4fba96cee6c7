"""A dashboard page costs a fixed number of queries, whatever the number of projects or scopes."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from platforms.models import Platform, Region
from projects import aggregates
from tests.dashboards.conftest import client_for

# Measured (SQLite and PostgreSQL): 23 for a city or a platform, 22 for the
# province (its children are cities only) — session, user, membership, scope,
# ancestors, children (1-2), the stage, trend, investment, plan and relocation
# totals, merchants, figures, chains, cycle times, latest run, this scope's
# stale marks, the footer's two reads and the session save (3); and the promotion section's
# two (leads by source and status, problems by unit: projects/promotion/selectors.py).
MAX_QUERIES = 25
URLS = [
    "/dashboards/region/130000/?kind=year&year=2023",
    "/dashboards/region/130900/?kind=quarter&year=2023&quarter=2",
    "/dashboards/region/130983/",
    "/dashboards/platform/bohai-huanghua/?kind=custom&start=2022-03&end=2023-10",
]


def _count(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def _grow(world):
    """Ten times the projects, and new counties and platforms under every city."""
    places = list(world.places)
    for i in range(4):
        county = Region.objects.create(
            code=f"13099{i}", name=f"新县{i}", level="county", parent=world.cangzhou
        )
        platform = Platform.objects.create(
            code=f"new-park-{i}", name=f"新园区{i}", tier="park", region=county
        )
        places += [(county, None), (county, platform)]
    world.add_projects(400, offset=40, places=places)
    aggregates.aggregates_rebuild()


@pytest.mark.django_db
def test_queries_do_not_grow_with_projects_or_scopes(
    world, official, django_assert_max_num_queries
):
    client = client_for(official)
    before = [_count(client, url) for url in URLS]
    _grow(world)
    after = [_count(client, url) for url in URLS]
    assert after == before
    for url in URLS:
        with django_assert_max_num_queries(MAX_QUERIES):
            client.get(url)
