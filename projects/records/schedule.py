"""A project's plan against what happened: planned dates, milestones, ahead or behind in days.

The plan and the milestones feed no totals: the pipeline's stage dates, and every
count built on them, stay as they are, so these writes mark nothing stale.
"""

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from projects.models import Milestone, ProjectPlan
from projects.models.choices import PLANNED_STAGE_FIELDS

PLAN_FIELDS = ProjectPlan.ORDER


# ---------------------------------------------------------------- writes


def project_plan_set(*, actor, project, **dates):
    """Set (or clear, with None) a project's planned dates; the others stay as they were."""
    unknown = set(dates) - set(PLAN_FIELDS)
    if unknown:
        raise ValidationError(_("不可修改的字段：%(f)s") % {"f": ", ".join(sorted(unknown))})
    with transaction.atomic():
        plan = ProjectPlan.objects.select_for_update().filter(project=project).first()
        plan = plan or ProjectPlan(project=project)
        for name, day in dates.items():
            setattr(plan, name, day)
        plan.full_clean()
        plan._history_user = actor
        plan.save()
    return plan


def milestone_record(*, actor, project, kind, reached_on, note=""):
    """Record that a project reached a milestone (立项/前期手续, 竣工, 达产) on a date."""
    if reached_on and reached_on > timezone.localdate():
        raise ValidationError({"reached_on": _("日期不能晚于今天。")})
    milestone = Milestone(
        project=project, kind=kind, reached_on=reached_on, note=note, recorded_by=actor
    )
    milestone.full_clean()
    milestone._history_user = actor
    with transaction.atomic():
        milestone.save()
    return milestone


def milestone_delete(*, actor, milestone):
    """Withdraw a milestone recorded by mistake; its history is kept."""
    milestone._history_user = actor
    with transaction.atomic():
        milestone.delete()


# ---------------------------------------------------------------- reads


@dataclass(frozen=True)
class PlanRow:
    """One planned step beside what happened. `days` > 0 is behind plan, < 0 ahead."""

    label: str
    planned: datetime.date | None
    actual: datetime.date | None
    days: int | None
    status: str  # ahead, on_time, late, overdue, pending, unplanned, dropped

    @property
    def days_abs(self):
        return abs(self.days) if self.days is not None else None


def plan_row(label, planned, actual, today, terminated=False):
    """Compare a planned date with the actual one (or with today while it has not come)."""
    if planned is None:
        return PlanRow(label, None, actual, None, "unplanned")
    if actual is not None:
        days = (actual - planned).days
        status = "late" if days > 0 else "ahead" if days < 0 else "on_time"
        return PlanRow(label, planned, actual, days, status)
    if terminated:
        return PlanRow(label, planned, None, None, "dropped")
    if today > planned:
        return PlanRow(label, planned, None, (today - planned).days, "overdue")
    return PlanRow(label, planned, None, (today - planned).days, "pending")


def project_schedule(project, today=None):
    """What the detail page's plan panel shows: the rows, the milestones, whether behind."""
    today = today or timezone.localdate()
    plan = ProjectPlan.objects.filter(project=project).first()
    milestones = list(project.milestones.select_related("recorded_by"))
    reached = {m.kind: m.reached_on for m in milestones}
    terminated = project.terminated_on is not None
    rows = [
        plan_row(
            str(stage.label),
            getattr(plan, field) if plan else None,
            project.stage_date(stage),
            today,
            terminated,
        )
        for stage, field in PLANNED_STAGE_FIELDS.items()
    ]
    completed = plan_row(
        str(Milestone.Kind.COMPLETED.label),
        plan.planned_completed_on if plan else None,
        reached.get(Milestone.Kind.COMPLETED),
        today,
        terminated,
    )
    rows.insert(3, completed)  # 竣工 comes between the start of works and production
    return {
        "plan": plan,
        "plan_rows": rows,
        "milestones": milestones,
        "behind_plan": any(row.status == "overdue" for row in rows),
    }
