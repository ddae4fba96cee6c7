"""Promotion figures evaluated on the in-memory records, with promotion.figures' semantics."""

import datetime
from decimal import Decimal

from projects.models import Measure
from promotion.figures import ACTIVITY_KINDS, LEAD_MEASURES, PROMOTION_MEASURES
from tooling.fixturegen.evaluate import NotComputable, in_scope


def _day(text):
    return datetime.date.fromisoformat(text) if text else None


def _within(day, d):
    period = d.get("period")
    if not period:
        return True
    start, end = (_day(x) for x in period)
    return day <= end and (start is None or day >= start)


def _actor_ok(row, d):
    actor = (d.get("filters") or {}).get("actor")
    return not actor or row.actor == actor


def activities(world, figure, kind=None):
    d, places = figure.definition, world.places
    return [
        a
        for a in world.promotion.activities
        if in_scope(places, figure.scope, a.region, a.platform)
        and _within(a.held_on, d)
        and _actor_ok(a, d)
        and (kind is None or a.kind == kind)
        and (not d.get("event") or a.event == d["event"])
    ]


def met(world, figure, kind=None):
    """(enterprise, person) of every meeting on the figure's activities."""
    return [(m.enterprise, m.person) for a in activities(world, figure, kind) for m in a.meetings]


def evaluate(world, figure):
    m, d = figure.measure, figure.definition
    if m not in PROMOTION_MEASURES:
        raise NotComputable(f"{figure.code}: not a promotion measure")
    p, places = world.promotion, world.places
    if m in LEAD_MEASURES:
        rows = [
            lead
            for lead in p.leads
            if in_scope(places, figure.scope, lead.region, lead.platform)
            and _within(lead.received_on, d)
            and _actor_ok(lead, d)
            and (m == Measure.LEADS or lead.source == "ambassador")
        ]
        return Decimal(len(rows))
    if m in ACTIVITY_KINDS:
        return Decimal(len(activities(world, figure, ACTIVITY_KINDS[m])))
    if m == Measure.DELEGATION_VISITS:
        return Decimal(sum(a.people or 0 for a in activities(world, figure, "delegation")))
    if m == Measure.ASSOCIATIONS_CONTACTED:
        rows = activities(world, figure, "association")
        return Decimal(len({a.counterpart for a in rows if a.counterpart}))
    if m == Measure.ENTERPRISES_ATTENDING:
        return Decimal(sum(a.enterprises_attending or 0 for a in activities(world, figure)))
    if m == Measure.ENTERPRISES_CONTACTED:
        return Decimal(len({e for e, _person in met(world, figure)}))
    if m == Measure.ENTERPRISES_VISITED:
        return Decimal(len({e for e, _person in met(world, figure, "outbound")}))
    if m == Measure.ENTREPRENEURS_MET:
        return Decimal(len({(e, person) for e, person in met(world, figure) if person}))
    if m == Measure.PROBLEMS_SOLVED:
        projects = {p.code: p for p in world.projects}
        rows = [
            x
            for x in p.problems
            if x.closed_on
            and _within(x.closed_on, d)
            and in_scope(
                places, figure.scope, projects[x.project].region, projects[x.project].platform
            )
        ]
        return Decimal(len(rows))
    return _stock(world, figure)


def _stock(world, figure):
    m, d, p, places = figure.measure, figure.definition, world.promotion, world.places
    if not d.get("date"):
        raise NotComputable(f"{figure.code}: a stock needs a date")
    on = _day(d["date"])
    if m == Measure.TARGET_ENTERPRISES:
        level = (d.get("filters") or {}).get("level")
        rows = [
            t
            for t in p.targets
            if in_scope(places, figure.scope, t.region, t.platform)
            and t.listed_on <= on
            and (not level or places.regions[t.region]["level"] == level)
        ]
        return Decimal(len(rows))
    if m == Measure.CHAIN_MAPS:
        rows = [c for c in p.chain_maps if in_scope(places, figure.scope, c.region, c.platform)]
        return Decimal(sum(c.drawn_on <= on for c in rows))
    if m == Measure.AMBASSADORS:
        rows = [a for a in p.ambassadors if in_scope(places, figure.scope, a.region, a.platform)]
        return Decimal(sum(a.appointed_on <= on for a in rows))
    if m == Measure.OUTBOUND_OFFICES:
        return Decimal(
            sum(u.kind == "outbound_office" and _unit_in(places, figure.scope, u) for u in p.units)
        )
    raise NotComputable(f"{figure.code}: no evaluation for {m!r}")


def _unit_in(places, scope, unit):
    kind, code = scope
    if unit.platform:
        if kind == "platform":
            return places.platform_within(unit.platform, code)
        return places.region_within(places.platforms[unit.platform]["region"], code)
    return kind == "region" and places.region_within(unit.region, code)
