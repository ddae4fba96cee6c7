"""Reading the precomputed totals: every dashboard number and figure is a read of these.

Periods are whole months: a flow over [start, end] sums the months from
start's to end's; a stock at a date sums entries less exits up to its month.
Callers with a date inside a month use the live QuerySets instead.
"""

import calendar
import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.cache import cache
from django.db.models import F, Q, Sum

from platforms.models import Platform
from projects.models import (
    ACTIVE,
    Cut,
    EventTotal,
    InvestmentMonthTotal,
    PlanYearTotal,
    RelocationMonthTotal,
    ScopeKind,
    Stage,
    StageMonthTotal,
)
from projects.money import exact_sum


@dataclass(frozen=True)
class Total:
    count: int
    investment: Decimal  # 万元

    @classmethod
    def of(cls, row, count="count", investment="investment"):
        return cls(row[count] or 0, exact_sum(row[investment]))


def scope_key(scope):
    """(kind, id) of a Region or Platform."""
    return (ScopeKind.PLATFORM if isinstance(scope, Platform) else ScopeKind.REGION, scope.pk)


def latest_flow_month(scope, until, *, generation=None):
    """The last month up to `until`'s in which projects of the scope were signed, landed,
    started or went into production (the flows a dashboard counts), or None.

    One backward walk of the (scope, month) index, stopping at the first such cell; with
    `generation` (aggregates.scope_generation) the answer is kept in the cache until the
    next recompute of the scope.
    """
    kind, pk = scope_key(scope)
    cells = (
        StageMonthTotal.objects.filter(
            scope_kind=kind,
            scope_id=pk,
            cut=Cut.ALL,
            stage__in=[stage.value for stage in Stage.pipeline()[1:]],
            entered_count__gt=0,
            month__lte=month_of(until),
        )
        .order_by("-month")
        .values_list("month", flat=True)
    )
    if generation is None:
        return cells.first()
    key = f"latest-flow-month:{kind}{pk}:{until:%Y%m}:{generation}"
    return cache.get_or_set(key, cells.first, settings.FRAGMENT_CACHE_SECONDS)


def is_month_start(day):
    return day.day == 1


def is_month_end(day):
    return day.day == calendar.monthrange(day.year, day.month)[1]


def month_of(day):
    return datetime.date(day.year, day.month, 1)


class Slice:
    """A cut and the values of it to add up (values empty: the whole cut)."""

    def __init__(self, cut=Cut.ALL, values=("",)):
        self.cut = cut
        self.values = list(values)

    def q(self):
        return Q(cut=self.cut, cut_value__in=self.values)

    def __repr__(self):
        return f"Slice({self.cut!r}, {self.values!r})"


WHOLE = Slice()


def _cells(model, scope, where):
    kind, pk = scope_key(scope)
    return model.objects.filter(Q(scope_kind=kind, scope_id=pk) & where)


def flow(scope, stage, start=None, end=None, slice_=WHOLE):
    """Projects entering `stage` in the months from start to end."""
    where = Q(stage=Stage(stage).value) & slice_.q()
    if start:
        where &= Q(month__gte=month_of(start))
    if end:
        where &= Q(month__lte=month_of(end))
    row = _cells(StageMonthTotal, scope, where).aggregate(
        count=Sum("entered_count"), investment=Sum("entered_investment")
    )
    return Total.of(row)


def _balance(scope, stage, slice_, entered_until, exited_until):
    base = Q(stage=stage) & slice_.q()
    entered = _cells(StageMonthTotal, scope, base & Q(month__lte=entered_until)).aggregate(
        count=Sum("entered_count"), investment=Sum("entered_investment")
    )
    exited = _cells(StageMonthTotal, scope, base & Q(month__lte=exited_until)).aggregate(
        count=Sum("exited_count"), investment=Sum("exited_investment")
    )
    return Total(
        (entered["count"] or 0) - (exited["count"] or 0),
        exact_sum(entered["investment"]) - exact_sum(exited["investment"]),
    )


def stock(scope, stage, on, slice_=WHOLE):
    """Projects whose stage at the end of `on`'s month was `stage`."""
    month = month_of(on)
    return _balance(scope, Stage(stage).value, slice_, month, month)


def stocks_now(scope, slice_=WHOLE):
    """{stage: Total} of the scope's projects (of the slice) by their current stage: every
    entry less every exit, dated ones to come included, so that it equals counting the
    projects by stage."""
    rows = (
        _cells(StageMonthTotal, scope, slice_.q() & Q(stage__in=Stage.values))
        .values("stage")
        .annotate(
            count=Sum(F("entered_count") - F("exited_count")),
            investment=Sum(F("entered_investment") - F("exited_investment")),
        )
        .order_by()
    )
    return {Stage(row["stage"]): Total.of(row) for row in rows}


def active(scope, start, end, slice_=WHOLE):
    """Projects under construction or producing at some time in the months start..end."""
    before = month_of(start) - datetime.timedelta(days=1)
    return _balance(scope, ACTIVE, slice_, month_of(end), month_of(before))


def completed(scope, start, end, slice_=WHOLE):
    """Completed investment (万元) reported for the months start..end."""
    where = slice_.q() & Q(month__gte=month_of(start), month__lte=month_of(end))
    row = _cells(InvestmentMonthTotal, scope, where).aggregate(s=Sum("completed_investment"))
    return exact_sum(row["s"])


def planned(scope, year, slice_=WHOLE):
    row = _cells(PlanYearTotal, scope, slice_.q() & Q(year=year)).aggregate(
        s=Sum("planned_investment")
    )
    return exact_sum(row["s"])


def event_total(event, scope, slice_=WHOLE):
    row = _cells(EventTotal, scope, slice_.q() & Q(event=event)).aggregate(
        count=Sum("project_count"), investment=Sum("investment"), planned=Sum("planned_investment")
    )
    return Total.of(row), exact_sum(row["planned"])


def relocated_units(scope, start=None, end=None, origins=None, kinds=None):
    where = Q()
    if start:
        where &= Q(month__gte=month_of(start))
    if end:
        where &= Q(month__lte=month_of(end))
    if origins:
        where &= Q(origin__in=origins)
    if kinds:
        where &= Q(kind__in=kinds)
    row = _cells(RelocationMonthTotal, scope, where).aggregate(s=Sum("unit_count"))
    return row["s"] or 0
