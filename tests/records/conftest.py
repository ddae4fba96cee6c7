"""The page tests' small world (tests/pages/conftest.py) plus relocation records.

`unit` and `merchant` sit on platform A (staff's scope); `other_unit` on platform B.
"""

import datetime
from decimal import Decimal

import pytest

from projects.models import Origin, RelocatedUnit
from projects.models.records import InstitutionType
from projects.records import reviews as services_reviews
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
def online_review(places):
    review = services_reviews.review_create(
        actor=None,
        title="鹿泉入园项目评审",
        held_on=datetime.date(2023, 6, 1),
        region=places["luquan"],
        platform=places["platform_a"],
        deadline=None,
        criteria=[("产业政策", Decimal(50)), ("经济效益", Decimal(50))],
        candidates=[("甲项目", None)],
    )
    sheet = services_reviews.review_expert_invite(
        actor=None,
        review=review,
        expert_name="李教授",
        username="expert-li",
        password="a long expert password 2023",
    )
    return review, sheet


@pytest.fixture
def records(world, unit, other_unit, merchant, online_review):
    review, sheet = online_review
    return {
        **world,
        "unit": unit,
        "other_unit": other_unit,
        "merchant": merchant,
        "review": review,
        "sheet": sheet,
    }
