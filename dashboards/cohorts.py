"""Conversion as cohorts: of the projects that entered a stage in a period, how many went on.

A 落地率 or 开工率 follows a cohort (DOMAIN.md, "Conversion"): of the projects signed
in the period, the share that had landed within 3, 6 and 12 months of signing,
and the median days it took those that did. A ratio of two flows of the same
period is not a rate (it can exceed 100 %), so the dashboards never show one.

"Within N months" of a date is up to and including the same day N months later,
clipped to the month's end (31 January + 1 month is 28 or 29 February), the
calendar arithmetic of PostgreSQL's `date + interval`. A window still open on
`today` is reported as open: its share can only grow.

No totals table holds cohorts, so like the cycle times (dashboards/cycles.py) this
is one query over the scope's projects, cached by the dashboard per recompute run.
PostgreSQL counts in SQL; elsewhere (SQLite) the cohort's dates are read and
counted in Python with the same rule (a test holds the two to the same answer).
"""

import calendar
import datetime
import statistics
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db import connection
from django.db.models import Aggregate, Count, DateField, F, Func, Q, Value
from django.db.models.lookups import GreaterThan, LessThanOrEqual

from projects.models import Project, Stage

WINDOWS = (3, 6, 12)
TRANSITIONS = [
    (Stage.NEGOTIATING, Stage.SIGNED),
    (Stage.SIGNED, Stage.LANDED),
    (Stage.LANDED, Stage.UNDER_CONSTRUCTION),
    (Stage.UNDER_CONSTRUCTION, Stage.IN_PRODUCTION),
]


def plus_months(day, months):
    """The same day `months` later, clipped to that month's last day."""
    index = day.year * 12 + day.month - 1 + months
    year, month = index // 12, index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class Cohort:
    """Projects that entered `start` in the period, and how many reached `end` in each window."""

    start: Stage
    end: Stage
    size: int
    within: dict  # months -> projects that entered `end` within that many months
    open: dict  # months -> projects whose window had not closed by `today`
    reached: int  # entered `end` by `today`, however long it took
    median_days: Decimal | None  # median days from `start` to `end` of those `reached`

    def share(self, months):
        """Percent of the cohort that reached `end` within `months` (None: empty cohort)."""
        if not self.size:
            return None
        return (Decimal(self.within[months] * 100) / self.size).quantize(
            Decimal("0.1"), rounding=ROUND_HALF_UP
        )

    def rows(self):
        """(months, reached within, share, open windows) per window, for the tables."""
        return [(m, self.within[m], self.share(m), self.open[m]) for m in WINDOWS]


class PlusMonths(Func):
    """PostgreSQL: a date column `months` months later (month-end clipped), as a date."""

    output_field = DateField()

    def __init__(self, expression, months):
        super().__init__(expression)
        self.months = int(months)

    def as_sql(self, compiler, connection, **extra):
        sql, params = compiler.compile(self.source_expressions[0])
        return f"(({sql}) + make_interval(months => {self.months}))::date", params


class Median(Aggregate):
    function = "PERCENTILE_CONT"
    name = "Median"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"


def _days(value):
    if value is None:
        return None
    if isinstance(value, datetime.timedelta):
        value = value.total_seconds() / 86400
    return Decimal(value).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def _entered(stage, period):
    field = stage.date_field
    return Q(**{f"{field}__gte": period.start, f"{field}__lte": period.end})


def cohorts(scope, period, today):
    """[Cohort] for each step of the pipeline, in one query over the scope's projects."""
    projects = Project.objects.in_scope(scope)
    any_entry = Q(pk__in=[])
    for a, _b in TRANSITIONS:
        any_entry |= _entered(a, period)
    projects = projects.filter(any_entry)
    if connection.vendor == "postgresql":
        return _in_sql(projects, period, today)
    fields = [s.date_field for s in Stage.pipeline()]
    return count_cohorts(projects.values_list(*fields), period, today)


def _in_sql(projects, period, today):
    aggregates = {}
    for a, b in TRANSITIONS:
        cohort = _entered(a, period)
        done = cohort & Q(**{f"{b.date_field}__lte": today})
        aggregates[f"{a.value}_n"] = Count("pk", filter=cohort)
        aggregates[f"{a.value}_r"] = Count("pk", filter=done)
        aggregates[f"{a.value}_m"] = Median(F(b.date_field) - F(a.date_field), filter=done)
        for months in WINDOWS:
            window_end = PlusMonths(F(a.date_field), months)
            within = done & Q(LessThanOrEqual(F(b.date_field), window_end))
            aggregates[f"{a.value}_w{months}"] = Count("pk", filter=within)
            # The window is open while its last day is after today.
            aggregates[f"{a.value}_o{months}"] = Count(
                "pk", filter=cohort & Q(GreaterThan(window_end, Value(today)))
            )
    row = projects.aggregate(**aggregates)
    return [
        Cohort(
            a,
            b,
            row[f"{a.value}_n"],
            {m: row[f"{a.value}_w{m}"] for m in WINDOWS},
            {m: row[f"{a.value}_o{m}"] for m in WINDOWS},
            row[f"{a.value}_r"],
            _days(row[f"{a.value}_m"]),
        )
        for a, b in TRANSITIONS
    ]


def count_cohorts(rows, period, today):
    """The cohorts from each project's pipeline dates (negotiating … producing), in Python."""
    pipeline = Stage.pipeline()
    found = {a: {"n": 0, "gaps": [], "w": dict.fromkeys(WINDOWS, 0)} for a, _b in TRANSITIONS}
    opened = {a: dict.fromkeys(WINDOWS, 0) for a, _b in TRANSITIONS}
    for dates in rows:
        by_stage = dict(zip(pipeline, dates, strict=True))
        for a, b in TRANSITIONS:
            entered, reached = by_stage[a], by_stage[b]
            if entered is None or not period.start <= entered <= period.end:
                continue
            cell = found[a]
            cell["n"] += 1
            for months in WINDOWS:
                window_end = plus_months(entered, months)
                if window_end > today:
                    opened[a][months] += 1
                if reached is not None and reached <= today and reached <= window_end:
                    cell["w"][months] += 1
            if reached is not None and reached <= today:
                cell["gaps"].append((reached - entered).days)
    return [
        Cohort(
            a,
            b,
            found[a]["n"],
            found[a]["w"],
            opened[a],
            len(found[a]["gaps"]),
            _days(statistics.median(found[a]["gaps"])) if found[a]["gaps"] else None,
        )
        for a, b in TRANSITIONS
    ]
