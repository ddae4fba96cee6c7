"""Hypothesis throws arbitrary text, amounts and dates at every form: never a 500, never a partial write.

Each example runs in a transaction that is rolled back afterwards, so the
examples do not see each other's writes. A refused submission (anything but
the redirect after a save) must leave every counted table as it was.
"""

import contextlib
import datetime

import pytest
from django.db import transaction
from django.urls import reverse
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from projects.models import (
    AnnualPlan,
    Enterprise,
    Event,
    InvestmentReport,
    Project,
    StageCorrection,
    StageEntry,
    StaleMark,
)
from tests.pages.conftest import client_for

FUZZ = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# Surrogates cannot be sent as UTF-8 at all; everything else may be typed or pasted.
text = st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=60)
nasty = st.sampled_from(
    [
        "",
        " ",
        "0",
        "-1",
        "1e30",
        "1e-30",
        "NaN",
        "Infinity",
        "１２３",
        "1,2.3",
        "\x00",
        "😀",
        "null",
    ]
)
amounts = st.one_of(
    nasty,
    text,
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
    st.floats().map(str),
    st.integers(min_value=-(10**20), max_value=10**20).map(str),
)
dates = st.one_of(
    nasty,
    text,
    st.dates().map(str),
    st.sampled_from(
        ["2023-02-30", "0000-01-01", "9999-12-31", "2023-13-01", "2023-6", "2023/06/01"]
    ),
)
months = st.one_of(dates, st.sampled_from(["2023-06", "2023-00", "1999-12", "2100-01"]))
units = st.sampled_from(["wan", "yi", "", "亿元", "x"])
versions = st.one_of(st.integers(min_value=-5, max_value=2**40).map(str), nasty, text)
stages = st.one_of(
    st.sampled_from(
        ["negotiating", "signed", "landed", "under_construction", "in_production", "terminated"]
    ),
    text,
)


def mostly(valid, junk):
    """Valid three times in four, so whole submissions often get past the form to the service."""
    # Hypothesis leans towards small integers, so 0 (the simplest draw) picks the valid value.
    return st.integers(0, 3).flatmap(lambda roll: junk if roll == 3 else valid)


def pk_like(*values):
    return mostly(st.sampled_from([str(v) for v in values]), st.one_of(nasty, text))


plausible_dates = st.dates(min_value=datetime.date(2019, 1, 1), max_value=datetime.date(2028, 1, 1))
plausible_amounts = st.decimals(min_value=0, max_value=10**6, places=2).map(str)
words = st.text(alphabet="京津冀项目有限公司氢能abc 123", min_size=1, max_size=30)


def footprint():
    counted = [
        Project.objects,
        StageEntry.objects,
        StageCorrection.objects,
        InvestmentReport.objects,
        AnnualPlan.objects,
        Enterprise.objects,
        StaleMark.objects,
        Event.projects.through.objects,
        Project.history,
        AnnualPlan.history,
        InvestmentReport.history,
        Enterprise.history,
        Event.history,
    ]
    return [manager.count() for manager in counted] + list(
        Project.objects.order_by("pk").values_list("version", flat=True)
    )


@contextlib.contextmanager
def rolled_back():
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


def submit(client, url, data):
    with rolled_back():
        before = footprint()
        response = client.post(url, data)
        event(f"HTTP {response.status_code}")
        assert response.status_code in (200, 302), response.status_code
        if response.status_code != 302:
            assert footprint() == before, "a refused submission wrote something"


def project_fields(places):
    return {
        "name": mostly(words, text),
        "investor_name": mostly(words, text),
        "origin": mostly(st.sampled_from(["beijing", "tianjin", "abroad"]), text),
        "category": mostly(st.just("industrial"), text),
        "region": pk_like(places["luquan"].pk, places["sjz"].pk, places["huanghua"].pk),
        "platform": pk_like(places["platform_a"].pk, places["park_a1"].pk, places["platform_b"].pk),
        "key_level": mostly(st.sampled_from(["", "provincial"]), text),
        "strategic_emerging": st.one_of(st.just("on"), text),
        "total_investment_0": mostly(plausible_amounts, amounts),
        "total_investment_1": mostly(st.sampled_from(["wan", "yi"]), units),
        "leader": text,
        "contact_phone": text,
        "description": text,
    }


@pytest.fixture
def staff_in(world):
    return client_for(world["users"]["staff_in_scope"])


@pytest.fixture
def admin_in(world):
    # The admin may choose any place, so the services' own checks are reached more often.
    return client_for(world["users"]["admin"])


@FUZZ
@given(data=st.data())
def test_create_form(admin_in, world, places, data):
    fields = {
        **project_fields(places),
        "stage": mostly(st.sampled_from(["negotiating", "signed"]), stages),
        "entered_on": mostly(plausible_dates.map(str), dates),
        "note": text,
    }
    submit(admin_in, reverse("projects:create"), data.draw(st.fixed_dictionaries(fields)))


@FUZZ
@given(data=st.data())
def test_edit_form(admin_in, world, places, data):
    fields = {
        **project_fields(places),
        "build_type": mostly(st.sampled_from(["", "new", "continuing"]), text),
        "version": mostly(st.just(str(world["project"].version)), versions),
        "started_from": st.one_of(st.just("1"), versions),
    }
    url = reverse("projects:edit", args=[world["project"].pk])
    submit(admin_in, url, data.draw(st.fixed_dictionaries(fields)))


def action_strategy(world, name):
    version = mostly(st.just(str(world["project"].version)), versions)
    on = mostly(plausible_dates.map(str), dates)
    amount, unit = mostly(plausible_amounts, amounts), mostly(st.sampled_from(["wan", "yi"]), units)
    return {
        "advance": {
            "on": on,
            "note": text,
            "build_type": mostly(st.just("new"), text),
            "version": version,
        },
        "correct": {"stage": stages, "on": on, "reason": mostly(words, text), "version": version},
        "terminate": {"on": on, "reason": mostly(words, text), "version": version},
        "report": {
            "month": mostly(plausible_dates.map(lambda d: f"{d:%Y-%m}"), months),
            "amount_0": amount,
            "amount_1": unit,
        },
        "plan": {
            "year": mostly(
                st.integers(2015, 2030).map(str), st.one_of(st.integers().map(str), text)
            ),
            "amount_0": amount,
            "amount_1": unit,
        },
        "attach": {"event": pk_like(world["spare_event"].pk, world["event"].pk)},
        "detach": {"event": pk_like(world["event"].pk, world["spare_event"].pk)},
    }[name]


@pytest.mark.parametrize(
    "name", ["advance", "correct", "terminate", "report", "plan", "attach", "detach"]
)
@FUZZ
@given(data=st.data())
def test_action_forms(staff_in, world, name, data):
    fields = action_strategy(world, name)
    drawn = data.draw(st.fixed_dictionaries(fields))
    url = reverse(f"projects:{name}", args=[world["project"].pk])
    submit(staff_in, url, {f"{name}-{k}": v for k, v in drawn.items()})


@pytest.mark.parametrize("page", ["projects:list", "projects:board"])
@FUZZ
@given(data=st.data())
def test_filters(staff_in, world, page, data):
    keys = st.sampled_from(
        [
            "q",
            "region",
            "platform",
            "stage",
            "chain",
            "origin",
            "category",
            "key_level",
            "strategic_emerging",
            "event",
            "min_yi",
            "max_yi",
            "date_stage",
            "date_from",
            "date_to",
            "o",
            "page",
        ]
    )
    query = data.draw(st.dictionaries(keys, st.one_of(amounts, dates, text), max_size=6))

    response = staff_in.get(reverse(page), query)

    assert response.status_code == 200
