"""Hypothesis throws arbitrary parameters and bodies at every API operation: never a 500,
every refusal JSON {code, message}, and a refused write leaves every counted table as it was."""

import datetime
import json

import pytest
from hypothesis import event, given
from hypothesis import strategies as st

from tests.api.conftest import api_client
from tests.api.test_permissions import OPERATIONS
from tests.pages.test_fuzz import (
    FUZZ,
    amounts,
    dates,
    footprint,
    months,
    mostly,
    nasty,
    plausible_amounts,
    plausible_dates,
    rolled_back,
    stages,
    text,
    units,
    versions,
)

pytestmark = pytest.mark.django_db

REFUSALS = {400, 401, 403, 404, 405, 409, 422, 429}
# None: the world's project (version 1, under construction since 2023-05-01).
ids = mostly(st.just(None), st.integers(min_value=-(2**70), max_value=2**70))
json_values = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), text),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(text, inner, max_size=3),
    max_leaves=6,
)
# Query parameters each operation reads, with values valid or not.
PARAMS = {
    "q": text,
    "region": st.one_of(text, nasty, st.sampled_from(["130000", "130900", "130110", "1"])),
    "platform": st.one_of(text, nasty, st.sampled_from(["luquan-edz", "bohai", "1", "2"])),
    "stage": stages,
    "chain": st.one_of(text, nasty),
    "origin": st.one_of(text, st.just("beijing")),
    "category": text,
    "key_level": st.one_of(text, st.just("none")),
    "strategic_emerging": st.one_of(text, st.just("yes")),
    "event": st.one_of(text, nasty),
    "min_yi": amounts,
    "max_yi": amounts,
    "date_stage": stages,
    "date_from": dates,
    "date_to": dates,
    "o": st.one_of(text, st.sampled_from(["name", "-investment", "signed", "-created", "x,y"])),
    "cursor": st.one_of(text, nasty),
    "limit": st.one_of(text, nasty, st.integers(-5, 500).map(str)),
    "measure": st.one_of(
        text,
        st.sampled_from(
            ["flow", "stock", "active", "cumulative", "completed_investment", "planned_investment"]
        ),
    ),
    "start": dates,
    "end": dates,
    "on": dates,
    "year": st.one_of(text, st.integers(-10, 10**6).map(str)),
}
query = st.dictionaries(st.sampled_from(sorted(PARAMS)), st.none(), max_size=8).flatmap(
    lambda keys: st.fixed_dictionaries({k: PARAMS[k] for k in keys})
)
# Dates the world's project accepts (it started on 2023-05-01), and some it does not.
recent = st.one_of(
    st.dates(min_value=datetime.date(2023, 5, 1), max_value=datetime.date.today()), plausible_dates
)
plausible_months = recent.map(lambda d: f"{d:%Y-%m}")
report_body = st.fixed_dictionaries(
    {
        "month": mostly(plausible_months, st.one_of(months, json_values)),
        "completed_investment": mostly(plausible_amounts, st.one_of(amounts, json_values)),
    },
    optional={
        "unit": mostly(units, json_values),
        "version": mostly(st.just(1), st.one_of(st.integers(-3, 2**70), versions, json_values)),
    },
)
advance_body = st.fixed_dictionaries(
    {
        "on": mostly(recent.map(str), st.one_of(dates, json_values)),
        "version": mostly(st.just(1), st.one_of(st.integers(-3, 2**70), json_values)),
    },
    optional={
        "note": mostly(text, json_values),
        "build_type": mostly(st.sampled_from(["new", "continuing", ""]), json_values),
    },
)
raw_body = st.one_of(json_values.map(json.dumps), text, st.just("{"))


def _check(response):
    event(f"HTTP {response.status_code}")
    assert response.status_code == 200 or response.status_code in REFUSALS, response.content
    body = response.json()
    if response.status_code != 200:
        assert isinstance(body["code"], str) and body["code"]
        assert isinstance(body["message"], str)


def _path(template, project_id, world):
    pk = world["project"].pk if project_id is None else project_id
    return template.replace("{project_id}", str(pk))


@FUZZ
@given(
    operation=st.sampled_from(sorted(o for o in OPERATIONS if o[0] == "get")),
    params=query,
    project_id=ids,
)
def test_reads_never_fail(world, operation, params, project_id):
    client = api_client(world["users"]["staff_in_scope"])
    with rolled_back():
        _check(client.get(_path(operation[1], project_id, world), params))


@FUZZ
@given(
    body=mostly(report_body.map(json.dumps), raw_body),
    project_id=ids,
    key=st.one_of(st.none(), text),
)
def test_reports_never_fail_or_half_write(world, body, project_id, key):
    _write(world, "/api/v1/projects/{project_id}/reports", body, project_id, key)


@FUZZ
@given(
    body=mostly(advance_body.map(json.dumps), raw_body),
    project_id=ids,
    key=st.one_of(st.none(), text),
)
def test_advances_never_fail_or_half_write(world, body, project_id, key):
    _write(world, "/api/v1/projects/{project_id}/advance", body, project_id, key)


def _write(world, template, body, project_id, key):
    client = api_client(world["users"]["staff_in_scope"])
    headers = {} if key is None else {"HTTP_IDEMPOTENCY_KEY": key}
    with rolled_back():
        before = footprint()
        response = client.post(
            _path(template, project_id, world), body, content_type="application/json", **headers
        )
        _check(response)
        if response.status_code != 200:
            assert footprint() == before, "a refused write changed something"
