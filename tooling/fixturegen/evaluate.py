"""Figure definitions evaluated on the in-memory World, with the semantics of projects.figures.

The generator uses this to size placeholder groups (a figure's remainder) and to
prove every figure before it writes a byte; the tests then prove the same on a
real database with projects.figures.
"""

import datetime
from decimal import ROUND_HALF_UP, Decimal

from projects.models import Measure
from tooling.fixturegen.spec import WAN_PER_YI, SpecError
from tooling.fixturegen.world import PIPELINE


class NotComputable(SpecError):
    """The definition divides by zero or names a review without scores."""


def _date(text):
    return datetime.date.fromisoformat(text) if text else None


def _period(d):
    period = d.get("period")
    if not period:
        return None, None
    return _date(period[0]), _date(period[1])


def in_scope(places, scope, region, platform):
    kind, code = scope
    if kind == "platform":
        return platform is not None and places.platform_within(platform, code)
    return places.region_within(region, code)


def passes(p, filters):
    """Whether a project passes the article filters (ProjectQuerySet.with_filters)."""
    filters = filters or {}
    if filters.get("min_investment") is not None:
        threshold = WAN_PER_YI * Decimal(str(filters["min_investment"]))
        if p.total_investment < threshold:
            return False
    for key in ("origin", "key_level", "category", "build_type"):
        if filters.get(key) and getattr(p, key) not in filters[key]:
            return False
    se = filters.get("strategic_emerging")
    return se is None or p.strategic_emerging == se


def _reached(p, stage, start, end):
    day = p.stages.get(stage)
    return day is not None and (start is None or day >= start) and (end is None or day <= end)


def _at(p, stage, on):
    if stage == "terminated":
        return _reached(p, "terminated", None, on)
    if not _reached(p, stage, None, on):
        return False
    later = PIPELINE[PIPELINE.index(stage) + 1 :][:1] + ["terminated"]
    return all(not _reached(p, s, None, on) for s in later)


def _active(p, start, end):
    started, terminated = p.stages.get("under_construction"), p.stages.get("terminated")
    return started is not None and started <= end and (terminated is None or terminated >= start)


def _stage_test(p, d):
    start, end = _period(d)
    if d.get("reached"):
        return _reached(p, d["reached"], start, end)
    if d.get("at"):
        return _at(p, d["at"], _date(d["date"]))
    if d.get("active"):
        return _active(p, start, end)
    return True


def selected(world, scope, d, filters=None):
    """The projects a figure counts (projects.figures.figure_projects)."""
    filters = d.get("filters") if filters is None else filters
    event = d.get("event")
    return [
        p
        for p in world.projects
        if in_scope(world.places, scope, p.region, p.platform)
        and passes(p, filters)
        and (not event or event in p.events)
        and _stage_test(p, d)
    ]


def _investment_projects(world, scope, d):
    return [
        p
        for p in world.projects
        if in_scope(world.places, scope, p.region, p.platform) and passes(p, d.get("filters"))
    ]


def _yi(wan):
    return Decimal(wan) / WAN_PER_YI


def _completed(projects, start, end):
    first = start.replace(day=1)
    return sum(
        (amt for p in projects for m, amt in p.reports.items() if first <= m <= end), Decimal(0)
    )


def _ratio(numerator, denominator, scale=1):
    if not denominator:
        raise NotComputable("denominator is zero")
    return Decimal(numerator) * scale / Decimal(denominator)


def evaluate(world, figure):
    """The figure's value on the World: counts, 亿元, percent or ratios, as compute_live."""
    measure, d, scope = figure.measure, figure.definition, figure.scope
    from promotion.figures import PROMOTION_MEASURES
    from tooling.promotion_fixtures import evaluate as evaluate_promotion

    if measure in PROMOTION_MEASURES:
        return evaluate_promotion(world, figure)
    if measure in (Measure.COUNT, Measure.INVESTMENT, Measure.ENTERPRISES):
        rows = selected(world, scope, d)
        if measure == Measure.COUNT:
            return Decimal(len(rows))
        if measure == Measure.ENTERPRISES:
            return Decimal(len({p.investor for p in rows}))
        return _yi(sum((p.total_investment for p in rows), Decimal(0)))
    if measure == Measure.PLANNED_INVESTMENT:
        rows = selected(world, scope, d)
        return _yi(sum((p.plans.get(d["year"], Decimal(0)) for p in rows), Decimal(0)))
    if measure in (Measure.SHARE_OF_COUNT, Measure.SHARE_OF_INVESTMENT):
        return _share(world, figure)
    if measure == Measure.DISTINCT_CHAINS:
        covered = {c for p in selected(world, scope, d) for c in p.chains}
        return Decimal(len(covered & set(d.get("chains") or covered)))
    if measure in (
        Measure.COMPLETED_INVESTMENT,
        Measure.PLAN_COMPLETION_PCT,
        Measure.COMPLETED_INVESTMENT_YOY_PCT,
    ):
        return _money_flow(world, figure)
    if measure == Measure.RELOCATED_UNITS:
        return Decimal(len(_units(world, figure)))
    if measure in (Measure.MERCHANTS, Measure.PEOPLE):
        return Decimal(sum(getattr(m, measure) for m in _merchants(world, figure)))
    if measure in (Measure.REVIEWED_PROJECTS, Measure.REVIEWERS, Measure.TOP_SCORE):
        return _review(world, figure)
    raise NotComputable(f"{figure.code}: no evaluation for measure {measure!r}")


def _share(world, figure):
    d = figure.definition
    base = selected(world, figure.scope, d)
    part = [p for p in base if passes(p, d.get("share_filters"))]
    if figure.measure == Measure.SHARE_OF_COUNT:
        return _ratio(len(part), len(base))
    return _ratio(
        sum((p.total_investment for p in part), Decimal(0)),
        sum((p.total_investment for p in base), Decimal(0)),
    )


def _money_flow(world, figure):
    d = figure.definition
    start, end = _period(d)
    rows = _investment_projects(world, figure.scope, d)
    done = _completed(rows, start, end)
    if figure.measure == Measure.COMPLETED_INVESTMENT:
        return _yi(done)
    if figure.measure == Measure.PLAN_COMPLETION_PCT:
        plan = sum((p.plans.get(d["year_plan"], Decimal(0)) for p in rows), Decimal(0))
        return _ratio(done, plan, 100)
    before = _completed(rows, _year_earlier(start), _year_earlier(end))
    return _ratio(done - before, before, 100)


def _year_earlier(day):
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


def _units(world, figure):
    d = figure.definition
    start, end = _period(d)
    filters = d.get("filters") or {}
    return [
        u
        for u in world.units
        if in_scope(world.places, figure.scope, u.region, u.platform)
        and (start is None or start <= u.relocated_on <= end)
        and (not filters.get("origin") or u.origin in filters["origin"])
        and (not filters.get("unit_kind") or u.kind in filters["unit_kind"])
    ]


def _merchants(world, figure):
    origin = (figure.definition.get("filters") or {}).get("origin")
    return [
        m
        for m in world.merchants
        if in_scope(world.places, figure.scope, m.region, m.platform)
        and (not origin or m.origin in origin)
    ]


def _review(world, figure):
    review = world.reviews.get(figure.definition.get("review"))
    if review is None or not review.candidates:
        raise NotComputable(f"{figure.code}: no such review")
    if figure.measure == Measure.REVIEWED_PROJECTS:
        return Decimal(len(review.candidates))
    if figure.measure == Measure.REVIEWERS:
        return Decimal(len({e for c in review.candidates for e, _s in c.scores}))
    means = [sum(s for _e, s in c.scores) / len(c.scores) for c in review.candidates if c.scores]
    return max(means).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
