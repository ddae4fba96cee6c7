"""Marking aggregates stale when a project changes, and queueing their recompute.

The marks are written in the caller's transaction, so an edit and its marks
commit together; the recompute is queued only after commit, and a broker that
is down merely delays it: the periodic sweep finds the marks.
"""

import datetime
import logging

from django.db import transaction

from platforms.models import Platform, Region
from projects.models import STAGE_DATE_FIELDS, ScopeKind, StaleMark

log = logging.getLogger(__name__)


def _months_of(project):
    months = set()
    if project is None:
        return months
    for field in STAGE_DATE_FIELDS.values():
        day = getattr(project, field)
        if day:
            months.add(datetime.date(day.year, day.month, 1))
    return months


def _scopes_of(project):
    if project is None:
        return set()
    scopes = {(ScopeKind.REGION, pk) for pk in _ancestor_ids(Region, project.region_id)}
    if project.platform_id:
        scopes |= {(ScopeKind.PLATFORM, pk) for pk in _ancestor_ids(Platform, project.platform_id)}
    return scopes


def _ancestor_ids(model, pk):
    node = model.objects.only("path").get(pk=pk)
    return list(model.objects.ancestors_of(node).values_list("pk", flat=True))


def mark_project_stale(before, after, months=()):
    """Mark every (scope, month) cell that `before` or `after` of one project feeds.

    Membership in an event or a change to the amount touches all of a project's
    months; explicit `months` add report or plan months.
    """
    _mark(
        _scopes_of(before) | _scopes_of(after), _months_of(before) | _months_of(after) | set(months)
    )


def mark_place_stale(before, after, day_field):
    """Mark the cells of a record placed by region and platform and dated by `day_field`."""
    records = [r for r in (before, after) if r is not None]
    months = {getattr(r, day_field).replace(day=1) for r in records}
    _mark(set().union(*(_scopes_of(r) for r in records)), months)


def _mark(scopes, months):
    StaleMark.objects.bulk_create(
        StaleMark(scope_kind=kind, scope_id=pk, month=month)
        for kind, pk in sorted(scopes)
        for month in sorted(months) or [None]
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
