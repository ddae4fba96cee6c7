"""Writes of a project's money by period: the monthly completed investment and the annual plan.

Each period has one row (a unique constraint); writing it again replaces the
value, so a double click or a resubmitted form gives one row and never a 500.
Re-exported by projects.services, where every caller finds them.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from projects.models import AnnualPlan, InvestmentReport, Project
from projects.totals.marks import mark_plan_stale, mark_report_stale


def investment_report(*, actor, project, month, completed_investment):
    """Record (or replace) the investment a project completed in one month."""
    month = datetime.date(month.year, month.month, 1)
    if not project.started_on:
        raise ValidationError(_("项目开工后才能填报完成投资。"))
    if month < project.started_on.replace(day=1):
        raise ValidationError({"month": _("填报月份不能早于开工月份。")})
    if month > timezone.localdate():
        raise ValidationError({"month": _("不能填报未来月份。")})
    values = {"completed_investment": completed_investment, "reported_by": actor}
    with transaction.atomic():
        report = _upsert(InvestmentReport, actor, {"project": project, "month": month}, values)
        mark_report_stale(project, month)
    return report


def annual_plan_set(*, actor, project, year, planned_investment):
    """Set a project's planned investment for a year."""
    values = {"planned_investment": planned_investment}
    with transaction.atomic():
        plan = _upsert(AnnualPlan, actor, {"project": project, "year": year}, values)
        mark_plan_stale(project, year)
    return plan


def _upsert(model, actor, key, values):
    """The one row of `model` at `key`, created or set to `values`: a double submit is one write.

    The project's row lock orders two writers on PostgreSQL (the second then finds the
    row); on SQLite, which has no row locks, the second's insert fails and becomes an update.
    """
    Project.objects.select_for_update().filter(pk=key["project"].pk).exists()
    row = model.objects.filter(**key).first() or model(**key)
    for name, value in values.items():
        setattr(row, name, value)
    row._history_user = actor
    adding = row._state.adding  # a new row's uniqueness is the database's to check, at insert
    row.full_clean(validate_unique=not adding, validate_constraints=not adding)
    try:
        with transaction.atomic():
            row.save()
    except IntegrityError:
        if not adding:
            raise
        row = model.objects.get(**key)
        for name, value in values.items():
            setattr(row, name, value)
        row._history_user = actor
        row.save()
    return row
