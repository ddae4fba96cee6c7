"""The reporting month: a unit submits it, the level above reviews it, the province closes it.

Closing a month freezes the totals of the closed scope and every scope under it into the
snapshot tables below (as reported, 按上报口径); an edit that later moves a frozen cell is
a restatement (更正), kept with its reason beside the current totals (按最新数据).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from projects.models.access import Unit
from projects.models.aggregates import ScopeKind


class MonthSubmission(models.Model):
    """A unit's month: open while it is filled in, then submitted, accepted or returned."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("已报送，待审核")
        ACCEPTED = "accepted", _("审核通过")
        RETURNED = "returned", _("已退回")

    unit = models.ForeignKey(
        Unit, verbose_name=_("单位"), on_delete=models.CASCADE, related_name="submissions"
    )
    month = models.DateField(_("月份"))
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("报送人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("报送时间"))
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审核人"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    reviewed_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    return_reason = models.CharField(_("退回原因"), max_length=500, blank=True)
    version = models.PositiveIntegerField(_("版本"), default=1)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("月报报送")
        verbose_name_plural = _("月报报送")
        ordering = ["-month", "unit__name"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "month"], name="month_submission_once")
        ]

    def __str__(self):
        return f"{self.unit} {self.month:%Y-%m} {self.get_status_display()}"


class ClosedMonth(models.Model):
    """A month closed for a scope and everything under it; reopening keeps the row."""

    scope_kind = models.CharField(_("范围类型"), max_length=1, choices=ScopeKind.choices)
    scope_id = models.BigIntegerField(_("范围"))
    month = models.DateField(_("月份"))
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("关账人"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    closed_at = models.DateTimeField(_("关账时间"))
    note = models.CharField(_("说明"), max_length=500, blank=True)
    reopened_at = models.DateTimeField(_("重新打开时间"), null=True, blank=True)
    reopen_reason = models.CharField(_("重新打开原因"), max_length=500, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("关账月份")
        verbose_name_plural = _("关账月份")
        ordering = ["-month"]
        constraints = [
            models.UniqueConstraint(
                fields=["scope_kind", "scope_id", "month"], name="closed_month_once"
            )
        ]

    def __str__(self):
        return f"{self.scope_kind}{self.scope_id} {self.month:%Y-%m}"

    @property
    def is_open_again(self):
        return self.reopened_at is not None


def _amount(verbose_name):
    return models.DecimalField(verbose_name, max_digits=22, decimal_places=2, default=0)


class SnapshotCell(models.Model):
    """A frozen totals cell: one scope and slice of one closed month (the closing's scope or
    one under it)."""

    closing = models.ForeignKey(ClosedMonth, on_delete=models.CASCADE, related_name="+")
    scope_kind = models.CharField(max_length=1, choices=ScopeKind.choices)
    scope_id = models.BigIntegerField()
    cut = models.CharField(max_length=16, blank=True)
    cut_value = models.CharField(max_length=40, blank=True)

    class Meta:
        abstract = True


class SnapshotStageCell(SnapshotCell):
    """A stage's flows in the month and its running entries and exits to the month's end,
    from which the month's stock and any active count of closed months follow."""

    stage = models.CharField(max_length=20)
    entered_count = models.IntegerField(default=0)
    entered_investment = _amount(_("进入投资（万元）"))
    exited_count = models.IntegerField(default=0)
    exited_investment = _amount(_("离开投资（万元）"))
    entered_count_to_date = models.IntegerField(default=0)
    entered_investment_to_date = _amount(_("累计进入投资（万元）"))
    exited_count_to_date = models.IntegerField(default=0)
    exited_investment_to_date = _amount(_("累计离开投资（万元）"))

    class Meta:
        verbose_name = _("关账阶段汇总")
        verbose_name_plural = _("关账阶段汇总")
        indexes = [
            models.Index(fields=["scope_kind", "scope_id", "closing"], name="snapshot_stage_scope")
        ]

    def __str__(self):
        return f"{self.closing} {self.scope_kind}{self.scope_id} {self.stage} {self.cut}={self.cut_value}"


class SnapshotInvestmentCell(SnapshotCell):
    completed_investment = _amount(_("完成投资（万元）"))
    planned_investment = _amount(_("当年计划投资（万元）"))

    class Meta:
        verbose_name = _("关账投资汇总")
        verbose_name_plural = _("关账投资汇总")
        indexes = [
            models.Index(
                fields=["scope_kind", "scope_id", "closing"], name="snapshot_investment_scope"
            )
        ]

    def __str__(self):
        return f"{self.closing} {self.scope_kind}{self.scope_id} {self.cut}={self.cut_value}"


class Restatement(models.Model):
    """A change, after a close, that moved frozen totals: who, when, why, what and which
    (scope, month, table) cells."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("更正人"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    made_at = models.DateTimeField(_("更正时间"))
    reason = models.CharField(_("更正说明"), max_length=500)
    subject = models.CharField(_("更正对象"), max_length=300)
    subject_url = models.CharField(_("对象链接"), max_length=200, blank=True)
    # [[scope_kind, scope_id, "YYYY-MM-DD", source], …] of the closed cells it moved
    cells = models.JSONField(_("涉及的汇总单元"), default=list)

    class Meta:
        verbose_name = _("更正记录")
        verbose_name_plural = _("更正记录")
        ordering = ["-made_at", "-pk"]

    def __str__(self):
        return f"{self.made_at:%Y-%m-%d} {self.subject}：{self.reason}"
