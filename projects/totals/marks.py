"""Marking aggregates stale when a record changes, and queueing their recompute.

A mark names a scope, a month and the totals table (`StaleMark.Source`) whose
cell it invalidates, so that an amount edit recomputes stage totals only and a
monthly report only its month's investment totals. Every mark is written for
the scope and all its ancestors in both trees. The marks are written in the
caller's transaction, so an edit and its marks commit together; the recompute
is queued only after commit, and a broker that is down merely delays it: the
periodic sweep finds the marks.
"""

import datetime
import logging

from django.db import transaction

from platforms.models import Platform, Region
from projects.models import STAGE_DATE_FIELDS, ScopeKind, StaleMark
from projects.money import WAN_PER_YI
from projects.reporting.restatements import check_marks

log = logging.getLogger(__name__)
Source = StaleMark.Source

# What the project's slices are cut by: a change here moves every total it feeds.
SLICING = (
    "region_id",
    "platform_id",
    "origin",
    "source_district_id",
    "category",
    "key_level",
    "strategic_emerging",
    "build_type",
)


def _month(day):
    return datetime.date(day.year, day.month, 1)


def _stage_months(project):
    if project is None:
        return set()
    days = (getattr(project, field) for field in STAGE_DATE_FIELDS.values())
    return {_month(day) for day in days if day}


def _scopes_of(record):
    if record is None:
        return set()
    scopes = {(ScopeKind.REGION, pk) for pk in _ancestor_ids(Region, record.region_id)}
    if record.platform_id:
        scopes |= {(ScopeKind.PLATFORM, pk) for pk in _ancestor_ids(Platform, record.platform_id)}
    return scopes


def _ancestor_ids(model, pk):
    node = model.objects.only("path").get(pk=pk)
    return list(model.objects.ancestors_of(node).values_list("pk", flat=True))


def _major(project):
    return project.total_investment >= WAN_PER_YI


def _differs(before, after, fields):
    return any(getattr(before, f) != getattr(after, f) for f in fields)


def mark_project_stale(before, after, months=()):
    """Mark the cells one project's change touches, `before` and `after` it.

    Either side None (a new or removed project, a change of its chains) marks
    everything the project feeds. Otherwise only what the change moves: stage
    dates and amounts its stage months; slicing its reports, plans and events
    as well. `months` are marked in every table.
    """
    project = after or before
    if before is None or after is None:
        sources = set(Source)
    else:
        sources = set()
        if _differs(before, after, (*SLICING, *STAGE_DATE_FIELDS.values(), "total_investment")):
            sources.add(Source.STAGE)
        if _differs(before, after, SLICING) or _major(before) != _major(after):
            sources |= {Source.INVESTMENT, Source.PLAN, Source.EVENT}
        elif before.total_investment != after.total_investment:
            sources.add(Source.EVENT)
    cells = set()
    if Source.STAGE in sources:
        cells |= {(Source.STAGE, m) for m in _stage_months(before) | _stage_months(after)}
    if Source.INVESTMENT in sources:
        months_reported = project.investment_reports.values_list("month", flat=True)
        cells |= {(Source.INVESTMENT, m) for m in months_reported}
    if Source.PLAN in sources:
        years = project.annual_plans.values_list("year", flat=True)
        cells |= {(Source.PLAN, _plan_month(y)) for y in years}
    if Source.EVENT in sources and project.events.exists():
        cells.add((Source.EVENT, None))
    cells |= {(Source.ALL, m) for m in months}
    _mark(_scopes_of(before) | _scopes_of(after), cells)


def mark_report_stale(project, month):
    """A monthly completed-investment report of `project` changed."""
    _mark(_scopes_of(project), {(Source.INVESTMENT, _month(month))})


def mark_plan_stale(project, year):
    _mark(_scopes_of(project), {(Source.PLAN, _plan_month(year))})


def mark_event_stale(project):
    """`project` joined or left an event."""
    _mark(_scopes_of(project), {(Source.EVENT, None)})


def mark_place_stale(before, after, day_field):
    """Mark the relocation cells of a unit placed by region and platform, dated by `day_field`."""
    records = [r for r in (before, after) if r is not None]
    cells = {(Source.RELOCATION, _month(getattr(r, day_field))) for r in records}
    _mark(set().union(*(_scopes_of(r) for r in records)), cells)


def _plan_month(year):
    """Plans are yearly; their marks carry the year's first month."""
    return datetime.date(year, 1, 1)


def _mark(scopes, cells):
    marks = sorted(
        ((kind, pk, source, month) for kind, pk in scopes for source, month in cells),
        key=lambda mark: (*mark[:3], mark[3] or datetime.date.min),
    )
    if not marks:
        return
    check_marks(marks)
    StaleMark.objects.bulk_create(
        StaleMark(scope_kind=kind, scope_id=pk, source=source, month=month)
        for kind, pk, source, month in marks
    )
    transaction.on_commit(queue_recompute)


def queue_recompute():
    """Ask a worker to recompute what is stale; never let a broker outage fail the caller."""
    from projects.tasks import recompute_stale

    try:
        recompute_stale.delay()
    except Exception:  # noqa: BLE001 - any broker error must not lose the committed edit
        log.warning(
            "could not queue the recompute; the periodic sweep will pick it up", exc_info=True
        )
