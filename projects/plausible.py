"""What the registry accepts as a date or an amount, and when it asks "are you sure?".

Dates: 1949-01-01 .. 2100-12-31 (no project of the registry is older than the
People's Republic, and none is planned past the century). Amounts: at most
AMOUNT_MAX_YI 亿元 for one project, month or plan; an amount of
AMOUNT_CONFIRM_ABOVE_YI 亿元 or more, or a total investment below
AMOUNT_CONFIRM_BELOW_WAN 万元, is accepted only once the user confirms it,
because it is most often 万元 typed as 亿元 (or the reverse).

The validators sit on the model fields, so services (full_clean), the admin
and the imports all refuse the same values; the forms add the confirmation.
"""

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

FIRST_DATE = datetime.date(1949, 1, 1)
LAST_DATE = datetime.date(2100, 12, 31)
WAN_PER_YI = Decimal(10000)


def date_problem(value):
    """The message for a date outside the range, or None."""
    if value is not None and not FIRST_DATE <= value <= LAST_DATE:
        return _("日期 %(d)s 超出合理范围（%(first)s 至 %(last)s）。") % {
            "d": value.isoformat(),
            "first": FIRST_DATE.isoformat(),
            "last": LAST_DATE.isoformat(),
        }
    return None


def validate_date(value):
    problem = date_problem(value)
    if problem:
        raise ValidationError(problem, code="date_range")


def amount_ceiling():
    """The largest amount accepted, in 万元."""
    return Decimal(settings.AMOUNT_MAX_YI) * WAN_PER_YI


def amount_problem(wan):
    """The message for an amount (万元) above the ceiling, or None."""
    if wan is not None and Decimal(wan) > amount_ceiling():
        return _("金额超过上限（%(max)s 亿元），请检查单位是万元还是亿元。") % {
            "max": f"{settings.AMOUNT_MAX_YI:,}"
        }
    return None


def validate_amount(value):
    problem = amount_problem(value)
    if problem:
        raise ValidationError(problem, code="amount_ceiling")


def amount_doubt(wan, *, small_is_odd=False):
    """Why the amount (万元) looks like a 万/亿 mix-up, or None."""
    if wan is None:
        return None
    wan = Decimal(wan)
    if wan >= Decimal(settings.AMOUNT_CONFIRM_ABOVE_YI) * WAN_PER_YI:
        return _("金额为 %(yi)s 亿元，数额很大。") % {"yi": f"{(wan / WAN_PER_YI).normalize():,f}"}
    if small_is_odd and 0 < wan < Decimal(settings.AMOUNT_CONFIRM_BELOW_WAN):
        return _("金额为 %(wan)s 万元，数额很小。") % {"wan": f"{wan.normalize():,f}"}
    return None
