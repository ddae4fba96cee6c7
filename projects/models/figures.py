"""Published figures: the totals articles and officials quote, kept as records."""

from decimal import Decimal

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from platforms.models import CodeManager, Platform, Region


class Measure(models.TextChoices):
    COUNT = "count", _("项目个数")
    INVESTMENT = "investment", _("总投资")
    PLANNED_INVESTMENT = "planned_investment", _("年度计划投资")
    COMPLETED_INVESTMENT = "completed_investment", _("完成投资")
    PLAN_COMPLETION_PCT = "plan_completion_pct", _("计划完成率（%）")
    COMPLETED_INVESTMENT_YOY_PCT = "completed_investment_yoy_pct", _("完成投资同比增长（%）")
    SHARE_OF_COUNT = "share_of_count", _("个数占比")
    SHARE_OF_INVESTMENT = "share_of_investment", _("投资占比")
    RELOCATED_UNITS = "relocated_units", _("京津转入单位数")
    MERCHANTS = "merchants", _("商户数")
    PEOPLE = "people", _("疏解人口")
    REVIEWED_PROJECTS = "reviewed_projects", _("参评项目数")
    REVIEWERS = "reviewers", _("评审专家数")
    TOP_SCORE = "top_score", _("最高得分")
    ENTERPRISES = "enterprises", _("入驻企业数")
    DISTINCT_CHAINS = "distinct_chains", _("覆盖产业链数")
    # Promotion work (promotion; computed in promotion/figures.py).
    LEADS = "leads", _("收集有效信息（线索）数")
    RECOMMENDED_PROJECTS = "recommended_projects", _("招商大使推荐项目数")
    ENTERPRISES_CONTACTED = "enterprises_contacted", _("对接重点企业数")
    OUTBOUND_TRIPS = "outbound_trips", _("外出招商批次")
    ENTERPRISES_VISITED = "enterprises_visited", _("外出招商对接企业数")
    FAIRS = "fairs", _("举办推介会场数")
    DELEGATIONS_RECEIVED = "delegations_received", _("接待考察团组数")
    DELEGATION_VISITS = "delegation_visits", _("考察团组人次")
    ASSOCIATIONS_CONTACTED = "associations_contacted", _("对接商协会数")
    ENTERPRISES_ATTENDING = "enterprises_attending", _("推介会吸引企业数")
    ENTREPRENEURS_MET = "entrepreneurs_met", _("面对面交流企业家数")
    PROBLEMS_SOLVED = "problems_solved", _("协调解决企业难题数")
    TARGET_ENTERPRISES = "target_enterprises", _("补链招商目标企业数")
    CHAIN_MAPS = "chain_maps", _("产业链全景图数")
    AMBASSADORS = "ambassadors", _("招商大使数")
    OUTBOUND_OFFICES = "outbound_offices", _("驻外招商局数")


class Qualifier(models.TextChoices):
    EXACT = "exact", _("精确")
    AT_LEAST = "at_least", _("余/多/以上")
    ABOUT = "about", _("约")
    NEARLY = "nearly", _("近")


class PublishedFigure(models.Model):
    """One quoted number, with the definition that recomputes it from the records.

    `definition` holds the counting rule in the vocabulary of
    shared/figures/published_figures.yaml: reached/at/active/event/review, period
    or date, and filters.
    """

    code = models.CharField(_("代码"), max_length=80, unique=True)
    group = models.CharField(_("报道条目"), max_length=60, db_index=True)
    label = models.CharField(_("指标"), max_length=200)
    scope_region = models.ForeignKey(
        Region, verbose_name=_("范围（地区）"), on_delete=models.PROTECT, null=True, blank=True
    )
    scope_platform = models.ForeignKey(
        Platform, verbose_name=_("范围（平台）"), on_delete=models.PROTECT, null=True, blank=True
    )
    measure = models.CharField(_("度量"), max_length=40, choices=Measure.choices)
    definition = models.JSONField(_("口径"), default=dict, blank=True)
    value = models.DecimalField(_("公布值"), max_digits=22, decimal_places=4)
    qualifier = models.CharField(
        _("限定词"), max_length=10, choices=Qualifier.choices, default=Qualifier.EXACT
    )
    source = models.CharField(_("来源文件"), max_length=100)
    quote = models.TextField(_("原文"))
    # The closed month the figure was quoted from (按上报口径): checked against its snapshot.
    reported_month = models.DateField(_("上报口径月份"), null=True, blank=True)
    note = models.TextField(_("口径说明"), blank=True)

    objects = CodeManager()

    class Meta:
        verbose_name = _("公布数据")
        verbose_name_plural = _("公布数据")
        ordering = ["group", "code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(scope_region__isnull=True) ^ Q(scope_platform__isnull=True),
                name="figure_has_one_scope",
                violation_error_message=_("公布数据须且只能有一个范围：地区或平台。"),
            )
        ]

    def __str__(self):
        return f"{self.scope} · {self.label}"

    def natural_key(self):
        return (self.code,)

    @property
    def scope(self):
        return self.scope_platform or self.scope_region

    @property
    def places(self):
        """Decimal places the figure was quoted to (54.575 → 3)."""
        return max(0, -self.value.normalize().as_tuple().exponent)


class FigureCheck(models.Model):
    """The latest reconciliation of one published figure against the records."""

    class Status(models.TextChoices):
        MATCH = "match", _("一致")
        MISMATCH = "mismatch", _("不一致")
        UNCOMPUTABLE = "uncomputable", _("无法计算")

    figure = models.OneToOneField(
        PublishedFigure,
        verbose_name=_("公布数据"),
        on_delete=models.CASCADE,
        related_name="reconciliation",
    )
    computed_value = models.DecimalField(
        _("计算值"), max_digits=22, decimal_places=4, null=True, blank=True
    )
    status = models.CharField(_("状态"), max_length=12, choices=Status.choices)
    difference = models.DecimalField(
        _("差额"), max_digits=22, decimal_places=4, null=True, blank=True
    )
    explanation = models.CharField(_("说明"), max_length=300, blank=True)
    computed_at = models.DateTimeField(_("计算时间"))
    # Against the snapshot of the figure's reported month (blank when it names none).
    reported_value = models.DecimalField(
        _("按上报口径计算值"), max_digits=22, decimal_places=4, null=True, blank=True
    )
    reported_status = models.CharField(
        _("按上报口径状态"), max_length=12, choices=Status.choices, blank=True
    )
    reported_explanation = models.CharField(_("按上报口径说明"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("核对结果")
        verbose_name_plural = _("核对结果")

    def __str__(self):
        return f"{self.figure}: {self.get_status_display()}"

    @property
    def matches(self):
        return self.status == self.Status.MATCH

    @property
    def restated(self):
        """Current data no longer support the figure, but it matches as reported: edits made
        after the close (restatements) moved it."""
        return not self.matches and self.reported_status == self.Status.MATCH


def significant_step(value: Decimal) -> Decimal:
    """The magnitude of a quoted number's last non-zero digit (40000 → 10000, 18.7 → 0.1)."""
    sign, digits, exponent = value.normalize().as_tuple()
    return Decimal(1).scaleb(exponent)


class FigureSourceManager(models.Manager):
    def get_by_natural_key(self, file):
        return self.get(file=file)


class FigureSource(models.Model):
    """An article published figures are quoted from: its file, title, publisher and date.

    Built from fixtures/spec/sources.yaml; a date the article does not state is left
    empty rather than guessed (the note says what period the article speaks of)."""

    file = models.CharField(_("来源文件"), max_length=100, unique=True)
    title = models.CharField(_("标题"), max_length=200)
    publisher = models.CharField(_("刊发媒体"), max_length=100, blank=True)
    published_on = models.DateField(_("刊发日期"), null=True, blank=True)
    note = models.CharField(_("说明"), max_length=300, blank=True)

    objects = FigureSourceManager()

    class Meta:
        verbose_name = _("报道来源")
        verbose_name_plural = _("报道来源")
        ordering = ["file"]

    def __str__(self):
        return self.title

    def natural_key(self):
        return (self.file,)
