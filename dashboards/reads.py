"""Page-level reads for the dashboards: a fixed handful of queries per page, folded in Python.

Every number is read from the precomputed totals tables, with the semantics of
projects/totals/reads.py (flows sum a period's months, stocks sum entries less exits
up to a month), but a page reads each table once — grouped and windowed in SQL
— instead of once per card, so the page costs the same whatever the number of
projects or scopes. The one exception is the cycle-time medians, which no
totals table holds: one query over the scope's projects (dashboards/cycles.py),
cached per totals generation so that it is paid once per recompute, not per view.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Max, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from dashboards.cohorts import cohorts
from dashboards.cycles import cycle_times
from platforms.models import IndustryChain, Platform, Region
from projects import totals
from projects.models import (
    Cut,
    InvestmentMonthTotal,
    KeyLevel,
    MerchantRelocation,
    Origin,
    PlanYearTotal,
    Project,
    PublishedFigure,
    RelocatedUnit,
    RelocationMonthTotal,
    Stage,
    StageMonthTotal,
    StaleMark,
)
from projects.models.records import InstitutionType
from projects.periods import add_months
from projects.totals.reads import Total, scope_key
from promotion.selectors import read_promotion

PIPELINE = Stage.pipeline()
KEY_LEVELS = [KeyLevel.PROVINCIAL.value, KeyLevel.MUNICIPAL.value]
BREAKDOWN_CUTS = [Cut.ALL, Cut.ORIGIN, Cut.CATEGORY, Cut.CHAIN, Cut.SOURCE_DISTRICT]
BEIJING = "110000"
OTHER_ORIGIN = "other"
TREND_QUARTERS = 8
ZERO = Total(0, Decimal(0))


def growth_pct(now, before, min_base):
    """Year-on-year growth in percent, or None when the base is zero or below `min_base`.

    Over a base of 2 a change reads +14,100 %: a number nobody can quote. Below the
    threshold the page shows 新增 (new) and the absolute change instead.
    """
    if before <= 0 or before < min_base:
        return None
    return Decimal(now - before) * 100 / Decimal(before)


def is_new(now, before, min_base):
    """Whether a growth too small a base to be a percentage is shown as 新增."""
    return now > before and (before <= 0 or before < min_base)


@dataclass(frozen=True)
class Comparison:
    """A number now and a year earlier."""

    now: Total
    before: Total

    @property
    def count_change(self):
        return self.now.count - self.before.count

    @property
    def investment_change(self):
        return self.now.investment - self.before.investment

    @property
    def count_pct(self):
        """Change in count, in percent of a year earlier (None when the base is too small)."""
        return growth_pct(self.now.count, self.before.count, settings.DASHBOARD_YOY_MIN_COUNT)

    @property
    def investment_pct(self):
        return growth_pct(
            self.now.investment, self.before.investment, settings.DASHBOARD_YOY_MIN_WAN
        )

    @property
    def count_is_new(self):
        return is_new(self.now.count, self.before.count, settings.DASHBOARD_YOY_MIN_COUNT)

    @property
    def investment_is_new(self):
        return is_new(self.now.investment, self.before.investment, settings.DASHBOARD_YOY_MIN_WAN)


def time_progress(last_month):
    """时序进度: the share of the year elapsed at the end of `last_month`, in percent.

    Hebei's bulletins count whole months: the first half is 50 %, the first quarter 25 %.
    """
    return Decimal(last_month.month * 100) / 12


@dataclass(frozen=True)
class Progress:
    """Completion of a yearly amount against 时序进度 (both in percent)."""

    done: Decimal
    target: Decimal
    elapsed: Decimal

    @property
    def pct(self):
        return self.done * 100 / self.target if self.target else None

    @property
    def gap(self):
        """Percentage points ahead of (positive) or behind (negative) 时序进度."""
        return None if self.pct is None else self.pct - self.elapsed


@dataclass(frozen=True)
class Card:
    stage: Stage
    label: str
    is_stock: bool
    value: Comparison


def _add(a, b):
    return Total(a.count + b.count, a.investment + b.investment)


class StageCells:
    """The one StageMonthTotal read of a page, windowed per (scope, stage, cut, value).

    Stocks need every month since the first; flows only the period and the year before.
    So only `complete` (scope, cut) pairs were read from the first month on; the others
    hold the flows of those two windows, and asking them for a stock is an error.
    """

    def __init__(self, rows, complete=()):
        self._complete = set(complete)
        self._rows = defaultdict(dict)
        for row in rows:
            key = (row["scope_kind"], row["scope_id"], row["stage"], row["cut"])
            self._rows[key][row["cut_value"]] = row

    def _sum(self, scope, stage, cut, values, count, investment, minus=None):
        total = ZERO
        for value, row in self._rows[(*scope, Stage(stage).value, cut)].items():
            if values is not None and value not in values:
                continue
            part = Total(row[count] or 0, row[investment] or Decimal(0))
            if minus:
                part = Total(
                    part.count - (row[minus[0]] or 0), part.investment - (row[minus[1]] or 0)
                )
            total = _add(total, part)
        return total

    def flow(self, scope, stage, cut=Cut.ALL, values=("",), before=False):
        """Entries into `stage` in the period (or the same period a year earlier)."""
        p = "p" if before else ""
        return self._sum(scope, stage, cut, values, f"{p}flow_c", f"{p}flow_i")

    def stock(self, scope, stage, cut=Cut.ALL, values=("",), before=False):
        """Projects in `stage` at the period's end (or a year before it)."""
        if (tuple(scope), cut) not in self._complete:
            raise ValueError(f"stocks of {scope} {cut!r} were not read from the first month")
        p = "p" if before else ""
        return self._sum(
            scope, stage, cut, values, f"{p}in_c", f"{p}in_i", minus=(f"{p}out_c", f"{p}out_i")
        )

    def compare_flow(self, scope, stage, cut=Cut.ALL, values=("",)):
        return Comparison(
            self.flow(scope, stage, cut, values), self.flow(scope, stage, cut, values, True)
        )

    def values_of(self, scope, cut):
        """The values of a breakdown cut with signings in the period or the year before."""
        found = set()
        for stage in PIPELINE:
            found |= set(self._rows[(*scope, stage.value, cut)])
        return found


def _scopes_q(scopes):
    by_kind = defaultdict(list)
    for scope in scopes:
        kind, pk = scope_key(scope)
        by_kind[kind].append(pk)
    q = Q(pk__in=[])
    for kind, ids in by_kind.items():
        q |= Q(scope_kind=kind, scope_id__in=ids)
    return q


def _own(scope):
    kind, pk = scope_key(scope)
    return Q(scope_kind=kind, scope_id=pk)


def read_stage_cells(scope, children, period):
    """One query: the scope's whole from the first month (its stocks need them all); the
    children's wholes and the scope's breakdown slices for the period and the year before
    only, which is all their flows need — so the rows read do not grow with the years of
    data or the number of projects."""
    prev = period.year_earlier()
    now = Q(month__gte=period.first)
    earlier = Q(month__gte=prev.first, month__lte=prev.last)
    upto_earlier = Q(month__lte=prev.last)
    windows = Q(month__gte=prev.first)
    breakdowns = Q(cut__in=[c for c in BREAKDOWN_CUTS if c != Cut.ALL], stage=Stage.SIGNED.value)
    where = (
        (_own(scope) & Q(cut=Cut.ALL))
        | (_scopes_q(children) & Q(cut=Cut.ALL) & windows)
        | (_own(scope) & breakdowns & windows)
    )
    rows = (
        StageMonthTotal.objects.filter(where, month__lte=period.last)
        .filter(stage__in=[s.value for s in PIPELINE])
        .values("scope_kind", "scope_id", "stage", "cut", "cut_value")
        .annotate(
            flow_c=Sum("entered_count", filter=now),
            flow_i=Sum("entered_investment", filter=now),
            pflow_c=Sum("entered_count", filter=earlier),
            pflow_i=Sum("entered_investment", filter=earlier),
            in_c=Sum("entered_count"),
            in_i=Sum("entered_investment"),
            out_c=Sum("exited_count"),
            out_i=Sum("exited_investment"),
            pin_c=Sum("entered_count", filter=upto_earlier),
            pin_i=Sum("entered_investment", filter=upto_earlier),
            pout_c=Sum("exited_count", filter=upto_earlier),
            pout_i=Sum("exited_investment", filter=upto_earlier),
        )
        .order_by()
    )
    return StageCells(rows, complete=[(scope_key(scope), Cut.ALL)])


def quarter_of(month):
    return datetime.date(month.year, 3 * ((month.month - 1) // 3) + 1, 1)


def read_trend(scope, period):
    """Signed and started flows for the last TREND_QUARTERS quarters up to the period's end."""
    last_quarter = quarter_of(period.last)
    quarters = [add_months(last_quarter, -3 * i) for i in reversed(range(TREND_QUARTERS))]
    rows = (
        StageMonthTotal.objects.filter(_own(scope), cut=Cut.ALL, cut_value="")
        .filter(stage__in=[Stage.SIGNED.value, Stage.UNDER_CONSTRUCTION.value])
        .filter(month__gte=quarters[0], month__lte=period.last)
        .values_list("stage", "month", "entered_count", "entered_investment")
    )
    trend = {q: {Stage.SIGNED: ZERO, Stage.UNDER_CONSTRUCTION: ZERO} for q in quarters}
    for stage, month, count, investment in rows:
        cell = trend[quarter_of(month)]
        cell[Stage(stage)] = _add(cell[Stage(stage)], Total(count, investment))
    return trend


@dataclass
class KeyProgress:
    """Key projects' completed investment against the annual plan, for the year of the period's end."""

    year: int
    months: list  # first days of Jan … the period's last month
    completed: dict  # level -> {month: 万元}, this year
    completed_before: dict  # level -> {month: 万元}, the same months a year earlier
    planned: dict  # (level, year) -> 万元

    def done(self, levels=KEY_LEVELS, before=False):
        source = self.completed_before if before else self.completed
        return sum((sum(source[lv].values(), Decimal(0)) for lv in levels), Decimal(0))

    def plan(self, levels=KEY_LEVELS, year=None):
        year = year or self.year
        return sum((self.planned.get((lv, year), Decimal(0)) for lv in levels), Decimal(0))

    def pct(self, levels=KEY_LEVELS):
        return self.progress(levels).pct

    def progress(self, levels=KEY_LEVELS):
        """Completion against the annual plan and 时序进度 at the last month."""
        return Progress(self.done(levels), self.plan(levels), time_progress(self.months[-1]))

    def yoy_pct(self, levels=KEY_LEVELS):
        before = self.done(levels, before=True)
        return growth_pct(self.done(levels), before, settings.DASHBOARD_YOY_MIN_WAN)

    def yoy_is_new(self, levels=KEY_LEVELS):
        before = self.done(levels, before=True)
        return is_new(self.done(levels), before, settings.DASHBOARD_YOY_MIN_WAN)

    def month_total(self, month, before=False):
        source = self.completed_before if before else self.completed
        return sum((source[lv].get(month, Decimal(0)) for lv in KEY_LEVELS), Decimal(0))


def read_key_progress(scope, period):
    """Two queries: the key_level slice of completed investment and of the annual plans."""
    year = period.last.year
    months = [datetime.date(year, m, 1) for m in range(1, period.last.month + 1)]
    rows = InvestmentMonthTotal.objects.filter(
        _own(scope), cut=Cut.KEY_LEVEL, cut_value__in=KEY_LEVELS
    ).filter(month__gte=datetime.date(year - 1, 1, 1), month__lte=period.last)
    completed = {lv: {} for lv in KEY_LEVELS}
    before = {lv: {} for lv in KEY_LEVELS}
    for level, month, amount in rows.values_list("cut_value", "month", "completed_investment"):
        if month.year == year:
            completed[level][month] = amount
        elif month.month <= period.last.month:
            before[level][month.replace(year=year)] = amount
    plans = PlanYearTotal.objects.filter(
        _own(scope), cut=Cut.KEY_LEVEL, cut_value__in=KEY_LEVELS, year__in=[year, year - 1]
    ).values_list("cut_value", "year", "planned_investment")
    planned = {(level, y): amount for level, y, amount in plans}
    return KeyProgress(year, months, completed, before, planned)


def read_children_key_progress(children, period):
    """Two queries: each child's key projects' completed investment (Jan … the period's last
    month) and annual plan, as {scope_key: (done 万元, plan 万元)}."""
    year = period.last.year
    where = _scopes_q(children) & Q(cut=Cut.KEY_LEVEL, cut_value__in=KEY_LEVELS)
    done = (
        InvestmentMonthTotal.objects.filter(where)
        .filter(month__gte=datetime.date(year, 1, 1), month__lte=period.last)
        .values("scope_kind", "scope_id")
        .annotate(total=Sum("completed_investment"))
        .order_by()
    )
    plans = (
        PlanYearTotal.objects.filter(where, year=year)
        .values("scope_kind", "scope_id")
        .annotate(total=Sum("planned_investment"))
        .order_by()
    )
    out = {scope_key(c): [Decimal(0), Decimal(0)] for c in children}
    for i, rows in enumerate([done, plans]):
        for row in rows:
            key = (row["scope_kind"], row["scope_id"])
            if key in out:
                out[key][i] = row["total"] or Decimal(0)
    return {key: tuple(v) for key, v in out.items()}


def read_relocations(scope, period):
    """One query: relocated units by origin and kind, in the period and a year earlier."""
    prev = period.year_earlier()
    rows = (
        RelocationMonthTotal.objects.filter(_own(scope))
        .filter(month__gte=min(prev.first, period.first), month__lte=period.last)
        .values("origin", "kind")
        .annotate(
            now=Sum("unit_count", filter=Q(month__gte=period.first)),
            before=Sum("unit_count", filter=Q(month__gte=prev.first, month__lte=prev.last)),
        )
        .order_by()
    )
    table = {}
    for row in rows:
        table[(row["origin"], row["kind"])] = (row["now"] or 0, row["before"] or 0)
    return table


def read_merchants(scope):
    """Merchant relocations in scope: a tiny table, one query."""
    return list(
        MerchantRelocation.objects.in_scope(scope)
        .select_related("region", "platform")
        .order_by("-recorded_on", "pk")
    )


def read_figures(scope):
    """Published figures whose scope lies in the subtree, with their reconciliation, one query."""
    figures = PublishedFigure.objects.select_related(
        "reconciliation", "scope_region", "scope_platform"
    )
    if isinstance(scope, Platform):
        figures = figures.filter(scope_platform__path__startswith=scope.path)
    else:
        figures = figures.filter(
            Q(scope_region__path__startswith=scope.path)
            | Q(scope_platform__region__path__startswith=scope.path)
        )
    return list(figures.order_by("group", "code"))


def child_scopes(scope):
    """The scopes a dashboard drills into: cities of the province; counties and platforms below."""
    if isinstance(scope, Platform):
        return list(scope.children.select_related("region").order_by("path"))
    regions = list(scope.children.exclude(level=Region.Level.ORIGIN).order_by("path"))
    if scope.level == Region.Level.PROVINCE:
        return regions
    # The platforms of the region that no other platform of the region contains.
    platforms = (
        Platform.objects.filter(region__path__startswith=scope.path)
        .filter(Q(parent__isnull=True) | ~Q(parent__region__path__startswith=scope.path))
        .select_related("region")
        .order_by("path")
    )
    return regions + list(platforms)


def ancestors(scope):
    """The places above the scope, root first (regions, then platforms for a platform)."""
    if isinstance(scope, Platform):
        regions = list(Region.objects.ancestors_of(scope.region))
        return regions + [p for p in Platform.objects.ancestors_of(scope) if p.pk != scope.pk]
    return [r for r in Region.objects.ancestors_of(scope) if r.pk != scope.pk]


# A generation's medians are kept this long; a recompute of the scope starts new keys anyway.
CYCLE_CACHE_SECONDS = 24 * 3600


def read_cycle_times(scope, period, generation):
    """Cycle-time medians, computed once per totals generation (Dashboard.generation).

    They are the one dashboard number read from the projects themselves, which at a
    million projects costs more than the rest of the page; kept per run, they change
    when every other number on the page does: after the recompute that follows an edit.
    """
    kind, pk = scope_key(scope)
    key = f"dashboard-cycles:{kind}{pk}:{period.first:%Y%m}-{period.last:%Y%m}:{generation}"
    return cache.get_or_set(key, lambda: cycle_times(scope, period), CYCLE_CACHE_SECONDS)


def read_cohorts(scope, period, generation, today):
    """Cohort conversions, once per totals generation and day (windows close with the days)."""
    kind, pk = scope_key(scope)
    key = (
        f"dashboard-cohorts:{kind}{pk}:{period.first:%Y%m}-{period.last:%Y%m}:"
        f"{generation}:{today:%Y%m%d}"
    )
    return cache.get_or_set(key, lambda: cohorts(scope, period, today), CYCLE_CACHE_SECONDS)


def stale_cells(scope):
    kind, pk = scope_key(scope)
    return StaleMark.objects.filter(scope_kind=kind, scope_id=pk).count()


class Dashboard:
    """Everything a dashboard page shows, each part read on first use.

    A page that serves a part from its cache (templates/dashboards/scope.html caches the
    parts drawn from the totals per recompute run) never reads it.
    """

    def __init__(self, scope, period, request=None):
        self.scope = scope
        self.period = period
        self.request = request  # to share per-request reads (the scope's generation)
        self.previous = period.year_earlier()

    @cached_property
    def latest_run(self):
        return totals.latest_run(self.request)

    @cached_property
    def generation(self):
        """Names the state of the scope's totals: they change only with a recompute run
        that rewrote them (totals.scope_generation)."""
        return totals.scope_generation(self.scope, self.request)

    @cached_property
    def stale(self):
        return stale_cells(self.scope)

    @cached_property
    def ancestors(self):
        return ancestors(self.scope)

    @cached_property
    def children(self):
        return child_scopes(self.scope)

    @cached_property
    def cells(self):
        return read_stage_cells(self.scope, self.children, self.period)

    @cached_property
    def cards(self):
        return _cards(self.cells, self.key_scope)

    @cached_property
    def trend(self):
        return read_trend(self.scope, self.period)

    @cached_property
    def key(self):
        return read_key_progress(self.scope, self.period)

    @cached_property
    def children_key(self):
        return read_children_key_progress(self.children, self.period)

    @cached_property
    def relocations(self):
        return read_relocations(self.scope, self.period)

    @cached_property
    def merchants(self):
        return read_merchants(self.scope)

    @cached_property
    def figures(self):
        return read_figures(self.scope)

    @cached_property
    def figures_version(self):
        """Names the state of the published figures and their checks: a figure added, removed
        or edited (the admin checks it again on saving) or a reconcile changes it."""
        row = PublishedFigure.objects.aggregate(
            n=Count("pk"), checked=Max("reconciliation__computed_at")
        )
        return f"{row['n']}.{row['checked'].timestamp() if row['checked'] else 0:.6f}"

    @cached_property
    def cycle(self):
        if self.latest_run is None:
            return cycle_times(self.scope, self.period)
        return read_cycle_times(self.scope, self.period, self.generation)

    @cached_property
    def cohorts(self):
        """dashboards.cohorts.Cohort per step of the pipeline: the honest conversion rates."""
        today = timezone.localdate()
        if self.latest_run is None:
            return cohorts(self.scope, self.period, today)
        return read_cohorts(self.scope, self.period, self.generation, today)

    @cached_property
    def chains(self):
        return {c.code: c for c in IndustryChain.objects.all()}

    @cached_property
    def beijing_districts(self):
        """北京's districts (GB/T 2260), for the breakdown of its projects by source district."""
        return list(Region.objects.filter(parent__code=BEIJING).order_by("code"))

    @cached_property
    def relocated_by_institution(self):
        """Units relocated in the period by institution type (央企二三级子公司, 高校 …) and the
        people with them, read live: [(label, units, people)], the types with units only."""
        rows = (
            RelocatedUnit.objects.in_scope(self.scope)
            .filter(relocated_on__range=(self.period.start, self.period.end))
            .values("institution_type")
            .annotate(units=Count("pk"), people=Sum("people"))
            .order_by()
        )
        found = {row["institution_type"]: row for row in rows}
        labels = [*InstitutionType.choices, ("", _("未填"))]
        return [
            (label, found[value]["units"], found[value]["people"] or 0)
            for value, label in labels
            if value in found
        ]

    @cached_property
    def behind_plan(self):
        """Projects in scope past a planned date today, counted live (plans feed no totals)."""
        today = timezone.localdate()
        return Project.objects.in_scope(self.scope).behind_plan(today).count()

    @cached_property
    def promotion(self):
        """promotion.selectors.PromotionTotals, read live."""
        return read_promotion(self.scope, self.period)

    @property
    def key_scope(self):
        return scope_key(self.scope)

    def pipeline_stocks(self):
        """[(stage, Total)]: projects at or beyond each stage at the period's end.

        A project that has landed has also signed, so the funnel narrows monotonically;
        terminated projects are in none of it.
        """
        stocks = [self.cells.stock(self.key_scope, stage) for stage in PIPELINE]
        funnel, running = [], ZERO
        for stage, total in reversed(list(zip(PIPELINE, stocks, strict=True))):
            running = _add(running, total)
            funnel.append((stage, running))
        return list(reversed(funnel))

    def origin_groups(self):
        """北京, 天津 and the rest, as articles group them."""
        rest = [o.value for o in Origin if o not in Origin.jingjin()]
        return [
            (Origin.BEIJING.value, Origin.BEIJING.label, [Origin.BEIJING.value]),
            (Origin.TIANJIN.value, Origin.TIANJIN.label, [Origin.TIANJIN.value]),
            (OTHER_ORIGIN, _("其他"), rest),
        ]


def card_label(stage):
    return _("在谈") if stage == Stage.NEGOTIATING else Stage(stage).label


def _cards(cells, key):
    cards = []
    for stage in PIPELINE:
        if stage == Stage.NEGOTIATING:
            value = Comparison(cells.stock(key, stage), cells.stock(key, stage, before=True))
        else:
            value = cells.compare_flow(key, stage)
        cards.append(Card(stage, card_label(stage), stage == Stage.NEGOTIATING, value))
    return cards


def dashboard_for(scope, period, request=None):
    """Everything a dashboard page shows, in a fixed number of queries (read as used)."""
    return Dashboard(scope, period, request)
