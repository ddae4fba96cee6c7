"""Deadlines and traffic lights (红黄绿灯) for leads, problems and signed projects not started.

One rule for all three, decided here and tested at its boundaries:

- a deadline is a date, the last day on which the thing may still be done;
- RED (红灯) from the day AFTER the deadline: `today > due`;
- YELLOW (黄灯) from `warning_days` before the deadline up to and including the
  deadline day itself: `due - warning_days <= today <= due`;
- GREEN otherwise.

So the deadline day is yellow, the next day red. A signed project's deadline to
start is `signed_on + start_limit_days`: signed on 1 January with a 180-day
limit, it may start up to 30 June (yellow from 27 June with 3 warning days) and
is "超时限未开工" (red) from 1 July.

The day counts are per unit (UnitProfile), blank meaning the registry default
from the settings (PROMOTION_*_DAYS).
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Light(models.TextChoices):
    GREEN = "green", _("绿灯")
    YELLOW = "yellow", _("黄灯")
    RED = "red", _("红灯")


@dataclass(frozen=True)
class Deadlines:
    first_response_days: int
    follow_up_days: int
    warning_days: int
    start_limit_days: int
    reporting_submit_day: int
    reporting_review_day: int

    @classmethod
    def defaults(cls):
        return cls(
            first_response_days=settings.PROMOTION_FIRST_RESPONSE_DAYS,
            follow_up_days=settings.PROMOTION_FOLLOW_UP_DAYS,
            warning_days=settings.PROMOTION_WARNING_DAYS,
            start_limit_days=settings.PROMOTION_START_LIMIT_DAYS,
            reporting_submit_day=settings.REPORTING_SUBMIT_DAY,
            reporting_review_day=settings.REPORTING_REVIEW_DAY,
        )

    def submit_due(self, month):
        """The last day to submit month `month`'s report: its day of the next month."""
        return _next_month(month).replace(day=self.reporting_submit_day)

    def review_due(self, month):
        """The last day to review month `month`'s report."""
        return _next_month(month).replace(day=self.reporting_review_day)

    @classmethod
    def of(cls, profile):
        """A unit's deadlines: its own where set, the defaults elsewhere (profile may be None)."""
        base = cls.defaults()
        if profile is None:
            return base
        values = {name: getattr(profile, name) or getattr(base, name) for name in FIELDS}
        return cls(**values)

    def first_response_due(self, received_on):
        return received_on + datetime.timedelta(days=self.first_response_days)

    def follow_up_due(self, contacted_on):
        return contacted_on + datetime.timedelta(days=self.follow_up_days)

    def start_due(self, signed_on):
        return signed_on + datetime.timedelta(days=self.start_limit_days)

    def light(self, due, today):
        return light(due, today, self.warning_days)

    def soon_until(self, today):
        """The last deadline that is yellow or red today: due <= this date."""
        return today + datetime.timedelta(days=self.warning_days)

    def signed_by_for_red(self, today):
        """Projects signed BEFORE this date and not started are red today."""
        return today - datetime.timedelta(days=self.start_limit_days)

    def signed_by_for_warning(self, today):
        """Projects signed ON OR BEFORE this date and not started are yellow or red today."""
        return today - datetime.timedelta(days=self.start_limit_days - self.warning_days)


FIELDS = [
    "first_response_days",
    "follow_up_days",
    "warning_days",
    "start_limit_days",
    "reporting_submit_day",
    "reporting_review_day",
]


def _next_month(month):
    return (month.replace(day=1) + datetime.timedelta(days=32)).replace(day=1)


def light(due, today, warning_days):
    """The light of a deadline `due` on `today` (None: no deadline)."""
    if due is None:
        return None
    if today > due:
        return Light.RED
    if today >= due - datetime.timedelta(days=warning_days):
        return Light.YELLOW
    return Light.GREEN
