"""The page tests' small world, tokens for its users, and a client that sends them.

河北省 ── 石家庄市 ── 鹿泉区 ── 鹿泉经开区 (platform A: `staff`) ── 鹿泉产业园
      └─ 沧州市 ── 黄骅市 ── 渤海新区 (platform B: `outsider`)
"""

import pytest
from django.core.cache import cache
from django.test import Client

from api.models import ApiToken
from api.services import api_token_create
from tests.pages.conftest import (  # noqa: F401 - fixtures shared with the page tests
    PASSWORD,
    admin,
    chain,
    event,
    fast_password_hashing,
    nobody,
    official,
    other_event,
    other_project,
    outsider,
    places,
    project,
    region_staff,
    reviewer,
    staff,
    world,
)


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


def token_for(user, scope=ApiToken.Scope.READ_WRITE, days=30):
    return api_token_create(user=user, name="测试", scope=scope, valid_days=days)[1]


def api_client(user, scope=ApiToken.Scope.READ_WRITE, **headers):
    """A client that authenticates with a fresh personal token of `user` (None: no token)."""
    if user is None:
        return Client(**headers)
    return Client(HTTP_AUTHORIZATION=f"Bearer {token_for(user, scope)}", **headers)
