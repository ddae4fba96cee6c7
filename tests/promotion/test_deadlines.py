"""Deadlines and lights at their boundaries: the deadline day is yellow, the next day red."""

import datetime

import pytest

from projects.models import Project
from promotion import services
from promotion.deadlines import Deadlines, Light, light
from promotion.models import UnitProfile
from promotion.selectors import my_deadlines
from tests.factories import ProjectFactory
from tests.promotion.conftest import RECEIVED, make_lead, unit_of

DAY = datetime.timedelta(days=1)
DUE = datetime.date(2024, 6, 10)


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (DUE - 4 * DAY, Light.GREEN),  # the day before the warning starts
        (DUE - 3 * DAY, Light.YELLOW),  # warning_days before the deadline
        (DUE, Light.YELLOW),  # the deadline day itself: still in time
        (DUE + DAY, Light.RED),  # the day after
    ],
)
def test_light_boundaries(today, expected):
    assert light(DUE, today, 3) == expected


def test_no_deadline_no_light():
    assert light(None, DUE, 3) is None


def test_zero_warning_days_is_yellow_only_on_the_day():
    assert light(DUE, DUE - DAY, 0) == Light.GREEN
    assert light(DUE, DUE, 0) == Light.YELLOW


def test_a_units_blank_days_fall_back_to_the_settings(settings):
    settings.PROMOTION_WARNING_DAYS = 5
    deadlines = Deadlines.of(UnitProfile(first_response_days=2))
    assert (deadlines.first_response_days, deadlines.warning_days) == (2, 5)
    assert deadlines.follow_up_days == settings.PROMOTION_FOLLOW_UP_DAYS


pytestmark = pytest.mark.django_db


def test_a_lead_on_my_deadlines_around_its_first_response(places, staff):
    lead = make_lead(staff, places["luquan"], places["platform_a"])
    due = RECEIVED + 3 * DAY
    assert lead.next_due_on == due

    def listed(today):
        rows = my_deadlines(staff, today=today).leads.rows
        return [(row.pk, row.light) for row in rows]

    assert listed(due - 4 * DAY) == []
    assert listed(due - 3 * DAY) == [(lead.pk, Light.YELLOW)]
    assert listed(due) == [(lead.pk, Light.YELLOW)]
    assert listed(due + DAY) == [(lead.pk, Light.RED)]
    services.lead_follow_up(actor=staff, lead=lead, on=due, note="已联系")
    assert listed(due + DAY) == []


def test_a_problem_on_my_deadlines_around_its_deadline(problem, staff):
    due = problem.due_on

    def listed(today):
        return [(p.pk, p.light) for p in my_deadlines(staff, today=today).problems.rows]

    assert listed(due - 4 * DAY) == []
    assert listed(due - 3 * DAY) == [(problem.pk, Light.YELLOW)]
    assert listed(due) == [(problem.pk, Light.YELLOW)]
    assert listed(due + DAY) == [(problem.pk, Light.RED)]
    services.problem_close(actor=staff, problem=problem, on=due, note="已解决")
    assert listed(due + DAY) == []


def test_signed_projects_not_started_within_the_limit(places, staff):
    UnitProfile.objects.create(unit=unit_of(staff), start_limit_days=180, warning_days=3)
    signed = datetime.date(2024, 1, 1)
    project = ProjectFactory(
        region=places["luquan"], platform=places["platform_a"], signed_on=signed
    )
    deadline = signed + 180 * DAY  # 2024-06-29: the last day to start

    def listed(today):
        return [(p.pk, p.light) for p in my_deadlines(staff, today=today).projects.rows]

    assert listed(deadline - 4 * DAY) == []
    assert listed(deadline - 3 * DAY) == [(project.pk, Light.YELLOW)]
    assert listed(deadline) == [(project.pk, Light.YELLOW)]
    assert listed(deadline + DAY) == [(project.pk, Light.RED)]
    Project.objects.filter(pk=project.pk).update(landed_on=deadline, started_on=deadline + DAY)
    assert listed(deadline + 2 * DAY) == []


def test_terminated_and_stand_in_projects_are_not_flagged(places, staff):
    old = datetime.date(2020, 1, 1)
    place = {"region": places["luquan"], "platform": places["platform_a"], "negotiating_on": old}
    ProjectFactory(**place, signed_on=old, terminated_on=old, termination_reason="撤资")
    ProjectFactory(**place, signed_on=old, provenance="placeholder")
    kept = ProjectFactory(**place, signed_on=old)
    assert [p.pk for p in my_deadlines(staff).projects.rows] == [kept.pk]


def test_staff_see_their_units_leads_officials_their_scope(
    places, staff, official, django_user_model
):
    from projects.models import Membership, Unit

    mine = make_lead(staff, places["luquan"], places["platform_a"], title="本单位")
    colleague = django_user_model.objects.create_user(username="colleague")
    other_unit = Unit.objects.create(name="鹿泉另一单位", scope_platform=places["platform_a"])
    Membership.objects.create(user=colleague, unit=other_unit, role=Membership.Role.STAFF)
    theirs = make_lead(colleague, places["luquan"], places["platform_a"], title="他单位")
    late = RECEIVED + 10 * DAY

    assert [lead.pk for lead in my_deadlines(staff, today=late).leads.rows] == [mine.pk]
    seen = {lead.pk for lead in my_deadlines(official, today=late).leads.rows}
    assert seen == {mine.pk, theirs.pk}
