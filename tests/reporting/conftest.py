"""The dashboards' small registry, with its totals computed, for the reporting month."""

import pytest

from projects import totals
from tests.dashboards.conftest import World
from tests.pages.conftest import (  # noqa: F401 - the page tests' users and places
    admin,
    chain,
    fast_password_hashing,
    official,
    outsider,
    places,
    project,
    reviewer,
    staff,
)


@pytest.fixture
def world(db):
    world = World()
    world.add_projects(40)
    totals.aggregates_rebuild()
    return world
