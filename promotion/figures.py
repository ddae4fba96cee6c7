"""Published figures about promotion work, recomputed from its records (live queries).

projects.figures.compute_live hands these measures here. A definition uses the
vocabulary of the other figures (scope, `period: [START or None, END]`,
`date`, `event`, `filters`) with two promotion filters:

    actor   who did the work (Actor: county_leaders, professional_bodies …)
    level   city / county: the level of the region keeping a target list

Flows (a period): leads and ambassador recommendations by `received_on`;
activities by `held_on` (trips, fairs, delegations, associations, and the
enterprises and entrepreneurs met on them, counted distinct); problems solved
by `closed_on`. Stocks (a date): target-list entries listed and not yet removed,
chain maps drawn, ambassadors in office, outbound offices established (an
unknown founding date counts as always). Scope as for projects: a record placed
in the scope or under it (problems by their project; offices by their unit's
scope).
"""

import datetime
from decimal import Decimal

from django.db.models import Q, Sum
from django.utils.translation import gettext as _

from platforms.models import Platform
from projects.figures import Uncomputable
from projects.models import Measure
from promotion.models import (
    Activity,
    ActivityKind,
    Ambassador,
    ChainMap,
    Lead,
    LeadSource,
    Meeting,
    Problem,
    ProblemStatus,
    TargetEnterprise,
    UnitKind,
    UnitProfile,
)

LEAD_MEASURES = {Measure.LEADS, Measure.RECOMMENDED_PROJECTS}
ACTIVITY_KINDS = {
    Measure.OUTBOUND_TRIPS: ActivityKind.OUTBOUND,
    Measure.FAIRS: ActivityKind.FAIR,
    Measure.DELEGATIONS_RECEIVED: ActivityKind.DELEGATION,
}
PROMOTION_MEASURES = frozenset(
    {
        *LEAD_MEASURES,
        *ACTIVITY_KINDS,
        Measure.ENTERPRISES_CONTACTED,
        Measure.ENTERPRISES_VISITED,
        Measure.DELEGATION_VISITS,
        Measure.ASSOCIATIONS_CONTACTED,
        Measure.ENTERPRISES_ATTENDING,
        Measure.ENTREPRENEURS_MET,
        Measure.PROBLEMS_SOLVED,
        Measure.TARGET_ENTERPRISES,
        Measure.CHAIN_MAPS,
        Measure.AMBASSADORS,
        Measure.OUTBOUND_OFFICES,
    }
)


def _day(text):
    return datetime.date.fromisoformat(text) if isinstance(text, str) else text


def _between(field, definition):
    """Q for `field` within the definition's period (an open start means "up to END")."""
    period = definition.get("period")
    if not period:
        return Q()
    start, end = (_day(x) for x in period)
    q = Q(**{f"{field}__lte": end})
    return q & Q(**{f"{field}__gte": start}) if start else q


def _on(definition):
    if not definition.get("date"):
        raise Uncomputable(_("存量指标须给出统计日期（date）。"))
    return _day(definition["date"])


def _actor(qs, definition):
    actor = (definition.get("filters") or {}).get("actor")
    return qs.filter(actor_kind=actor) if actor else qs


def activities_of(figure, kind=None):
    d = figure.definition
    qs = _actor(Activity.objects.in_scope(figure.scope).filter(_between("held_on", d)), d)
    if kind:
        qs = qs.filter(kind=kind)
    if d.get("event"):
        qs = qs.filter(event__code=d["event"])
    return qs


def compute(figure):
    """The figure's value from the promotion records (a Decimal)."""
    m, d = figure.measure, figure.definition
    if m in LEAD_MEASURES:
        leads = _actor(Lead.objects.in_scope(figure.scope).filter(_between("received_on", d)), d)
        if m == Measure.RECOMMENDED_PROJECTS:
            leads = leads.filter(source=LeadSource.AMBASSADOR)
        return Decimal(leads.count())
    if m in ACTIVITY_KINDS:
        return Decimal(activities_of(figure, ACTIVITY_KINDS[m]).count())
    if m == Measure.DELEGATION_VISITS:
        people = activities_of(figure, ActivityKind.DELEGATION).aggregate(s=Sum("people"))["s"]
        return Decimal(people or 0)
    if m == Measure.ASSOCIATIONS_CONTACTED:
        named = activities_of(figure, ActivityKind.ASSOCIATION).exclude(counterpart="")
        return Decimal(named.values("counterpart").distinct().count())
    if m == Measure.ENTERPRISES_ATTENDING:
        total = activities_of(figure).aggregate(s=Sum("enterprises_attending"))["s"]
        return Decimal(total or 0)
    if m in (Measure.ENTERPRISES_CONTACTED, Measure.ENTERPRISES_VISITED):
        kind = ActivityKind.OUTBOUND if m == Measure.ENTERPRISES_VISITED else None
        met = Meeting.objects.filter(activity__in=activities_of(figure, kind).values("pk"))
        return Decimal(met.values("enterprise").distinct().count())
    if m == Measure.ENTREPRENEURS_MET:
        met = Meeting.objects.filter(activity__in=activities_of(figure).values("pk"))
        people = met.exclude(person="").values("enterprise", "person").distinct()
        return Decimal(people.count())
    if m == Measure.PROBLEMS_SOLVED:
        solved = Problem.objects.in_scope(figure.scope).filter(status=ProblemStatus.CLOSED)
        return Decimal(solved.filter(_between("closed_on", d)).count())
    return _stock(figure)


def _stock(figure):
    m, on = figure.measure, _on(figure.definition)
    if m == Measure.TARGET_ENTERPRISES:
        rows = TargetEnterprise.objects.in_scope(figure.scope).filter(listed_on__lte=on)
        rows = rows.filter(Q(removed_on__isnull=True) | Q(removed_on__gt=on))
        level = (figure.definition.get("filters") or {}).get("level")
        return Decimal((rows.filter(region__level=level) if level else rows).count())
    if m == Measure.CHAIN_MAPS:
        return Decimal(ChainMap.objects.in_scope(figure.scope).filter(drawn_on__lte=on).count())
    if m == Measure.AMBASSADORS:
        rows = Ambassador.objects.in_scope(figure.scope).filter(appointed_on__lte=on)
        return Decimal(rows.filter(Q(ended_on__isnull=True) | Q(ended_on__gt=on)).count())
    if m == Measure.OUTBOUND_OFFICES:
        offices = UnitProfile.objects.filter(kind=UnitKind.OUTBOUND_OFFICE).filter(
            Q(established_on__isnull=True) | Q(established_on__lte=on)
        )
        return Decimal(offices.filter(_unit_in(figure.scope)).count())
    raise ValueError(m)


def _unit_in(scope):
    """Units whose own scope lies in `scope` (a region's platforms lie in the region)."""
    if isinstance(scope, Platform):
        return Q(unit__scope_platform__path__startswith=scope.path)
    return Q(unit__scope_region__path__startswith=scope.path) | Q(
        unit__scope_platform__region__path__startswith=scope.path
    )
