"""The page tests' small world (tests/pages/conftest.py) plus relocation records.

`unit` and `merchant` sit on platform A (staff's scope); `other_unit` on platform B.
"""

import datetime

import pytest

from projects.models import Origin, RelocatedUnit
from projects.models.records import InstitutionType
from projects.records import services

# The page tests' fixtures (places, users, project, event, world …), reused as they are.
from tests.pages.conftest import *  # noqa: F403


def make_unit(places, *, platform="platform_a", region="luquan", **fields):
    values = {
        "name": "中国某集团二级子公司",
        "kind": RelocatedUnit.Kind.LEGAL_ENTITY,
        "institution_type": InstitutionType.SOE_SUBSIDIARY,
        "origin": Origin.BEIJING,
        "region": places[region],
        "platform": places[platform],
        "relocated_on": datetime.date(2023, 4, 10),
        "people": 120,
    }
    return services.relocated_unit_create(actor=None, **(values | fields))


@pytest.fixture
def unit(places):
    return make_unit(places)


@pytest.fixture
def other_unit(places):
    return make_unit(places, platform="platform_b", region="huanghua", name="渤海新区转入单位")


@pytest.fixture
def merchant(places):
    return services.merchant_relocation_create(
        actor=None,
        source_market="大红门",
        origin=Origin.BEIJING,
        region=places["luquan"],
        platform=places["platform_a"],
        merchants=300,
        people=900,
        recorded_on=datetime.date(2023, 5, 1),
    )


@pytest.fixture
def records(world, unit, other_unit, merchant):
    return {**world, "unit": unit, "other_unit": other_unit, "merchant": merchant}
