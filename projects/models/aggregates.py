"""Aggregate bookkeeping kept apart from the core records.

A change to a project marks the (scope, month) cells it touches as stale in
the same transaction; the recompute clears them. The totals tables themselves
live beside these.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ScopeKind(models.TextChoices):
    REGION = "r", _("地区")
    PLATFORM = "p", _("平台")


class StaleMark(models.Model):
    """A scope whose totals in one table (or all) for `month` (or every month, when null)
    need recomputing; plans are marked on their year's January."""

    class Source(models.TextChoices):
        ALL = "", _("全部")
        STAGE = "s", _("阶段")
        INVESTMENT = "i", _("完成投资")
        PLAN = "p", _("年度计划")
        EVENT = "e", _("活动")
        RELOCATION = "u", _("转入单位")

    scope_kind = models.CharField(_("范围类型"), max_length=1, choices=ScopeKind.choices)
    scope_id = models.BigIntegerField(_("范围"))
    source = models.CharField(
        _("汇总表"), max_length=1, choices=Source.choices, default=Source.ALL, blank=True
    )
    month = models.DateField(_("月份"), null=True, blank=True)
    marked_at = models.DateTimeField(_("标记时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("待重算标记")
        verbose_name_plural = _("待重算标记")
        indexes = [models.Index(fields=["scope_kind", "scope_id", "month"], name="stale_cell")]

    def __str__(self):
        source = self.get_source_display()
        return f"{self.get_scope_kind_display()} {self.scope_id} · {source} · {self.month or '*'}"


class Cut:
    """The slices totals are kept for, besides the whole (cut "")."""

    ALL = ""
    ORIGIN = "origin"
    CATEGORY = "category"
    KEY_LEVEL = "key_level"
    MAJOR = "major"  # total investment of 1 亿元 or more
    MAJOR_ORIGIN = "major_origin"
    STRATEGIC = "strategic"
    BUILD_TYPE = "build_type"
    CHAIN = "chain"
    SOURCE_DISTRICT = "district"  # cut_value: the district's region id


# Pseudo-stage whose entries are groundbreakings and whose exits are terminations
# of started projects: "active within [a, b]" = entered by b − exited before a.
ACTIVE = "active"


class ScopeTotal(models.Model):
    """Columns shared by the totals tables: a scope and a slice of it."""

    scope_kind = models.CharField(_("范围类型"), max_length=1, choices=ScopeKind.choices)
    scope_id = models.BigIntegerField(_("范围"))
    cut = models.CharField(_("维度"), max_length=16, blank=True)
    cut_value = models.CharField(_("维度值"), max_length=40, blank=True)

    class Meta:
        abstract = True


def _total_field(verbose_name):
    return models.DecimalField(verbose_name, max_digits=22, decimal_places=2, default=0)


class StageMonthTotal(ScopeTotal):
    """Projects entering and leaving a stage in one month, for one scope and slice.

    Flows are the entries; the stock at a month's end is the running sum of
    entries less exits up to that month.
    """

    stage = models.CharField(_("阶段"), max_length=20)
    month = models.DateField(_("月份"))
    entered_count = models.IntegerField(_("进入个数"), default=0)
    entered_investment = _total_field(_("进入投资（万元）"))
    exited_count = models.IntegerField(_("离开个数"), default=0)
    exited_investment = _total_field(_("离开投资（万元）"))

    class Meta:
        verbose_name = _("阶段月度汇总")
        verbose_name_plural = _("阶段月度汇总")
        constraints = [
            models.UniqueConstraint(
                fields=["scope_kind", "scope_id", "stage", "cut", "cut_value", "month"],
                name="stage_month_total_cell",
            )
        ]
        # The incremental recompute deletes and sums a scope's cells month by month.
        indexes = [
            models.Index(fields=["scope_kind", "scope_id", "month"], name="stage_month_total_month")
        ]

    def __str__(self):
        return f"{self.scope_kind}{self.scope_id} {self.stage} {self.month} {self.cut}={self.cut_value}"


class InvestmentMonthTotal(ScopeTotal):
    month = models.DateField(_("月份"))
    completed_investment = _total_field(_("完成投资（万元）"))

    class Meta:
        verbose_name = _("完成投资月度汇总")
        verbose_name_plural = _("完成投资月度汇总")
        constraints = [
            models.UniqueConstraint(
                fields=["scope_kind", "scope_id", "cut", "cut_value", "month"],
                name="investment_month_total_cell",
            )
        ]
        indexes = [
            models.Index(
                fields=["scope_kind", "scope_id", "month"], name="investment_month_total_month"
            )
        ]

    def __str__(self):
        return f"{self.scope_kind}{self.scope_id} {self.month} {self.cut}={self.cut_value}"


class PlanYearTotal(ScopeTotal):
    year = models.PositiveSmallIntegerField(_("年度"))
    planned_investment = _total_field(_("计划投资（万元）"))

    class Meta:
        verbose_name = _("年度计划汇总")
        verbose_name_plural = _("年度计划汇总")
        constraints = [
            models.UniqueConstraint(
                fields=["scope_kind", "scope_id", "cut", "cut_value", "year"],
                name="plan_year_total_cell",
            )
        ]

    def __str__(self):
        return f"{self.scope_kind}{self.scope_id} {self.year} {self.cut}={self.cut_value}"


class EventTotal(ScopeTotal):
    """The projects of one event within one scope and slice; plans are for the event's year."""

    event = models.ForeignKey("projects.Event", on_delete=models.CASCADE, related_name="totals")
    project_count = models.IntegerField(_("项目个数"), default=0)
    investment = _total_field(_("总投资（万元）"))
    planned_investment = _total_field(_("当年计划投资（万元）"))

    class Meta:
        verbose_name = _("活动汇总")
        verbose_name_plural = _("活动汇总")
        constraints = [
            models.UniqueConstraint(
                fields=["event", "scope_kind", "scope_id", "cut", "cut_value"],
                name="event_total_cell",
            )
        ]

    def __str__(self):
        return f"{self.event_id} {self.scope_kind}{self.scope_id} {self.cut}={self.cut_value}"


class RelocationMonthTotal(models.Model):
    scope_kind = models.CharField(_("范围类型"), max_length=1, choices=ScopeKind.choices)
    scope_id = models.BigIntegerField(_("范围"))
    month = models.DateField(_("月份"))
    origin = models.CharField(_("转出地"), max_length=16)
    kind = models.CharField(_("单位类型"), max_length=16)
    unit_count = models.IntegerField(_("单位数"), default=0)

    class Meta:
        verbose_name = _("转入单位月度汇总")
        verbose_name_plural = _("转入单位月度汇总")
        constraints = [
            models.UniqueConstraint(
                fields=["scope_kind", "scope_id", "month", "origin", "kind"],
                name="relocation_month_total_cell",
            )
        ]

    def __str__(self):
        return f"{self.scope_kind}{self.scope_id} {self.month} {self.origin} {self.kind}"


class AggregateRun(models.Model):
    """One recompute: when, what kind, how long; dashboards show the latest."""

    class Kind(models.TextChoices):
        FULL = "full", _("全量重算")
        INCREMENTAL = "incremental", _("增量重算")
        VERIFY = "verify", _("核查")

    kind = models.CharField(_("类型"), max_length=12, choices=Kind.choices)
    started_at = models.DateTimeField(_("开始时间"))
    finished_at = models.DateTimeField(_("完成时间"))
    cells = models.IntegerField(_("重算单元"), default=0)
    drift = models.IntegerField(_("偏差条数"), default=0)
    detail = models.TextField(_("说明"), blank=True)

    class Meta:
        verbose_name = _("汇总重算记录")
        verbose_name_plural = _("汇总重算记录")
        ordering = ["-finished_at"]
        get_latest_by = "finished_at"

    def __str__(self):
        return f"{self.get_kind_display()} {self.finished_at:%Y-%m-%d %H:%M}"

    @property
    def seconds(self):
        return (self.finished_at - self.started_at).total_seconds()


class ScopeGeneration(models.Model):
    """The latest run that rewrote a scope's totals: what a scope's cached dashboard parts
    are keyed by, so that a recompute elsewhere leaves them in place (a full rebuild
    rewrites every scope). Every change marks its scope's ancestors too, so a scope's
    generation moves whenever anything in its subtree is recomputed."""

    scope_kind = models.CharField(_("范围类型"), max_length=1, choices=ScopeKind.choices)
    scope_id = models.BigIntegerField(_("范围"))
    run = models.ForeignKey(
        AggregateRun, on_delete=models.CASCADE, related_name="+", verbose_name=_("重算")
    )

    class Meta:
        verbose_name = _("范围汇总版本")
        verbose_name_plural = _("范围汇总版本")
        constraints = [
            models.UniqueConstraint(fields=["scope_kind", "scope_id"], name="scope_generation")
        ]

    def __str__(self):
        return f"{self.scope_kind}{self.scope_id} · {self.run_id}"
