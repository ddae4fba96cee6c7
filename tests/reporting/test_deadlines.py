"""Monthly report deadlines in 我的期限: submit by day 5 of the next month, review by day 10."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from projects.reporting.services import month_return, month_submit, period_close
from promotion.deadlines import Deadlines
from promotion.models import UnitProfile
from promotion.selectors import my_deadlines

pytestmark = pytest.mark.django_db
D = datetime.date


def test_the_days_come_from_the_settings_and_a_unit_may_set_its_own(staff, settings):
    settings.REPORTING_SUBMIT_DAY, settings.REPORTING_REVIEW_DAY = 6, 12
    assert Deadlines.defaults().submit_due(D(2024, 12, 1)) == D(2025, 1, 6)
    assert Deadlines.defaults().review_due(D(2024, 12, 1)) == D(2025, 1, 12)
    profile = UnitProfile(unit=staff.membership.unit, reporting_submit_day=3)
    assert Deadlines.of(profile).submit_due(D(2024, 2, 1)) == D(2024, 3, 3)
    assert Deadlines.of(profile).review_due(D(2024, 2, 1)) == D(2024, 3, 12)


def reports(user, today, month=None):
    rows = my_deadlines(user, today=today).reports
    return [(r.month, r.due, r.light, r.to_review) for r in rows if month in (None, r.month)]


def test_staff_see_the_months_still_to_submit(staff):
    # March's report is due on 5 April: yellow from 2 April, red from 6 April.
    march = D(2024, 3, 1)
    assert reports(staff, D(2024, 4, 1), march) == []
    assert reports(staff, D(2024, 4, 5), march) == [(march, D(2024, 4, 5), "yellow", False)]
    assert reports(staff, D(2024, 4, 6), march) == [(march, D(2024, 4, 5), "red", False)]
    # the months before are overdue too, up to three back
    assert [row[0] for row in reports(staff, D(2024, 4, 6))] == [
        D(2024, 1, 1),
        D(2024, 2, 1),
        march,
    ]


def test_submitted_and_closed_months_are_not_due(staff, places):
    month_submit(actor=staff, unit=staff.membership.unit, month=D(2024, 3, 1))
    period_close(actor=None, scope=places["province"], month=D(2024, 2, 1), force=True)
    assert reports(staff, D(2024, 4, 20)) == [(D(2024, 1, 1), D(2024, 2, 5), "red", False)]


def test_a_returned_month_is_due_again_and_reviewers_see_what_waits(staff, reviewer):
    unit = staff.membership.unit
    submission = month_submit(actor=staff, unit=unit, month=D(2024, 3, 1))
    assert reports(reviewer, D(2024, 4, 8)) == [(D(2024, 3, 1), D(2024, 4, 10), "yellow", True)]
    month_return(actor=reviewer, submission=submission, reason="缺数")
    assert reports(reviewer, D(2024, 4, 8)) == []
    assert (D(2024, 3, 1), D(2024, 4, 5), "red", False) in reports(staff, D(2024, 4, 8))


def test_the_deadlines_page_lists_them(staff):
    client = Client()
    client.force_login(staff)
    page = client.get(reverse("promotion:deadlines")).content.decode()
    assert "月报报送与审核" in page
