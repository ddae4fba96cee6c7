"""The dashboards' small registry, with its totals computed, for the reporting month."""

import pytest

from projects import aggregates
from tests.dashboards.conftest import World


@pytest.fixture
def world(db):
    world = World()
    world.add_projects(40)
    aggregates.aggregates_rebuild()
    return world
