"""Annual targets (年度目标) a unit is given by the level above: counts, amounts, investment."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from platforms.models import Platform, Region
from projects.money import amount_field

# (field, label, what it counts): the measures a target and a ranking speak of.
TARGET_FIELDS = [
    ("signed_count", _("签约个数"), "count"),
    ("signed_investment", _("签约金额（亿元）"), "investment"),
    ("landed_count", _("落地个数"), "count"),
    ("landed_investment", _("落地金额（亿元）"), "investment"),
    ("started_count", _("开工个数"), "count"),
    ("started_investment", _("开工金额（亿元）"), "investment"),
    ("completed_investment", _("完成投资（亿元）"), "investment"),
]


def _count(label):
    return models.PositiveIntegerField(label, null=True, blank=True)


def _amount(label):
    return amount_field(label, null=True, blank=True)


class AnnualTarget(models.Model):
    """A region's or platform's targets for one year; a blank measure has no target."""

    scope_region = models.ForeignKey(
        Region,
        verbose_name=_("地区"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="annual_targets",
    )
    scope_platform = models.ForeignKey(
        Platform,
        verbose_name=_("承接平台"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="annual_targets",
    )
    year = models.PositiveSmallIntegerField(_("年份"))
    signed_count = _count(_("签约个数"))
    signed_investment = _amount(_("签约金额（万元）"))
    landed_count = _count(_("落地个数"))
    landed_investment = _amount(_("落地金额（万元）"))
    started_count = _count(_("开工个数"))
    started_investment = _amount(_("开工金额（万元）"))
    completed_investment = _amount(_("完成投资（万元）"))
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("设定人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("设定时间"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("年度目标")
        verbose_name_plural = _("年度目标")
        ordering = ["year", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(scope_region__isnull=True) ^ Q(scope_platform__isnull=True),
                name="annual_target_has_one_scope",
                violation_error_message=_("目标须且只能属于一个地区或平台。"),
            ),
            models.UniqueConstraint(
                fields=["scope_region", "year"],
                condition=Q(scope_region__isnull=False),
                name="annual_target_one_per_region_year",
                violation_error_message=_("该地区本年度已有目标。"),
            ),
            models.UniqueConstraint(
                fields=["scope_platform", "year"],
                condition=Q(scope_platform__isnull=False),
                name="annual_target_one_per_platform_year",
                violation_error_message=_("该平台本年度已有目标。"),
            ),
        ]

    def __str__(self):
        return f"{self.scope} {self.year}"

    @property
    def scope(self):
        return self.scope_platform or self.scope_region

    def value(self, field):
        return getattr(self, field)
