"""The page tests' small world (tests/pages/conftest.py) plus promotion records.

staff (鹿泉经开区, platform A) owns `lead`, `fair` (with its own event), `target`
and `problem` (on `project`); the outsider (渤海新区, platform B) owns `other_lead`.
"""

import datetime
from decimal import Decimal

import pytest

from promotion import services
from promotion.models import ActivityKind, Actor, LeadSource, ProblemKind
from tests.factories import EnterpriseFactory

# The page tests' fixtures (places, users, project, event, world …), reused as they are.
from tests.pages.conftest import *  # noqa: F403

RECEIVED = datetime.date(2023, 3, 1)


def unit_of(user):
    return user.membership.unit


def make_lead(user, region, platform, *, title="生物医药研发中心意向", **fields):
    values = {
        "enterprise": EnterpriseFactory(name=f"{title}企业"),
        "source": LeadSource.VISIT,
        "actor_kind": Actor.BUREAU,
        "region": region,
        "platform": platform,
        "received_on": RECEIVED,
        "expected_investment": Decimal("30000.00"),
    }
    values.update(fields)
    return services.lead_create(actor=user, unit=unit_of(user), title=title, **values)


def make_activity(user, region, platform, *, kind=ActivityKind.FAIR, **fields):
    values = {
        "kind": kind,
        "title": "鹿泉生物医药推介会",
        "held_on": datetime.date(2023, 3, 15),
        "actor_kind": Actor.BUREAU,
        "region": region,
        "platform": platform,
        "destination": "北京",
    }
    values.update(fields)
    return services.activity_create(actor=user, unit=unit_of(user), **values)


@pytest.fixture
def fair(places, staff):
    return make_activity(staff, places["luquan"], places["platform_a"], create_event=True)


@pytest.fixture
def lead(places, staff, fair, chain):
    return make_lead(staff, places["luquan"], places["platform_a"], activity=fair, chain=chain)


@pytest.fixture
def target(places, staff, chain):
    return services.target_create(
        actor=staff,
        unit=unit_of(staff),
        enterprise=EnterpriseFactory(name="北京补链目标企业"),
        chain=chain,
        region=places["luquan"],
        platform=places["platform_a"],
        gap="补齐制剂环节",
        listed_on=datetime.date(2023, 1, 10),
    )


@pytest.fixture
def problem(project, staff):
    return services.problem_create(
        actor=staff,
        project=project,
        unit=unit_of(staff),
        kind=ProblemKind.LAND,
        title="用地指标未落实",
        raised_on=datetime.date(2023, 5, 2),
        due_on=datetime.date(2023, 5, 20),
    )


@pytest.fixture
def other_lead(places, outsider):
    return make_lead(outsider, places["huanghua"], places["platform_b"], title="渤海化工线索")


@pytest.fixture
def promo(world, fair, lead, target, problem):
    """Every kind of promotion record, in platform A; `world` gives the users."""
    meeting = services.meeting_add(
        actor=None, activity=fair, enterprise=lead.enterprise, person="张总"
    )
    return {
        **world,
        "fair": fair,
        "lead": lead,
        "target": target,
        "problem": problem,
        "meeting": meeting,
    }
