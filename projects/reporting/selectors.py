"""Reads of the reporting month for its pages and commands, each a bounded number of queries."""

import datetime
import re
from collections import Counter
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Q

from platforms.models import Platform, Region
from projects.access import access_of
from projects.models import (
    ClosedMonth,
    InvestmentReport,
    MonthSubmission,
    Project,
    Restatement,
    ScopeKind,
    StageCorrection,
    StageEntry,
)
from projects.periods import add_months
from projects.reporting.services import units_under
from projects.totals.reads import month_of, scope_key

Status = MonthSubmission.Status


def parse_month(text):
    """The first day of the month "YYYY-MM" names, or None."""
    match = re.fullmatch(r"(\d{4})-(\d{1,2})", str(text).strip())
    if match is None or not 1 <= int(match[2]) <= 12:
        return None
    return datetime.date(int(match[1]), int(match[2]), 1)


def scope_by_code(code):
    """The region or platform with `code`, or None."""
    return Region.objects.filter(code=code).first() or Platform.objects.filter(code=code).first()


def _codes(node):
    return [c for c in node.path.split("/") if c]


def closings_of(scope):
    """The closings of `scope` and of every scope above it (reopened ones included), in one
    query: the scopes above are read from the materialised paths."""
    region = scope.region if isinstance(scope, Platform) else scope
    regions = Region.objects.filter(code__in=_codes(region)).values("pk")
    where = Q(scope_kind=ScopeKind.REGION, scope_id__in=regions)
    if isinstance(scope, Platform):
        platforms = Platform.objects.filter(code__in=_codes(scope)).values("pk")
        where |= Q(scope_kind=ScopeKind.PLATFORM, scope_id__in=platforms)
    return ClosedMonth.objects.filter(where)


def closings_holding(scope, months):
    """{month: closing in force} of `scope`'s months, its own closing or one above it."""
    found = {}
    rows = closings_of(scope).filter(month__in=months, reopened_at__isnull=True)
    for closing in rows.select_related("closed_by").order_by("month"):
        found.setdefault(closing.month, closing)
    return found


def restatement_counts(scope, months):
    """{month: how many restatements moved `scope`'s totals of that month}."""
    kind, pk = scope_key(scope)
    wanted = {f"{m:%Y-%m-%d}": m for m in months}
    counts = Counter()
    for cells in Restatement.objects.values_list("cells", flat=True).iterator():
        hit = {wanted[c[2]] for c in cells if c[0] == kind and c[1] == pk and c[2] in wanted}
        counts.update(hit)
    return counts


@dataclass
class MonthRow:
    month: object
    closing: ClosedMonth | None
    submissions: dict  # unit id -> MonthSubmission
    restatements: int
    units: list = field(default_factory=list)

    @property
    def counts(self):
        return Counter(s.status for s in self.submissions.values())

    @property
    def by_unit(self):
        """[(unit, its submission or None)]."""
        return [(u, self.submissions.get(u.pk)) for u in self.units]

    @property
    def not_accepted(self):
        return [
            u
            for u in self.units
            if getattr(self.submissions.get(u.pk), "status", None) != Status.ACCEPTED
        ]


def month_board(scope, months, units=None):
    """The reporting status of `scope`'s `months`: closing, submissions per unit, restatements."""
    months = [month_of(m) for m in months]
    units = units_under(scope) if units is None else units
    submissions = {}
    rows = MonthSubmission.objects.filter(unit__in=units, month__in=months).select_related(
        "submitted_by", "reviewed_by"
    )
    for submission in rows:
        submissions.setdefault(submission.month, {})[submission.unit_id] = submission
    closings = closings_holding(scope, months)
    restated = restatement_counts(scope, months)
    return [
        MonthRow(m, closings.get(m), submissions.get(m, {}), restated.get(m, 0), units)
        for m in months
    ]


@dataclass
class MonthChanges:
    """What a unit changed in a month: the reviewer's view before accepting it."""

    created: list
    entries: list
    reports: list
    corrections: list
    restatements: list


LIST_LIMIT = 200


def month_changes(unit, month):
    """Projects created, stage entries dated in the month, monthly reports for the month,
    stage corrections made in it or moving a date from or into it, and restatements of it, within the unit's scope (each list
    bounded by LIST_LIMIT)."""
    month = month_of(month)
    end = add_months(month, 1)
    projects = Project.objects.in_scope(unit.scope)
    in_month = {"__gte": month, "__lt": end}

    def dated(name):
        return {f"{name}{k}": v for k, v in in_month.items()}

    created = projects.filter(**dated("created_at__date")).order_by("created_at")
    entries = (
        StageEntry.objects.filter(project__in=projects, **dated("entered_on"))
        .select_related("project", "recorded_by")
        .order_by("entered_on", "pk")
    )
    reports = (
        InvestmentReport.objects.filter(project__in=projects, month=month)
        .select_related("project")
        .order_by("project__name")
    )
    touching = Q(**dated("corrected_at__date")) | Q(**dated("previous_date"))
    corrections = (
        StageCorrection.objects.filter(
            touching | Q(**dated("corrected_date")), project__in=projects
        )
        .select_related("project", "corrected_by")
        .order_by("corrected_at")
    )
    kind, pk = scope_key(unit.scope)
    cell = f"{month:%Y-%m-%d}"
    restatements = [
        r
        for r in Restatement.objects.select_related("actor").order_by("-made_at")[:LIST_LIMIT]
        if any(c[0] == kind and c[1] == pk and c[2] == cell for c in r.cells)
    ]
    return MonthChanges(
        created=list(created[:LIST_LIMIT]),
        entries=list(entries[:LIST_LIMIT]),
        reports=list(reports[:LIST_LIMIT]),
        corrections=list(corrections[:LIST_LIMIT]),
        restatements=restatements,
    )


def pending_reviews(user, limit):
    """The submissions awaiting the user's review (oldest month first), at most `limit`."""
    access = access_of(user)
    waiting = MonthSubmission.objects.filter(status=Status.SUBMITTED)
    if not access.is_admin:
        membership = access.membership
        if membership is None or membership.role != membership.Role.REVIEWER:
            return []
        own = membership.unit.scope
        reviewable = [u.pk for u in units_under(own) if u.scope != own]
        waiting = waiting.filter(unit__in=reviewable)
    rows = waiting.select_related(
        "unit__scope_region", "unit__scope_platform", "submitted_by"
    ).order_by("month", "unit__name")
    return list(rows[:limit])


def close_scope_of(user):
    """The scope whose months the user closes: the province for admins, a reviewer's own
    region at the closing level; else None."""
    access = access_of(user)
    if access.is_admin:
        return Region.objects.filter(level=Region.Level.PROVINCE).order_by("depth", "code").first()
    membership = access.membership
    if membership is None or membership.role != membership.Role.REVIEWER:
        return None
    own = membership.unit.scope
    if isinstance(own, Region) and own.level == settings.PERIOD_CLOSE_LEVEL:
        return own
    return None
