"""Recompute published figures from the records and reconcile them with what was published.

A figure's `definition` uses the vocabulary of shared/figures/published_figures.yaml:

    reached: STAGE, period: [START, END]    flow (period optional: all time)
    at: STAGE, date: DATE                   stock
    active: true, period: [START, END]      under construction or producing within
    event: EVENT_CODE                       projects attached to an event
    review: REVIEW_CODE                     an expert review
    year / year_plan: YEAR                  the annual plan used
    filters: {min_investment, origin, key_level, category, strategic_emerging,
              build_type, unit_kind}
    share_filters: {...}                    numerator of a share_of_* measure
    chains: [CHAIN_CODE, ...]               the chains a distinct_chains figure
                                            looks for (absent: any chain)

Amounts come back in 亿元, percentages as percent, shares as ratios.
"""

import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from platforms.models import IndustryChain
from projects.models import (
    AnnualPlan,
    FigureCheck,
    InvestmentReport,
    Measure,
    MerchantRelocation,
    Project,
    PublishedFigure,
    Qualifier,
    RelocatedUnit,
    ReviewCandidate,
    ReviewScore,
)
from projects.models.figures import significant_step
from projects.money import WAN_PER_YI
from projects.reporting.snapshot import NotReported, ReportedTotals

ABOUT_TOLERANCE = Decimal("0.05")
NEARLY_FLOOR = Decimal("0.9")

# Measures computed by a plug-in app (measure -> compute(figure)), filled in by its
# AppConfig.ready(): the core knows their names (Measure) but not their records.
PLUGGED_MEASURES = {}


def register_measures(measures, compute):
    """Let `compute(figure)` compute the figures of `measures`."""
    PLUGGED_MEASURES.update(dict.fromkeys(measures, compute))


class Uncomputable(Exception):
    """The records cannot answer this figure; the message says why."""


def _date(text):
    return datetime.date.fromisoformat(text) if isinstance(text, str) else text


def _period(definition):
    period = definition.get("period")
    if not period:
        return None, None
    return _date(period[0]), _date(period[1])


def _project_filters(filters):
    filters = filters or {}
    kwargs = {
        "origin": filters.get("origin"),
        "key_level": filters.get("key_level"),
        "category": filters.get("category"),
        "build_type": filters.get("build_type"),
        "strategic_emerging": filters.get("strategic_emerging"),
    }
    if filters.get("min_investment") is not None:
        kwargs["min_investment_yi"] = Decimal(str(filters["min_investment"]))
    return kwargs


def figure_projects(figure, definition=None, filters=None):
    """The projects a figure counts, as a live QuerySet."""
    d = figure.definition if definition is None else definition
    qs = Project.objects.in_scope(figure.scope).with_filters(
        **_project_filters(d.get("filters") if filters is None else filters)
    )
    if d.get("event"):
        qs = qs.filter(events__code=d["event"])
    start, end = _period(d)
    if d.get("reached"):
        qs = qs.reached(d["reached"], start, end)
    elif d.get("at"):
        qs = qs.at(d["at"], _date(d["date"]))
    elif d.get("active"):
        qs = qs.active(start, end)
    return qs


def _yi(wan):
    return (Decimal(wan or 0) / WAN_PER_YI).normalize()


def _completed(projects, start, end):
    total = InvestmentReport.objects.filter(project__in=projects.values("pk")).between(start, end)
    return total.aggregate(s=Sum("completed_investment"))["s"] or Decimal(0)


def _planned(projects, year):
    plans = AnnualPlan.objects.filter(project__in=projects.values("pk"), year=year)
    return plans.aggregate(s=Sum("planned_investment"))["s"] or Decimal(0)


def _ratio(numerator, denominator, scale=1):
    if not denominator:
        raise Uncomputable(_("分母为零，无法计算比例。"))
    return Decimal(numerator) * scale / Decimal(denominator)


def _investment_projects(figure):
    """Projects whose completed investment a figure sums: its filters, in scope, any stage."""
    return Project.objects.in_scope(figure.scope).with_filters(
        **_project_filters(figure.definition.get("filters"))
    )


def compute_live(figure):
    """The figure's value computed from the records with live queries."""
    d = figure.definition
    measure = figure.measure
    if measure in (Measure.COUNT, Measure.INVESTMENT, Measure.ENTERPRISES):
        qs = figure_projects(figure)
        if measure == Measure.COUNT:
            return Decimal(qs.count())
        if measure == Measure.ENTERPRISES:
            return Decimal(qs.values("investor").distinct().count())
        return _yi(qs.aggregate(s=Sum("total_investment"))["s"])
    if measure == Measure.PLANNED_INVESTMENT:
        return _yi(_planned(figure_projects(figure), d["year"]))
    if measure == Measure.DISTINCT_CHAINS:
        return Decimal(_chains_covered(figure_projects(figure), d.get("chains")))
    if measure in (Measure.SHARE_OF_COUNT, Measure.SHARE_OF_INVESTMENT):
        base = figure_projects(figure)
        part = base.with_filters(**_project_filters(d.get("share_filters")))
        if measure == Measure.SHARE_OF_COUNT:
            return _ratio(part.count(), base.count())
        total = base.aggregate(s=Sum("total_investment"))["s"]
        return _ratio(part.aggregate(s=Sum("total_investment"))["s"] or 0, total)
    if measure == Measure.COMPLETED_INVESTMENT:
        start, end = _period(d)
        return _yi(_completed(_investment_projects(figure), start, end))
    if measure == Measure.PLAN_COMPLETION_PCT:
        start, end = _period(d)
        projects = _investment_projects(figure)
        return _ratio(_completed(projects, start, end), _planned(projects, d["year_plan"]), 100)
    if measure == Measure.COMPLETED_INVESTMENT_YOY_PCT:
        start, end = _period(d)
        projects = _investment_projects(figure)
        now = _completed(projects, start, end)
        before = _completed(projects, _year_earlier(start), _year_earlier(end))
        return _ratio(now - before, before, 100)
    if measure == Measure.RELOCATED_UNITS:
        return Decimal(_relocated_units(figure).count())
    if measure in (Measure.MERCHANTS, Measure.PEOPLE):
        rows = MerchantRelocation.objects.in_scope(figure.scope)
        origin = (d.get("filters") or {}).get("origin")
        if origin:
            rows = rows.filter(origin__in=origin)
        return Decimal(rows.aggregate(s=Sum(measure))["s"] or 0)
    if measure in (Measure.REVIEWED_PROJECTS, Measure.REVIEWERS, Measure.TOP_SCORE):
        return _review_value(figure)
    if measure in PLUGGED_MEASURES:
        return PLUGGED_MEASURES[measure](figure)
    raise Uncomputable(_("尚不支持的度量：%(m)s") % {"m": measure})


def _chains_covered(projects, chains):
    """How many of `chains` (or of all chains) at least one of the projects belongs to."""
    covered = IndustryChain.objects.filter(projects__in=projects.values("pk"))
    if chains:
        covered = covered.filter(code__in=chains)
    return covered.distinct().count()


def _year_earlier(day):
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


def _relocated_units(figure):
    d = figure.definition
    rows = RelocatedUnit.objects.in_scope(figure.scope)
    start, end = _period(d)
    if start:
        rows = rows.filter(relocated_on__gte=start, relocated_on__lte=end)
    filters = d.get("filters") or {}
    if filters.get("origin"):
        rows = rows.filter(origin__in=filters["origin"])
    if filters.get("unit_kind"):
        rows = rows.filter(kind__in=filters["unit_kind"])
    return rows


def _review_value(figure):
    code = figure.definition.get("review")
    candidates = ReviewCandidate.objects.filter(review__code=code)
    if not candidates.exists():
        raise Uncomputable(_("找不到评审：%(c)s") % {"c": code})
    if figure.measure == Measure.REVIEWED_PROJECTS:
        return Decimal(candidates.count())
    scores = ReviewScore.objects.filter(candidate__review__code=code)
    if figure.measure == Measure.REVIEWERS:
        return Decimal(scores.values("expert").distinct().count())
    # A candidate's score is the experts' mean; the best candidate's is quoted.
    best = (
        candidates.annotate(total=Sum("scores__score"), n=Count("scores"))
        .filter(n__gt=0)
        .values_list("total", "n")
    )
    means = [Decimal(total) / n for total, n in best]
    if not means:
        raise Uncomputable(_("评审没有打分记录。"))
    return max(means).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


FOUR = Decimal("0.0001")


def compare(published, computed, qualifier, places):
    """Whether `computed` agrees with `published` under the figure's qualifier."""
    if qualifier == Qualifier.EXACT:
        rounded = computed.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
        return rounded == published
    if qualifier == Qualifier.AT_LEAST:
        return published <= computed < published + significant_step(published)
    if qualifier == Qualifier.ABOUT:
        return abs(computed - published) <= published * ABOUT_TOLERANCE
    if qualifier == Qualifier.NEARLY:
        return published * NEARLY_FLOOR <= computed <= published
    raise ValueError(qualifier)


def _outcome(figure, compute):
    """(computed, status, difference, explanation) of one way of computing the figure."""
    try:
        computed = compute(figure)
    except Uncomputable as reason:
        return None, FigureCheck.Status.UNCOMPUTABLE, None, str(reason)[:300]
    matches = compare(figure.value, computed, figure.qualifier, figure.places)
    status = FigureCheck.Status.MATCH if matches else FigureCheck.Status.MISMATCH
    return computed.quantize(FOUR), status, (computed - figure.value).quantize(FOUR), ""


def compute_reported(figure):
    """The figure as its reported month's closing froze it (按上报口径)."""
    try:
        return compute_from_totals(figure, reads=ReportedTotals(figure.reported_month))
    except NotPrecomputed as e:
        raise Uncomputable(_("此口径须逐个项目计算，快照中没有。")) from e
    except NotReported as e:
        raise Uncomputable(_("所需月份尚未关账：%(what)s") % {"what": e}) from e


def figure_reconcile(figure, compute=None, now=None):
    """Recompute one figure, and as reported if it names a closed month; store the outcome
    in its FigureCheck."""
    computed, status, difference, explanation = _outcome(figure, compute or compute_figure)
    reported = (None, "", None, "")
    if figure.reported_month:
        reported = _outcome(figure, compute_reported)
    check, _created = FigureCheck.objects.update_or_create(
        figure=figure,
        defaults={
            "computed_value": computed,
            "difference": difference,
            "status": status,
            "explanation": explanation,
            "computed_at": now or timezone.now(),
            "reported_value": reported[0],
            "reported_status": reported[1],
            "reported_explanation": reported[3],
        },
    )
    return check


def restatements_behind(figure):
    """The restatements that moved the figure's scope in the months it counts, up to the
    closed month it was reported from (newest first); [] when it names none."""
    from projects.periods import add_months
    from projects.reporting.restatements import restatements_for
    from projects.totals.reads import month_of, scope_key

    if not figure.reported_month:
        return []
    kind, pk = scope_key(figure.scope)
    start, _end = _period(figure.definition)
    month, last = month_of(start or EARLIEST_MONTH), month_of(figure.reported_month)
    cells = set()
    while month <= last:
        cells.add((kind, pk, f"{month:%Y-%m-%d}"))
        month = add_months(month, 1)
    return restatements_for(cells)


# Where a figure counted "since ever" starts looking for restatements.
EARLIEST_MONTH = datetime.date(2000, 1, 1)


def figures_reconcile(figures=None, compute=None):
    """Reconcile many figures; returns their checks."""
    figures = PublishedFigure.objects.all() if figures is None else figures
    now = timezone.now()
    figures = figures.select_related("scope_region", "scope_platform")
    return [figure_reconcile(f, compute=compute, now=now) for f in figures]


class NotPrecomputed(Exception):
    """The totals tables do not hold this definition (a mid-month date, a rare filter)."""


def slice_for(filters):
    """The precomputed slice equal to a figure's filters, or NotPrecomputed."""
    from projects import totals
    from projects.models import Cut

    filters = {k: v for k, v in (filters or {}).items() if v not in (None, [], "")}
    as_list = lambda v: list(v) if isinstance(v, list | tuple) else [v]  # noqa: E731
    keys = set(filters)
    if not keys:
        return totals.WHOLE
    if keys <= {"min_investment", "origin"} and "min_investment" in keys:
        if Decimal(str(filters["min_investment"])) != 1:
            raise NotPrecomputed
        if "origin" in keys:
            return totals.Slice(Cut.MAJOR_ORIGIN, as_list(filters["origin"]))
        return totals.Slice(Cut.MAJOR)
    if keys == {"strategic_emerging"} and filters["strategic_emerging"] is True:
        return totals.Slice(Cut.STRATEGIC)
    single = {
        "origin": Cut.ORIGIN,
        "key_level": Cut.KEY_LEVEL,
        "category": Cut.CATEGORY,
        "build_type": Cut.BUILD_TYPE,
    }
    if len(keys) == 1 and next(iter(keys)) in single:
        key = next(iter(keys))
        return totals.Slice(single[key], as_list(filters[key]))
    raise NotPrecomputed


def _months(d):
    from projects.totals.reads import is_month_end, is_month_start

    start, end = _period(d)
    # Each bound on its own: an open start ("..2023-04-30") still needs a month-end end.
    if (start and not is_month_start(start)) or (end and not is_month_end(end)):
        raise NotPrecomputed
    return start, end


def compute_from_totals(figure, reads=None):
    """The figure's value read from the precomputed totals tables, or from what `reads`
    answers instead (the snapshot of closed months: reporting.snapshot.ReportedTotals)."""
    from projects import totals
    from projects.models import Event

    reads = reads or totals
    d = figure.definition
    measure = figure.measure
    scope = figure.scope
    slice_ = slice_for(d.get("filters"))
    if d.get("event"):
        event = Event.objects.get(code=d["event"])
        if d.get("reached") or d.get("at") or d.get("active"):
            # Event totals count every project of the event, whatever its stage:
            # a stage condition is counted live (events are small).
            raise NotPrecomputed
        total, plan = reads.event_total(event, scope, slice_)
        if measure == Measure.COUNT:
            return Decimal(total.count)
        if measure == Measure.INVESTMENT:
            return _yi(total.investment)
        if measure == Measure.PLANNED_INVESTMENT and d.get("year") == event.held_on.year:
            return _yi(plan)
        if measure == Measure.DISTINCT_CHAINS and slice_ is totals.WHOLE:
            return Decimal(_event_chains_covered(event, scope, d.get("chains")))
        if measure in (Measure.SHARE_OF_COUNT, Measure.SHARE_OF_INVESTMENT):
            part, _plan = reads.event_total(event, scope, slice_for(d.get("share_filters")))
            if measure == Measure.SHARE_OF_COUNT:
                return _ratio(part.count, total.count)
            return _ratio(part.investment, total.investment)
        raise NotPrecomputed
    if measure in (Measure.COUNT, Measure.INVESTMENT):
        start, end = _months(d)
        if d.get("reached"):
            total = reads.flow(scope, d["reached"], start, end, slice_)
        elif d.get("at"):
            on = _date(d["date"])
            if not totals.is_month_end(on):
                raise NotPrecomputed
            total = reads.stock(scope, d["at"], on, slice_)
        elif d.get("active"):
            total = reads.active(scope, start, end, slice_)
        else:
            raise NotPrecomputed
        return Decimal(total.count) if measure == Measure.COUNT else _yi(total.investment)
    if measure == Measure.COMPLETED_INVESTMENT:
        start, end = _months(d)
        return _yi(reads.completed(scope, start, end, slice_))
    if measure == Measure.PLAN_COMPLETION_PCT:
        start, end = _months(d)
        done = reads.completed(scope, start, end, slice_)
        return _ratio(done, reads.planned(scope, d["year_plan"], slice_), 100)
    if measure == Measure.COMPLETED_INVESTMENT_YOY_PCT:
        start, end = _months(d)
        now = reads.completed(scope, start, end, slice_)
        before = reads.completed(scope, _year_earlier(start), _year_earlier(end), slice_)
        return _ratio(now - before, before, 100)
    if measure == Measure.RELOCATED_UNITS:
        start, end = _months(d)
        filters = d.get("filters") or {}
        return Decimal(
            reads.relocated_units(
                scope, start, end, filters.get("origin"), filters.get("unit_kind")
            )
        )
    raise NotPrecomputed


def _event_chains_covered(event, scope, chains):
    from projects import totals
    from projects.models import Cut, EventTotal

    if not chains:
        kind, pk = totals.scope_key(scope)
        cells = EventTotal.objects.filter(scope_kind=kind, scope_id=pk, event=event, cut=Cut.CHAIN)
        chains = cells.filter(project_count__gt=0).values_list("cut_value", flat=True).distinct()
    slices = (totals.Slice(Cut.CHAIN, [code]) for code in chains)
    return sum(totals.event_total(event, scope, s)[0].count > 0 for s in slices)


def compute_figure(figure):
    """Read the figure from the totals; small or unusual definitions are counted live."""
    try:
        return compute_from_totals(figure)
    except NotPrecomputed:
        return compute_live(figure)
