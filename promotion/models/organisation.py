"""Who does promotion work and what it aims at: unit profiles, ambassadors, chain maps, target lists."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from platforms.models import IndustryChain, Platform, Region
from projects.models import Enterprise, Unit
from projects.models.choices import provenance_field
from promotion.models.choices import PlacedQuerySet, UnitKind

MAX_DAYS = 3650


def _days_field(label, help_text):
    return models.PositiveSmallIntegerField(
        label,
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_DAYS)],
        help_text=help_text,
    )


MAX_DAY_OF_MONTH = 28  # every month has it


def _day_of_month_field(label, help_text):
    return models.PositiveSmallIntegerField(
        label,
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_DAY_OF_MONTH)],
        help_text=help_text,
    )


class UnitProfileManager(models.Manager):
    def get_by_natural_key(self, unit_name):
        return self.get(unit__name=unit_name)


class UnitProfile(models.Model):
    """A unit's place in promotion work and its deadlines (blank: the registry's defaults)."""

    unit = models.OneToOneField(
        Unit, verbose_name=_("单位"), on_delete=models.CASCADE, related_name="promotion_profile"
    )
    kind = models.CharField(
        _("机构类型"), max_length=20, choices=UnitKind.choices, default=UnitKind.BUREAU
    )
    based_in = models.CharField(_("驻地"), max_length=60, blank=True)
    established_on = models.DateField(
        _("成立日期"), null=True, blank=True, help_text=_("留空表示日期不详，按一直存在计。")
    )
    first_response_days = _days_field(
        _("首次响应期限（天）"), _("收到线索后多少天内须首次联系企业。")
    )
    follow_up_days = _days_field(_("跟进间隔（天）"), _("跟进中的线索每隔多少天须再次联系。"))
    warning_days = _days_field(
        _("黄灯提前天数"), _("期限前多少天起亮黄灯（线索、难题、开工期限）。")
    )
    start_limit_days = _days_field(
        _("签约后开工时限（天）"), _("签约后超过多少天仍未开工即为超时限未开工。")
    )
    # The reporting month (projects.reporting): month M is due on this day of month M + 1.
    reporting_submit_day = _day_of_month_field(
        _("月报报送期限（次月几日）"), _("本单位每月的月报须在次月几日前报送（填报完成）。")
    )
    reporting_review_day = _day_of_month_field(
        _("月报审核期限（次月几日）"), _("上级须在次月几日前审核本单位的月报。")
    )
    provenance = provenance_field()
    source_note = models.CharField(_("来源说明"), max_length=500, blank=True)

    objects = UnitProfileManager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("单位招商设置")
        verbose_name_plural = _("单位招商设置")
        ordering = ["unit__name"]

    def __str__(self):
        return f"{self.unit} · {self.get_kind_display()}"

    def natural_key(self):
        return (self.unit.name,)

    natural_key.dependencies = ["projects.unit"]


class Ambassador(models.Model):
    """An investment ambassador (招商大使) appointed by a city or county."""

    name = models.CharField(_("姓名"), max_length=60)
    affiliation = models.CharField(_("身份 / 所在单位"), max_length=200, blank=True)
    region = models.ForeignKey(Region, verbose_name=_("聘任地区"), on_delete=models.PROTECT)
    platform = models.ForeignKey(
        Platform, verbose_name=_("聘任平台"), on_delete=models.PROTECT, null=True, blank=True
    )
    appointed_on = models.DateField(_("聘任日期"))
    ended_on = models.DateField(_("解聘日期"), null=True, blank=True)
    provenance = provenance_field()

    objects = PlacedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("招商大使")
        verbose_name_plural = _("招商大使")
        ordering = ["region", "name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("appointed_on")),
                name="ambassador_ends_after_appointment",
                violation_error_message=_("解聘日期不能早于聘任日期。"),
            )
        ]

    def __str__(self):
        return self.name


class ChainMap(models.Model):
    """An industry-chain map (产业链全景图) a city or county drew to find its gaps."""

    title = models.CharField(_("名称"), max_length=200)
    chain = models.ForeignKey(
        IndustryChain, verbose_name=_("产业链"), on_delete=models.PROTECT, null=True, blank=True
    )
    region = models.ForeignKey(Region, verbose_name=_("绘制地区"), on_delete=models.PROTECT)
    platform = models.ForeignKey(
        Platform, verbose_name=_("绘制平台"), on_delete=models.PROTECT, null=True, blank=True
    )
    drawn_on = models.DateField(_("绘制日期"))
    updated_on = models.DateField(_("最近更新"), null=True, blank=True)
    note = models.TextField(_("说明"), blank=True)
    provenance = provenance_field()

    objects = PlacedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("产业链全景图")
        verbose_name_plural = _("产业链全景图")
        ordering = ["region", "title"]

    def __str__(self):
        return self.title


class TargetEnterprise(models.Model):
    """An enterprise on a chain's target list (补链目标企业): who would fill which gap.

    The list's level (city or county) is the level of the region that keeps it.
    """

    enterprise = models.ForeignKey(
        Enterprise,
        verbose_name=_("目标企业"),
        on_delete=models.PROTECT,
        related_name="target_listings",
    )
    chain = models.ForeignKey(IndustryChain, verbose_name=_("产业链"), on_delete=models.PROTECT)
    region = models.ForeignKey(Region, verbose_name=_("清单所属地区"), on_delete=models.PROTECT)
    platform = models.ForeignKey(
        Platform, verbose_name=_("清单所属平台"), on_delete=models.PROTECT, null=True, blank=True
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("负责单位"), on_delete=models.PROTECT, null=True, blank=True
    )
    gap = models.TextField(_("补链理由"), help_text=_("该企业补上产业链的哪个环节、为什么。"))
    listed_on = models.DateField(_("列入日期"))
    removed_on = models.DateField(_("移出日期"), null=True, blank=True)
    removal_reason = models.CharField(_("移出原因"), max_length=300, blank=True)
    provenance = provenance_field()
    version = models.PositiveIntegerField(_("版本"), default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("录入人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = PlacedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("补链目标企业")
        verbose_name_plural = _("补链目标企业")
        ordering = ["-listed_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(removed_on__isnull=True) | ~Q(removal_reason=""),
                name="target_removal_has_reason",
                violation_error_message=_("移出清单须填写原因。"),
            ),
            models.CheckConstraint(
                condition=Q(removed_on__isnull=True) | Q(removed_on__gte=models.F("listed_on")),
                name="target_removed_after_listed",
                violation_error_message=_("移出日期不能早于列入日期。"),
            ),
        ]
        indexes = [models.Index(fields=["region", "listed_on"], name="target_region_listed")]

    def __str__(self):
        return f"{self.enterprise} · {self.chain}"

    def get_absolute_url(self):
        return reverse("promotion:target", args=[self.pk])

    @property
    def level(self):
        return self.region.level

    def clean(self):
        super().clean()
        if self.platform_id and self.region_id and not self.region.is_within(self.platform.region):
            raise ValidationError(
                {"region": _("清单所属地区不在平台“%(p)s”所在地区内。") % {"p": self.platform}}
            )
        duplicates = TargetEnterprise.objects.filter(
            enterprise_id=self.enterprise_id,
            chain_id=self.chain_id,
            region_id=self.region_id,
            platform_id=self.platform_id,
            removed_on__isnull=True,
        ).exclude(pk=self.pk)
        if self.removed_on is None and self.enterprise_id and duplicates.exists():
            raise ValidationError(_("该企业已在这份产业链目标清单上。"))
