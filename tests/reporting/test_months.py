"""Submitting a month (填报完成), reviewing it one level up, and what the closing needs."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from projects.models import Membership, MonthSubmission, Unit
from projects.reporting.services import (
    may_close,
    may_review,
    month_accept,
    month_return,
    month_submit,
    period_close,
    units_not_accepted,
)

D = datetime.date
MARCH = D(2023, 3, 1)


def member(django_user_model, username, role, scope):
    user = django_user_model.objects.create_user(username=username, password="x")
    field = "scope_platform" if hasattr(scope, "tier") else "scope_region"
    unit = Unit.objects.create(name=f"{scope.name}单位", **{field: scope})
    Membership.objects.create(user=user, unit=unit, role=role)
    return user


@pytest.fixture
def county_staff(world, django_user_model):
    return member(django_user_model, "huanghua", Membership.Role.STAFF, world.huanghua)


@pytest.fixture
def city_reviewer(world, django_user_model):
    return member(django_user_model, "cangzhou", Membership.Role.REVIEWER, world.cangzhou)


@pytest.fixture
def province_reviewer(world, django_user_model):
    return member(django_user_model, "hebei", Membership.Role.REVIEWER, world.province)


def test_staff_submit_their_month_and_the_city_accepts_it(county_staff, city_reviewer):
    unit = county_staff.membership.unit
    submission = month_submit(actor=county_staff, unit=unit, month=D(2023, 3, 17))

    assert (submission.month, submission.status) == (MARCH, "submitted")
    assert submission.history.first().history_user == county_staff
    accepted = month_accept(actor=city_reviewer, submission=submission, version=1)
    assert (accepted.status, accepted.reviewed_by, accepted.version) == (
        "accepted",
        city_reviewer,
        2,
    )
    with pytest.raises(ValidationError, match="已报送"):
        month_submit(actor=county_staff, unit=unit, month=MARCH)


def test_a_returned_month_needs_a_reason_and_reopens_for_the_unit(county_staff, city_reviewer):
    unit = county_staff.membership.unit
    submission = month_submit(actor=county_staff, unit=unit, month=MARCH)
    with pytest.raises(ValidationError, match="原因"):
        month_return(actor=city_reviewer, submission=submission, reason=" ", version=1)

    returned = month_return(
        actor=city_reviewer, submission=submission, reason="缺三月投资", version=1
    )

    assert (returned.status, returned.return_reason) == ("returned", "缺三月投资")
    again = month_submit(actor=county_staff, unit=unit, month=MARCH)
    assert (again.status, again.version) == ("submitted", 3)


def test_a_stale_version_is_refused(county_staff, city_reviewer):
    submission = month_submit(actor=county_staff, unit=county_staff.membership.unit, month=MARCH)
    month_return(actor=city_reviewer, submission=submission, reason="缺数", version=1)
    month_submit(actor=county_staff, unit=county_staff.membership.unit, month=MARCH)

    with pytest.raises(ValidationError, match="已被他人修改"):
        month_accept(actor=city_reviewer, submission=submission, version=1)
    assert MonthSubmission.objects.get().status == "submitted"


def test_no_one_submits_or_reviews_outside_their_scope(world, county_staff, django_user_model):
    other = member(django_user_model, "suning", Membership.Role.STAFF, world.suning)
    sjz_reviewer = member(django_user_model, "sjz", Membership.Role.REVIEWER, world.sjz)
    unit = county_staff.membership.unit

    with pytest.raises(PermissionDenied):
        month_submit(actor=other, unit=unit, month=MARCH)
    submission = month_submit(actor=county_staff, unit=unit, month=MARCH)
    with pytest.raises(PermissionDenied):
        month_accept(actor=sjz_reviewer, submission=submission)
    with pytest.raises(PermissionDenied):  # a unit does not review itself
        month_accept(actor=county_staff, submission=submission)
    assert not may_review(sjz_reviewer, unit)


def test_future_months_and_closed_months_are_not_submitted(world, county_staff):
    unit = county_staff.membership.unit
    with pytest.raises(ValidationError, match="未来"):
        month_submit(actor=county_staff, unit=unit, month=D(2999, 1, 1))
    period_close(actor=None, scope=world.province, month=MARCH, force=True)
    with pytest.raises(ValidationError, match="已关账"):
        month_submit(actor=county_staff, unit=unit, month=MARCH)


def test_the_province_closes_and_a_city_does_not(world, city_reviewer, province_reviewer):
    assert may_close(province_reviewer, world.cangzhou)
    assert not may_close(city_reviewer, world.cangzhou)
    with pytest.raises(PermissionDenied):
        period_close(actor=city_reviewer, scope=world.cangzhou, month=MARCH, force=True)


def test_accepted_units_are_not_listed_for_the_close(world, county_staff, city_reviewer):
    unit = county_staff.membership.unit
    assert unit in units_not_accepted(world.cangzhou, MARCH)
    submission = month_submit(actor=county_staff, unit=unit, month=MARCH)
    month_accept(actor=city_reviewer, submission=submission)
    missing = units_not_accepted(world.cangzhou, MARCH)
    assert unit not in missing and city_reviewer.membership.unit in missing
