"""The work itself: activities (visits, fairs …), the enterprises met, leads and their follow-ups."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from platforms.models import IndustryChain, Platform, Region
from projects.models import Enterprise, Event, Project, Provenance, Unit
from projects.models.choices import provenance_field
from projects.money import amount_field
from promotion.models.choices import ActivityKind, Actor, LeadSource, LeadStatus, PlacedQuerySet
from promotion.models.organisation import Ambassador, TargetEnterprise


def _user_field(label, related_name="+"):
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=label,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name=related_name,
    )


def _check_place(record):
    if (
        record.platform_id
        and record.region_id
        and not record.region.is_within(record.platform.region)
    ):
        raise ValidationError(
            {
                "region": _("地区“%(r)s”不在平台“%(p)s”所在的地区内。")
                % {"r": record.region, "p": record.platform}
            }
        )


class Activity(models.Model):
    """One piece of outward work: a trip, a fair, an expo, a delegation received, a meeting."""

    kind = models.CharField(_("类型"), max_length=16, choices=ActivityKind.choices)
    title = models.CharField(_("名称"), max_length=200)
    held_on = models.DateField(_("日期"))
    ended_on = models.DateField(_("结束日期"), null=True, blank=True)
    destination = models.CharField(_("地点 / 去向"), max_length=200, blank=True)
    participants = models.CharField(_("参加人员 / 带队"), max_length=300, blank=True)
    actor_kind = models.CharField(
        _("工作主体"), max_length=24, choices=Actor.choices, default=Actor.BUREAU
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("登记单位"), on_delete=models.PROTECT, null=True, blank=True
    )
    region = models.ForeignKey(Region, verbose_name=_("所属地区"), on_delete=models.PROTECT)
    platform = models.ForeignKey(
        Platform, verbose_name=_("所属平台"), on_delete=models.PROTECT, null=True, blank=True
    )
    counterpart = models.CharField(
        _("对接组织"),
        max_length=200,
        blank=True,
        help_text=_("商协会、考察团组、展会或合作机构的名称。"),
    )
    people = models.PositiveIntegerField(_("人次"), null=True, blank=True)
    enterprises_attending = models.PositiveIntegerField(
        _("参会企业数"),
        null=True,
        blank=True,
        help_text=_("推介会吸引的企业数（未必逐一登记为对接企业）。"),
    )
    results = models.TextField(_("成果"), blank=True)
    event = models.OneToOneField(
        Event,
        verbose_name=_("签约活动"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="promotion_activity",
        help_text=_("推介会现场签约的项目归入此活动，按活动汇总。"),
    )
    provenance = provenance_field()
    source_note = models.CharField(_("来源说明"), max_length=500, blank=True)
    version = models.PositiveIntegerField(_("版本"), default=1)
    created_by = _user_field(_("录入人"))
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    objects = PlacedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("招商活动")
        verbose_name_plural = _("招商活动")
        ordering = ["-held_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("held_on")),
                name="activity_ends_after_start",
                violation_error_message=_("结束日期不能早于开始日期。"),
            )
        ]
        indexes = [
            models.Index(fields=["held_on"], name="activity_held_on"),
            models.Index(fields=["region", "held_on"], name="activity_region_held_on"),
        ]

    def __str__(self):
        return f"{self.title}（{self.held_on}）"

    def get_absolute_url(self):
        return reverse("promotion:activity", args=[self.pk])

    @property
    def is_stand_in(self):
        return self.provenance in Provenance.stand_ins()

    def clean(self):
        super().clean()
        _check_place(self)


class Meeting(models.Model):
    """An enterprise met (对接) at an activity, and whom we spoke to."""

    activity = models.ForeignKey(
        Activity, verbose_name=_("招商活动"), on_delete=models.CASCADE, related_name="meetings"
    )
    enterprise = models.ForeignKey(
        Enterprise,
        verbose_name=_("对接企业"),
        on_delete=models.PROTECT,
        related_name="promotion_meetings",
    )
    person = models.CharField(_("对接人 / 企业家"), max_length=60, blank=True)
    note = models.CharField(_("说明"), max_length=300, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("对接企业")
        verbose_name_plural = _("对接企业")
        ordering = ["activity", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "enterprise", "person"], name="meeting_once_per_activity"
            )
        ]

    def __str__(self):
        return f"{self.activity} · {self.enterprise}"


class Lead(models.Model):
    """A lead (有效信息): an enterprise's intent to invest, followed until it converts or is dropped.

    `next_due_on` is the date the next contact is due (first response, then each
    follow-up); services keep it, so "what is overdue" is one indexed range.
    """

    title = models.CharField(_("意向项目"), max_length=200)
    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("企业"), on_delete=models.PROTECT, related_name="leads"
    )
    source = models.CharField(_("线索来源"), max_length=12, choices=LeadSource.choices)
    actor_kind = models.CharField(
        _("工作主体"), max_length=24, choices=Actor.choices, default=Actor.BUREAU
    )
    chain = models.ForeignKey(
        IndustryChain, verbose_name=_("产业链"), on_delete=models.PROTECT, null=True, blank=True
    )
    expected_investment = amount_field(_("预计投资（万元）"), null=True, blank=True)
    region = models.ForeignKey(Region, verbose_name=_("拟落地地区"), on_delete=models.PROTECT)
    platform = models.ForeignKey(
        Platform, verbose_name=_("拟落地平台"), on_delete=models.PROTECT, null=True, blank=True
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("负责单位"), on_delete=models.PROTECT, related_name="promotion_leads"
    )
    owner = _user_field(_("负责人"), related_name="promotion_leads")
    status = models.CharField(
        _("状态"), max_length=12, choices=LeadStatus.choices, default=LeadStatus.NEW
    )
    received_on = models.DateField(_("收到日期"))
    responded_on = models.DateField(_("首次响应日期"), null=True, blank=True)
    last_contact_on = models.DateField(_("最近跟进日期"), null=True, blank=True)
    next_due_on = models.DateField(_("下次跟进期限"), null=True, blank=True)
    dropped_on = models.DateField(_("放弃日期"), null=True, blank=True)
    drop_reason = models.CharField(_("放弃原因"), max_length=300, blank=True)
    converted_on = models.DateField(_("转为项目日期"), null=True, blank=True)
    project = models.OneToOneField(
        Project,
        verbose_name=_("转成的项目"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="source_lead",
    )
    activity = models.ForeignKey(
        Activity,
        verbose_name=_("来自招商活动"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="leads",
    )
    target = models.ForeignKey(
        TargetEnterprise,
        verbose_name=_("来自补链目标"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="leads",
    )
    ambassador = models.ForeignKey(
        Ambassador,
        verbose_name=_("推荐的招商大使"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="leads",
    )
    description = models.TextField(_("说明"), blank=True)
    provenance = provenance_field()
    source_note = models.CharField(_("来源说明"), max_length=500, blank=True)
    version = models.PositiveIntegerField(_("版本"), default=1)
    created_by = _user_field(_("录入人"))
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = PlacedQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("招商线索")
        verbose_name_plural = _("招商线索")
        ordering = ["-received_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status=LeadStatus.DROPPED) | ~Q(drop_reason=""),
                name="lead_drop_has_reason",
                violation_error_message=_("放弃线索须填写原因。"),
            ),
            models.CheckConstraint(
                condition=~Q(status=LeadStatus.CONVERTED) | Q(project__isnull=False),
                name="lead_converted_has_project",
                violation_error_message=_("已转为项目的线索须关联项目。"),
            ),
            models.CheckConstraint(
                condition=Q(responded_on__isnull=True) | Q(responded_on__gte=F("received_on")),
                name="lead_response_after_receipt",
                violation_error_message=_("首次响应日期不能早于收到日期。"),
            ),
        ]
        indexes = [
            models.Index(fields=["unit", "status", "next_due_on"], name="lead_unit_due"),
            models.Index(fields=["received_on"], name="lead_received_on"),
            models.Index(fields=["region", "received_on"], name="lead_region_received"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("promotion:lead", args=[self.pk])

    @property
    def is_open(self):
        return self.status in LeadStatus.open()

    @property
    def is_stand_in(self):
        return self.provenance in Provenance.stand_ins()

    def clean(self):
        super().clean()
        _check_place(self)


class FollowUp(models.Model):
    """One contact with the enterprise of a lead: when, and what came of it."""

    lead = models.ForeignKey(
        Lead, verbose_name=_("线索"), on_delete=models.CASCADE, related_name="follow_ups"
    )
    on = models.DateField(_("跟进日期"))
    note = models.CharField(_("跟进情况"), max_length=500)
    recorded_by = _user_field(_("记录人"))
    recorded_at = models.DateTimeField(_("记录时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("跟进记录")
        verbose_name_plural = _("跟进记录")
        ordering = ["lead", "on", "id"]

    def __str__(self):
        return f"{self.lead} · {self.on}"
