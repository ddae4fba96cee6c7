"""Dashboard periods: whole months, chosen in a GET form, compared with a year earlier.

The totals tables hold months, so every period here is a run of whole months;
a period is (first month, last month) and its dates are the first day of the
first and the last day of the last.
"""

import calendar
import datetime
from dataclasses import dataclass

from django import forms
from django.utils import timezone
from django.utils.dates import MONTHS
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from projects.widgets import use_fast_selects

# The registry's records start in 2014 ("2014年以来累计"); nothing earlier is asked for.
FIRST_YEAR = 2014
LAST_YEAR = 2100


def add_months(month, n):
    """The first day of the month `n` months after `month`'s."""
    index = month.year * 12 + month.month - 1 + n
    return datetime.date(index // 12, index % 12 + 1, 1)


def month_end(month):
    return month.replace(day=calendar.monthrange(month.year, month.month)[1])


@dataclass(frozen=True)
class Period:
    first: datetime.date  # first day of the first month
    last: datetime.date  # first day of the last month

    @property
    def start(self):
        return self.first

    @property
    def end(self):
        return month_end(self.last)

    @property
    def months(self):
        n = (self.last.year - self.first.year) * 12 + self.last.month - self.first.month
        return [add_months(self.first, i) for i in range(n + 1)]

    @property
    def quarter(self):
        """The calendar quarter (1–4) the period starts in."""
        return (self.first.month - 1) // 3 + 1

    def year_earlier(self):
        return Period(add_months(self.first, -12), add_months(self.last, -12))

    def label(self):
        if self.first == self.last:
            return f"{self.first:%Y-%m}"
        return f"{self.first:%Y-%m} — {self.last:%Y-%m}"


class PeriodKind:
    MONTH = "month"
    QUARTER = "quarter"
    YEAR = "year"
    YEAR_TO_DATE = "ytd"
    CUSTOM = "custom"

    choices = [
        (MONTH, _("月度")),
        (QUARTER, _("季度")),
        (YEAR, _("年度")),
        (YEAR_TO_DATE, _("年初至今")),
        (CUSTOM, _("自定义（整月）")),
    ]


def _label(template, **values):
    """Translate and fill at render time, not at import (a lazy string % values is eager)."""
    return gettext(template) % values


_lazy_label = lazy(_label, str)


def _month_input():
    return forms.DateInput(attrs={"type": "month"}, format="%Y-%m")


class MonthField(forms.DateField):
    """A `YYYY-MM` month, cleaned to its first day."""

    input_formats = ["%Y-%m", "%Y-%m-%d"]

    def to_python(self, value):
        day = super().to_python(value)
        return day.replace(day=1) if day else None


class PeriodForm(forms.Form):
    kind = forms.ChoiceField(label=_("统计周期"), choices=PeriodKind.choices, required=False)
    year = forms.IntegerField(
        label=_("年份"), min_value=FIRST_YEAR, max_value=LAST_YEAR, required=False
    )
    quarter = forms.TypedChoiceField(
        label=_("季度"),
        choices=[(q, _lazy_label("第%(q)s季度", q=q)) for q in range(1, 5)],
        coerce=int,
        required=False,
    )
    month = forms.TypedChoiceField(
        label=_("月份"),
        choices=list(MONTHS.items()),  # Django's own month names: 一月 … / January …
        coerce=int,
        required=False,
    )
    start = MonthField(label=_("起始月"), widget=_month_input(), required=False)
    end = MonthField(label=_("截止月"), widget=_month_input(), required=False)

    def __init__(self, data=None, *, today=None, **kwargs):
        super().__init__(data, **kwargs)
        use_fast_selects(self)  # the same markup, without a template include per option
        self.today = today or timezone.localdate()
        # An unbound form shows the default period (this year to date).
        self.initial = {
            "kind": PeriodKind.YEAR_TO_DATE,
            "year": self.today.year,
            "quarter": (self.today.month - 1) // 3 + 1,
            "month": self.today.month,
            **self.initial,
        }

    def clean(self):
        data = super().clean()
        if data.get("kind") == PeriodKind.CUSTOM:
            start, end = data.get("start"), data.get("end")
            if not start or not end:
                raise forms.ValidationError(_("自定义周期请填写起始月和截止月。"))
            if start > end:
                self.add_error("end", _("截止月不能早于起始月。"))
            elif start.year < FIRST_YEAR or end.year > LAST_YEAR:
                self.add_error("start", _("月份超出可查询的范围。"))
        return data

    def period(self):
        """The chosen period; the default (and the fallback on errors) is this year to date."""
        today_month = self.today.replace(day=1)
        data = self.cleaned_data if self.is_valid() else {}
        kind = data.get("kind") or PeriodKind.YEAR_TO_DATE
        year = data.get("year") or self.today.year
        if kind == PeriodKind.MONTH:
            month = datetime.date(year, data.get("month") or self.today.month, 1)
            return Period(month, month)
        if kind == PeriodKind.QUARTER:
            quarter = data.get("quarter") or (self.today.month - 1) // 3 + 1
            return quarter_of(datetime.date(year, 3 * quarter, 1))
        if kind == PeriodKind.YEAR:
            return Period(datetime.date(year, 1, 1), datetime.date(year, 12, 1))
        if kind == PeriodKind.CUSTOM:
            return Period(data["start"], data["end"])
        last = datetime.date(year, data.get("month") or 12, 1) if data.get("year") else today_month
        if last.year == self.today.year and last > today_month:
            last = today_month
        return Period(datetime.date(last.year, 1, 1), last)


@dataclass(frozen=True)
class DataPeriod:
    """The period a page shows, and what to say when the one asked for has no records.

    `fallback` is the latest period with records (None when the asked one has some, or
    when the scope has none at all); `shown` is what the page reads: the fallback when the
    period was the default, the asked one (an empty state linking to the fallback) when the
    user chose it.
    """

    asked: Period
    shown: Period
    fallback: Period | None
    latest_month: datetime.date | None

    @property
    def fell_back(self):
        return self.fallback is not None and self.shown == self.fallback

    @property
    def empty(self):
        """Whether the page shows a period without records (an empty state, not zeros)."""
        return self.latest_month is None or (self.fallback is not None and not self.fell_back)


def with_data(asked, *, latest, chosen, widen, today=None):
    """`asked` if it has records, else the latest period that has (see DataPeriod).

    `latest(until)` is the last month up to `until` with records (totals.latest_flow_month
    of the scope); `widen(month)` turns it into the period to offer instead (a dashboard
    offers its year, the quarterly report its quarter).
    """
    latest_month = latest(asked.end)
    if latest_month is not None and latest_month >= asked.first:
        return DataPeriod(asked, asked, None, latest_month)
    if chosen:
        latest_month = latest(today or timezone.localdate())
    if latest_month is None:
        return DataPeriod(asked, asked, None, None)
    fallback = widen(latest_month)
    return DataPeriod(asked, asked if chosen else fallback, fallback, latest_month)


def year_of(month):
    """The calendar year of `month`."""
    return Period(datetime.date(month.year, 1, 1), datetime.date(month.year, 12, 1))


def quarter_of(month):
    """The calendar quarter of `month`."""
    first = datetime.date(month.year, 3 * ((month.month - 1) // 3) + 1, 1)
    return Period(first, add_months(first, 2))
