"""Cycle times: median days from one stage to the next, for the moves made in a period.

No totals table holds medians, so this is the one dashboard read over the
projects themselves: a single query per page. PostgreSQL takes the medians in
SQL (percentile_cont); elsewhere (SQLite) they are taken in Python over a
bounded sample, CYCLE_SAMPLE rows at most.
"""

import datetime
import statistics
from decimal import Decimal

from django.db import connection
from django.db.models import Aggregate, Count, DurationField, ExpressionWrapper, F, Q

from projects.models import Project, Stage

PIPELINE = Stage.pipeline()
# On SQLite the medians are taken over at most this many projects (the most
# recently created whose move falls in the period).
CYCLE_SAMPLE = 5000
TRANSITIONS = [
    (Stage.NEGOTIATING, Stage.SIGNED),
    (Stage.SIGNED, Stage.LANDED),
    (Stage.LANDED, Stage.UNDER_CONSTRUCTION),
    (Stage.UNDER_CONSTRUCTION, Stage.IN_PRODUCTION),
]


class Median(Aggregate):
    """PostgreSQL's continuous median of an expression."""

    function = "PERCENTILE_CONT"
    name = "Median"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"


def _days(delta):
    if delta is None:
        return None
    if isinstance(delta, datetime.timedelta):
        return Decimal(delta.total_seconds() / 86400).quantize(Decimal("0.1"))
    return Decimal(delta).quantize(Decimal("0.1"))


def cycle_times(scope, period):
    """Median days from each stage to the next, over the moves made in the period; one query.

    Returns [(from, to, median days or None, number of moves)].
    """
    projects = Project.objects.in_scope(scope)
    start, end = period.start, period.end

    def moved(stage):
        return Q(**{f"{stage.date_field}__gte": start, f"{stage.date_field}__lte": end})

    # Only projects with a move in the period: the date indexes find them.
    any_move = Q(pk__in=[])
    for _a, b in TRANSITIONS:
        any_move |= moved(b)
    if connection.vendor == "postgresql":
        aggregates_ = {}
        for a, b in TRANSITIONS:
            gap = ExpressionWrapper(F(b.date_field) - F(a.date_field), output_field=DurationField())
            aggregates_[f"{b.value}_m"] = Median(gap, filter=moved(b))
            aggregates_[f"{b.value}_n"] = Count("pk", filter=moved(b))
        row = projects.filter(any_move).aggregate(**aggregates_)
        return [(a, b, _days(row[f"{b.value}_m"]), row[f"{b.value}_n"]) for a, b in TRANSITIONS]
    fields = [s.date_field for s in PIPELINE]
    sample = projects.filter(any_move).order_by("-pk").values_list(*fields)[:CYCLE_SAMPLE]
    gaps = {b: [] for _a, b in TRANSITIONS}
    for dates in sample:
        by_stage = dict(zip(PIPELINE, dates, strict=True))
        for a, b in TRANSITIONS:
            if by_stage[b] and start <= by_stage[b] <= end and by_stage[a]:
                gaps[b].append((by_stage[b] - by_stage[a]).days)
    return [
        (a, b, _days(statistics.median(gaps[b])) if gaps[b] else None, len(gaps[b]))
        for a, b in TRANSITIONS
    ]
