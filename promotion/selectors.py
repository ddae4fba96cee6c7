"""Page-level reads of promotion work: each returns what one page shows, in a fixed number of queries."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.paginator import Paginator
from django.db.models import Count, Q, Sum
from django.utils import timezone

from projects.access import access_of, visible_projects
from projects.history import history_of
from projects.models import Provenance, Stage
from projects.reporting import selectors as reporting
from projects.reporting.services import may_submit, months_back
from promotion.access import (
    own_unit,
    visible_activities,
    visible_leads,
    visible_problems,
    visible_targets,
)
from promotion.deadlines import Deadlines
from promotion.filters import ActivityFilter, LeadFilter, ProblemFilter, TargetFilter
from promotion.models import Lead, LeadSource, LeadStatus, Problem, ProblemStatus, UnitProfile
from promotion.services import deadlines_for

PAGE_SIZE = 25
DEADLINE_ROWS = 100


def _page(request, queryset, count=None):
    paginator = Paginator(queryset, PAGE_SIZE)
    if count is not None:
        paginator.count = count
    return paginator.get_page(request.GET.get("page"))


def with_lights(rows, due_of, today=None):
    """Set `.light` on each row from its unit's deadlines (one query for the units' profiles)."""
    today = today or timezone.localdate()
    units = {row.unit_id for row in rows}
    profiles = {p.unit_id: p for p in UnitProfile.objects.filter(unit_id__in=units)}
    for row in rows:
        deadlines = Deadlines.of(profiles.get(row.unit_id))
        due = due_of(row)
        row.light = deadlines.light(due, today) if due else None
    return rows


def _lead_due(lead):
    return lead.next_due_on if lead.status in LeadStatus.open() else None


def _problem_due(problem):
    return problem.due_on if problem.status == ProblemStatus.OPEN else None


# ---------------------------------------------------------------- lists


def lead_list(request):
    filterset = LeadFilter(request.GET, queryset=visible_leads(request.user), request=request)
    queryset = filterset.qs.select_related("enterprise", "unit", "owner", "region", "platform")
    page = _page(request, queryset.order_by("-received_on", "-id"))
    with_lights(page.object_list, _lead_due)
    return {"filter": filterset, "page": page}


def activity_list(request):
    filterset = ActivityFilter(
        request.GET, queryset=visible_activities(request.user), request=request
    )
    queryset = (
        filterset.qs.select_related("region", "platform", "unit")
        .annotate(
            meeting_count=Count("meetings", distinct=True),
            lead_count=Count("leads", distinct=True),
        )
        .order_by("-held_on", "-id")
    )
    count = filterset.qs.count()
    return {"filter": filterset, "page": _page(request, queryset, count)}


def target_list(request):
    filterset = TargetFilter(request.GET, queryset=visible_targets(request.user), request=request)
    queryset = (
        filterset.qs.select_related("enterprise", "chain", "region", "platform")
        .annotate(
            lead_count=Count("leads", distinct=True),
            project_count=Count("leads__project", distinct=True),
        )
        .order_by("-listed_on", "-id")
    )
    count = filterset.qs.count()
    return {"filter": filterset, "page": _page(request, queryset, count)}


def problem_list(request):
    filterset = ProblemFilter(request.GET, queryset=visible_problems(request.user), request=request)
    queryset = filterset.qs.select_related("project", "unit", "owner").order_by("due_on", "-id")
    if request.GET.get("status") == ProblemStatus.CLOSED:
        queryset = queryset.order_by("-closed_on", "-id")
    page = _page(request, queryset)
    with_lights(page.object_list, _problem_due)
    return {"filter": filterset, "page": page}


# ---------------------------------------------------------------- my deadlines


@dataclass
class DeadlineList:
    rows: list
    count: int

    @property
    def more(self):
        return self.count - len(self.rows)


@dataclass
class MyDeadlines:
    unit: object
    deadlines: Deadlines
    today: datetime.date
    leads: DeadlineList
    problems: DeadlineList
    projects: DeadlineList
    only_unit: bool = field(default=False)
    reports: list = field(default_factory=list)


@dataclass
class ReportDeadline:
    """A monthly report to submit (staff) or to review (reviewers), with its light."""

    unit: object
    month: datetime.date
    due: datetime.date
    light: str
    submission: object = None

    @property
    def to_review(self):
        return self.submission is not None and self.submission.status == "submitted"


REPORT_MONTHS = 3  # the months before this one whose reports may still be due
REVIEW_LIMIT = 100


def _report_deadlines(user, unit, deadlines, today):
    """Staff: their unit's unsubmitted (or returned) months due soon or overdue, not closed.
    Reviewers: the submissions awaiting their review, each by its unit's review day."""
    rows = []
    if unit is not None and may_submit(user, unit):
        months = months_back(REPORT_MONTHS + 1, today)[1:]
        board = reporting.month_board(unit.scope, months, units=[unit])
        soon = deadlines.soon_until(today)
        for row in board:
            submission = row.submissions.get(unit.pk)
            due = deadlines.submit_due(row.month)
            waiting = submission is None or submission.status == "returned"
            if row.closing is None and waiting and due <= soon:
                rows.append(
                    ReportDeadline(unit, row.month, due, deadlines.light(due, today), submission)
                )
    pending = reporting.pending_reviews(user, REVIEW_LIMIT)
    wanted = {s.unit_id for s in pending}
    profiles = {p.unit_id: p for p in UnitProfile.objects.filter(unit__in=wanted)} if wanted else {}
    for submission in pending:
        theirs = Deadlines.of(profiles.get(submission.unit_id))
        due = theirs.review_due(submission.month)
        rows.append(
            ReportDeadline(
                submission.unit, submission.month, due, theirs.light(due, today), submission
            )
        )
    return sorted(rows, key=lambda r: (r.due, r.unit.name))


def my_deadlines(user, today=None):
    """What is overdue or due soon: the unit's leads and problems, the scope's unstarted signings.

    Staff see their own unit's leads and problems; officials and admins everything
    in their scope. Stand-in records (placeholders for article totals) have no
    one following them and are left out.
    """
    today = today or timezone.localdate()
    unit = own_unit(user)
    deadlines = deadlines_for(unit)
    only_unit = access_of(user).can_write and unit is not None
    soon = deadlines.soon_until(today)
    real = ~Q(provenance__in=Provenance.stand_ins())
    leads = visible_leads(user).filter(real, status__in=LeadStatus.open(), next_due_on__lte=soon)
    problems = visible_problems(user).filter(real, status=ProblemStatus.OPEN, due_on__lte=soon)
    if only_unit:
        leads, problems = leads.filter(unit=unit), problems.filter(unit=unit)
    # Signed, not started, not terminated: exactly the stages signed and landed, which the
    # (region|platform, stage) indexes narrow before the signed_on range.
    projects = visible_projects(user).filter(
        real,
        stage__in=[Stage.SIGNED, Stage.LANDED],
        signed_on__lte=deadlines.signed_by_for_warning(today),
        started_on__isnull=True,
        terminated_on__isnull=True,
    )
    return MyDeadlines(
        unit=unit,
        deadlines=deadlines,
        today=today,
        only_unit=only_unit,
        leads=_deadline_list(
            leads.select_related("enterprise", "unit", "owner").order_by("next_due_on", "pk"),
            _lead_due,
            today,
        ),
        problems=_deadline_list(
            problems.select_related("project", "unit", "owner").order_by("due_on", "pk"),
            _problem_due,
            today,
        ),
        projects=_project_deadlines(projects, deadlines, today),
        reports=_report_deadlines(user, unit, deadlines, today),
    )


def _deadline_list(queryset, due_of, today):
    rows = with_lights(list(queryset[:DEADLINE_ROWS]), due_of, today)
    return DeadlineList(rows, queryset.count())


def _project_deadlines(queryset, deadlines, today):
    rows = list(
        queryset.select_related("investor", "region", "platform").order_by("signed_on", "pk")[
            :DEADLINE_ROWS
        ]
    )
    for project in rows:
        project.start_due = deadlines.start_due(project.signed_on)
        project.light = deadlines.light(project.start_due, today)
    return DeadlineList(rows, queryset.count())


# ---------------------------------------------------------------- details


def lead_detail(lead):
    today = timezone.localdate()
    deadlines = deadlines_for(lead.unit)
    return {
        "lead": lead,
        "deadlines": deadlines,
        "light": deadlines.light(_lead_due(lead), today),
        "follow_ups": list(lead.follow_ups.select_related("recorded_by")),
        "history": history_of(lead),
    }


def activity_detail(user, activity):
    """The activity, whom it met, the leads it produced and what they became, its event's totals."""
    leads = list(
        visible_leads(user)
        .filter(activity=activity)
        .select_related("enterprise", "project")
        .order_by("received_on", "pk")
    )
    context = {
        "activity": activity,
        "meetings": list(activity.meetings.select_related("enterprise")),
        "leads": leads,
        "converted": [lead.project for lead in leads if lead.project_id],
        "history": history_of(activity),
    }
    if activity.event_id:
        projects = visible_projects(user).filter(events=activity.event_id)
        context["event_totals"] = projects.totals()
        context["event_by_stage"] = [
            (row["stage"], row["n"], row["s"] or Decimal(0))
            for row in projects.order_by("stage")
            .values("stage")
            .annotate(n=Count("pk"), s=Sum("total_investment"))
        ]
    return context


def target_detail(user, target):
    leads = list(
        visible_leads(user)
        .filter(target=target)
        .select_related("project", "unit")
        .order_by("received_on", "pk")
    )
    return {
        "target": target,
        "leads": leads,
        "projects": [lead.project for lead in leads if lead.project_id],
        "history": history_of(target),
    }


def problem_detail(problem):
    deadlines = deadlines_for(problem.unit)
    return {
        "problem": problem,
        "deadlines": deadlines,
        "light": deadlines.light(_problem_due(problem), timezone.localdate()),
        "history": history_of(problem),
    }


def project_promotion(project):
    """What the project page shows of promotion work: its source lead and its problems."""
    lead = Lead.objects.filter(project=project).select_related("unit").first()
    problems = list(project.problems.select_related("unit").order_by("status", "due_on", "pk"))
    return {"source_lead": lead, "problems": with_lights(problems, _problem_due)}


# ---------------------------------------------------------------- dashboards


@dataclass
class PromotionTotals:
    """A dashboard's promotion section: leads of the period, problems by unit."""

    by_source: list  # (source label, [n per status, in LeadStatus order], total)
    statuses: list  # LeadStatus members, in column order
    status_totals: list  # n per status
    leads: int
    converted: int
    signed: int
    problems: list  # (unit name, open, overdue, closed in the period)

    @property
    def conversion_pct(self):
        return Decimal(self.signed * 100) / self.leads if self.leads else None


def read_promotion(scope, period, today=None):
    """Two queries: leads received in the period by source and status; problems by unit."""
    today = today or timezone.localdate()
    start, end = period.start, period.end
    rows = (
        Lead.objects.in_scope(scope)
        .filter(received_on__gte=start, received_on__lte=end)
        .values("source", "status")
        .annotate(n=Count("pk"), signed=Count("pk", filter=Q(project__signed_on__isnull=False)))
        .order_by()
    )
    table, status_totals = {}, dict.fromkeys(LeadStatus, 0)
    converted = signed = 0
    for row in rows:
        table.setdefault(row["source"], {})[row["status"]] = row["n"]
        status_totals[LeadStatus(row["status"])] += row["n"]
        signed += row["signed"]
        if row["status"] == LeadStatus.CONVERTED:
            converted += row["n"]
    by_source = [
        (source.label, [table[source].get(s, 0) for s in LeadStatus], sum(table[source].values()))
        for source in LeadSource
        if source in table
    ]
    problems = (
        Problem.objects.in_scope(scope)
        .filter(Q(status=ProblemStatus.OPEN) | Q(closed_on__gte=start, closed_on__lte=end))
        .values("unit__name")
        .annotate(
            open=Count("pk", filter=Q(status=ProblemStatus.OPEN)),
            overdue=Count("pk", filter=Q(status=ProblemStatus.OPEN, due_on__lt=today)),
            closed=Count("pk", filter=Q(status=ProblemStatus.CLOSED)),
        )
        .order_by("unit__name")
    )
    return PromotionTotals(
        by_source=by_source,
        statuses=list(LeadStatus),
        status_totals=list(status_totals.values()),
        leads=sum(status_totals.values()),
        converted=converted,
        signed=signed,
        problems=[(r["unit__name"], r["open"], r["overdue"], r["closed"]) for r in problems],
    )
