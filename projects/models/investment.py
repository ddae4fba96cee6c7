"""Annual investment plans and monthly completed-investment reports."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from projects.models.pipeline import Project
from projects.money import amount_field
from projects.plausible import validate_date

YEARS = [MinValueValidator(2000), MaxValueValidator(2100)]


class AnnualPlanQuerySet(models.QuerySet):
    def for_year(self, year):
        return self.filter(year=year)


class AnnualPlan(models.Model):
    project = models.ForeignKey(
        Project, verbose_name=_("项目"), on_delete=models.CASCADE, related_name="annual_plans"
    )
    year = models.PositiveSmallIntegerField(_("年度"), validators=YEARS)
    planned_investment = amount_field(_("年度计划投资（万元）"))

    objects = AnnualPlanQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("年度投资计划")
        verbose_name_plural = _("年度投资计划")
        ordering = ["project", "year"]
        constraints = [
            models.UniqueConstraint(fields=["project", "year"], name="annual_plan_once_per_year"),
            models.CheckConstraint(
                condition=Q(planned_investment__gte=0), name="annual_plan_non_negative"
            ),
        ]

    def __str__(self):
        return f"{self.project} · {self.year}"


class InvestmentReportQuerySet(models.QuerySet):
    def between(self, start, end):
        """Reports for the months that fall within [start, end]."""
        return self.filter(month__gte=start.replace(day=1), month__lte=end)


class InvestmentReport(models.Model):
    """Investment completed by a project in one calendar month."""

    project = models.ForeignKey(
        Project, verbose_name=_("项目"), on_delete=models.CASCADE, related_name="investment_reports"
    )
    month = models.DateField(_("月份"), help_text=_("该月的第一天。"), validators=[validate_date])
    completed_investment = amount_field(_("当月完成投资（万元）"))
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("填报人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    reported_at = models.DateTimeField(_("填报时间"), auto_now=True)

    objects = InvestmentReportQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("完成投资月报")
        verbose_name_plural = _("完成投资月报")
        ordering = ["project", "month"]
        constraints = [
            models.UniqueConstraint(fields=["project", "month"], name="report_once_per_month"),
            models.CheckConstraint(condition=Q(month__day=1), name="report_month_is_first_day"),
            models.CheckConstraint(
                condition=Q(completed_investment__gte=0), name="report_non_negative"
            ),
        ]
        indexes = [models.Index(fields=["month"], name="report_month")]

    def __str__(self):
        return f"{self.project} · {self.month:%Y-%m}"
