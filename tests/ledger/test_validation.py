"""projects.validation states the Project constraints in Python: the two must agree."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from projects.models import STAGE_DATE_FIELDS, Project, Stage
from projects.validation import stage_date_errors

DAYS = st.one_of(
    st.none(), st.dates(min_value=datetime.date(2023, 1, 1), max_value=datetime.date(2023, 1, 8))
)


@pytest.mark.django_db
@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    dates=st.fixed_dictionaries({stage: DAYS for stage in Stage}),
    reason=st.sampled_from(["", "撤资"]),
)
def test_stage_date_errors_agree_with_the_database_constraints(dates, reason):
    project = Project(
        code="X",
        name="x",
        origin="beijing",
        category="industrial",
        total_investment=Decimal(1),
        termination_reason=reason,
        **{STAGE_DATE_FIELDS[stage]: day for stage, day in dates.items()},
    )
    try:
        project.validate_constraints()
        allowed = True
    except ValidationError:
        allowed = False
    assert (not stage_date_errors(dates, termination_reason=reason)) == allowed


def test_dates_ahead_of_today_are_named():
    today = datetime.date(2024, 1, 1)
    errors = stage_date_errors({Stage.NEGOTIATING: datetime.date(2024, 1, 2)}, today=today)
    assert errors == {"negotiating_on": "洽谈日期（2024-01-02）不能晚于今天。"}
