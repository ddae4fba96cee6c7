"""Freezing a closed month's totals, and reading figures back from them (按上报口径).

A closing stores, for the closed scope and every scope under it, each stage cell's
entries and exits in the month and their running sums to the month's end, and the
month's completed investment and its year's plan, cut by cut. So a stock at a closed
month's end, a flow over closed months and an "active in" count over closed months are
all read from the snapshot alone, with the semantics of projects/totals/reads.py.
"""

from django.db.models import Q, Sum

from platforms.models import Platform, Region
from projects import totals
from projects.models import InvestmentMonthTotal, PlanYearTotal, ScopeKind, StageMonthTotal
from projects.models.aggregates import ACTIVE
from projects.models.reporting import ClosedMonth, SnapshotInvestmentCell, SnapshotStageCell
from projects.money import exact_sum
from projects.periods import add_months
from projects.totals.reads import Total, month_of, scope_key

BATCH = 5000
CELL = ("scope_kind", "scope_id", "cut", "cut_value")


def scopes_under(scope):
    """[(kind, id)] of the scope and every region and platform under it."""
    if isinstance(scope, Platform):
        platforms = Platform.objects.subtree(scope).values_list("pk", flat=True)
        return [(ScopeKind.PLATFORM, pk) for pk in platforms]
    regions = Region.objects.subtree(scope).values_list("pk", flat=True)
    platforms = Platform.objects.filter(region__path__startswith=scope.path)
    return [(ScopeKind.REGION, pk) for pk in regions] + [
        (ScopeKind.PLATFORM, pk) for pk in platforms.values_list("pk", flat=True)
    ]


def scopes_q(scopes):
    regions = [pk for kind, pk in scopes if kind == ScopeKind.REGION]
    platforms = [pk for kind, pk in scopes if kind == ScopeKind.PLATFORM]
    return Q(scope_kind=ScopeKind.REGION, scope_id__in=regions) | Q(
        scope_kind=ScopeKind.PLATFORM, scope_id__in=platforms
    )


def lock():
    totals.lock_totals()


def forget(closing):
    """Remove the snapshot of a reopened closing before it is closed again."""
    for model in (SnapshotStageCell, SnapshotInvestmentCell):
        model.objects.filter(closing=closing).delete()


def freeze(closing, scopes):
    """Write the snapshot of `closing` for `scopes`; returns the number of cells written."""
    month = closing.month
    where = scopes_q(scopes)
    this_month = Q(month=month)
    stage_rows = (
        StageMonthTotal.objects.filter(where, month__lte=month)
        .values(*CELL, "stage")
        .annotate(
            m_entered_count=Sum("entered_count", filter=this_month),
            m_entered_investment=Sum("entered_investment", filter=this_month),
            m_exited_count=Sum("exited_count", filter=this_month),
            m_exited_investment=Sum("exited_investment", filter=this_month),
            c_entered_count=Sum("entered_count"),
            c_entered_investment=Sum("entered_investment"),
            c_exited_count=Sum("exited_count"),
            c_exited_investment=Sum("exited_investment"),
        )
        .order_by()
    )
    written = _write(
        SnapshotStageCell,
        (
            SnapshotStageCell(
                closing=closing,
                **{k: row[k] for k in (*CELL, "stage")},
                entered_count=row["m_entered_count"] or 0,
                entered_investment=exact_sum(row["m_entered_investment"]),
                exited_count=row["m_exited_count"] or 0,
                exited_investment=exact_sum(row["m_exited_investment"]),
                entered_count_to_date=row["c_entered_count"] or 0,
                entered_investment_to_date=exact_sum(row["c_entered_investment"]),
                exited_count_to_date=row["c_exited_count"] or 0,
                exited_investment_to_date=exact_sum(row["c_exited_investment"]),
            )
            for row in stage_rows.iterator(chunk_size=BATCH)
        ),
    )
    completed = InvestmentMonthTotal.objects.filter(where, month=month).values(
        *CELL, "completed_investment"
    )
    planned = PlanYearTotal.objects.filter(where, year=month.year).values(
        *CELL, "planned_investment"
    )
    written += _write(
        SnapshotInvestmentCell,
        (
            SnapshotInvestmentCell(closing=closing, **row)
            for rows in (completed, planned)
            for row in rows.iterator(chunk_size=BATCH)
        ),
    )
    return written


def _write(model, cells):
    written, batch = 0, []
    for cell in cells:
        batch.append(cell)
        if len(batch) == BATCH:
            written += len(model.objects.bulk_create(batch))
            batch = []
    if batch:
        written += len(model.objects.bulk_create(batch))
    return written


class NotReported(Exception):
    """Some month the figure needs is not closed for its scope: no as-reported value."""


class ReportedTotals:
    """The reads of projects/totals/reads.py, answered from the snapshots of closed months.

    A scope's month counts as closed when a closing of it, or of a scope above it, is in
    force (not reopened) and froze that scope's cells.
    """

    def __init__(self, as_of):
        self.as_of = month_of(as_of)  # the closed month a plan is read as of
        self._closings = {}

    def _closing(self, scope, month):
        key = (scope_key(scope), month_of(month))
        if key not in self._closings:
            kind, pk = key[0]
            self._closings[key] = (
                SnapshotStageCell.objects.filter(
                    scope_kind=kind,
                    scope_id=pk,
                    closing__month=key[1],
                    closing__reopened_at__isnull=True,
                )
                .values_list("closing_id", flat=True)
                .first()
            )
        closing = self._closings[key]
        if closing is None:
            raise NotReported(f"{scope} {month:%Y-%m}")
        return closing

    def _months(self, start, end):
        month, last = month_of(start), month_of(end)
        while month <= last:
            yield month
            month = add_months(month, 1)

    def _stage(self, scope, stage, closings, slice_, fields):
        kind, pk = scope_key(scope)
        cells = SnapshotStageCell.objects.filter(
            slice_.q(), scope_kind=kind, scope_id=pk, stage=stage, closing_id__in=closings
        )
        return cells.aggregate(**{name: Sum(field) for name, field in fields.items()})

    def flow(self, scope, stage, start, end, slice_):
        if start is None:  # every entry up to the end: the running entries at the end
            row = self._balance(scope, str(stage), end, slice_)
            return Total(row["entered"] or 0, exact_sum(row["entered_i"]))
        closings = [self._closing(scope, m) for m in self._months(start, end)]
        row = self._stage(
            scope,
            str(stage),
            closings,
            slice_,
            {"count": "entered_count", "investment": "entered_investment"},
        )
        return Total.of(row)

    def _balance(self, scope, stage, on, slice_):
        row = self._stage(
            scope,
            stage,
            [self._closing(scope, on)],
            slice_,
            {
                "entered": "entered_count_to_date",
                "entered_i": "entered_investment_to_date",
                "exited": "exited_count_to_date",
                "exited_i": "exited_investment_to_date",
            },
        )
        return row

    def stock(self, scope, stage, on, slice_):
        row = self._balance(scope, str(stage), on, slice_)
        return Total(
            (row["entered"] or 0) - (row["exited"] or 0),
            exact_sum(row["entered_i"]) - exact_sum(row["exited_i"]),
        )

    def active(self, scope, start, end, slice_):
        """Entered by the end less exited before the start: the exits before the start are
        the running exits at the end less the exits in the months between."""
        closings = [self._closing(scope, m) for m in self._months(start, end)]
        to_date = self._balance(scope, ACTIVE, end, slice_)
        between = self._stage(
            scope,
            ACTIVE,
            closings,
            slice_,
            {"exited": "exited_count", "exited_i": "exited_investment"},
        )
        return Total(
            (to_date["entered"] or 0) - ((to_date["exited"] or 0) - (between["exited"] or 0)),
            exact_sum(to_date["entered_i"])
            - (exact_sum(to_date["exited_i"]) - exact_sum(between["exited_i"])),
        )

    def completed(self, scope, start, end, slice_):
        if start is None:
            raise NotReported("completed investment with an open start")
        closings = [self._closing(scope, m) for m in self._months(start, end)]
        kind, pk = scope_key(scope)
        row = SnapshotInvestmentCell.objects.filter(
            slice_.q(), scope_kind=kind, scope_id=pk, closing_id__in=closings
        ).aggregate(s=Sum("completed_investment"))
        return exact_sum(row["s"])

    def planned(self, scope, year, slice_):
        """The plan of `year` as the closing of the `as_of` month froze it."""
        if self.as_of.year != year:
            raise NotReported(f"plan {year} as of {self.as_of:%Y-%m}")
        kind, pk = scope_key(scope)
        row = SnapshotInvestmentCell.objects.filter(
            slice_.q(), scope_kind=kind, scope_id=pk, closing_id=self._closing(scope, self.as_of)
        ).aggregate(s=Sum("planned_investment"))
        return exact_sum(row["s"])

    def event_total(self, event, scope, slice_):
        raise NotReported("event totals are not frozen by a closing")

    def relocated_units(self, scope, *args):
        raise NotReported("relocated units are not frozen by a closing")


def closings_in_force(scope, months):
    """The closings in force for `scope` itself among `months`."""
    kind, pk = scope_key(scope)
    return ClosedMonth.objects.filter(
        scope_kind=kind, scope_id=pk, month__in=months, reopened_at__isnull=True
    )
