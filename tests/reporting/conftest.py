"""The dashboards' small registry, with its totals computed, for the reporting month."""

import pytest

from projects import aggregates
from projects.models import Membership, Unit
from tests.dashboards.conftest import World
from tests.pages.conftest import (  # noqa: F401 - the page tests' users and places
    admin,
    chain,
    fast_password_hashing,
    official,
    outsider,
    places,
    project,
    staff,
)


@pytest.fixture
def world(db):
    world = World()
    world.add_projects(40)
    aggregates.aggregates_rebuild()
    return world


@pytest.fixture
def reviewer(places, django_user_model):  # noqa: F811
    user = django_user_model.objects.create_user(username="reviewer", password="x")
    unit = Unit.objects.create(name="省发改委", scope_region=places["province"])
    Membership.objects.create(user=user, unit=unit, role=Membership.Role.REVIEWER)
    return user
