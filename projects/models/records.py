"""Other counted records: events, relocated units, merchant relocations, expert reviews."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from platforms.models import CodeManager, Platform, Region
from projects.models.choices import Origin, provenance_field
from projects.models.pipeline import Enterprise, Project
from projects.plausible import validate_date


class Event(models.Model):
    class Kind(models.TextChoices):
        SIGNING = "signing_ceremony", _("签约仪式")
        GROUNDBREAKING = "groundbreaking", _("集中开工")
        FAIR = "fair", _("推介会")

    code = models.CharField(_("代码"), max_length=60, unique=True)
    name = models.CharField(_("活动名称"), max_length=200)
    kind = models.CharField(_("类型"), max_length=20, choices=Kind.choices)
    held_on = models.DateField(_("举办日期"), validators=[validate_date])
    region = models.ForeignKey(Region, verbose_name=_("主办地区"), on_delete=models.PROTECT)
    platform = models.ForeignKey(
        Platform, verbose_name=_("主办平台"), on_delete=models.PROTECT, null=True, blank=True
    )
    description = models.TextField(_("说明"), blank=True)
    projects = models.ManyToManyField(
        Project, verbose_name=_("项目"), related_name="events", blank=True
    )
    provenance = provenance_field()

    objects = CodeManager()
    history = HistoricalRecords(m2m_fields=[projects])

    class Meta:
        verbose_name = _("活动")
        verbose_name_plural = _("活动")
        ordering = ["-held_on", "name"]

    def __str__(self):
        return f"{self.name}（{self.held_on}）"

    def get_absolute_url(self):
        return reverse("projects:event", args=[self.pk])

    def natural_key(self):
        return (self.code,)


def check_place(record):
    """A record's region must lie in its platform's region (a platform has one place)."""
    region, platform = record.region if record.region_id else None, record.platform
    if region and platform and not region.is_within(platform.region):
        raise ValidationError(
            {
                "region": _("地区“%(region)s”不在平台“%(platform)s”所在的“%(pr)s”内。")
                % {"region": region, "platform": platform, "pr": platform.region}
            }
        )


class RelocatedUnitQuerySet(models.QuerySet):
    def in_scope(self, scope):
        if scope is None:
            return self
        if isinstance(scope, Platform):
            return self.filter(platform__path__startswith=scope.path)
        return self.filter(region__path__startswith=scope.path)


class InstitutionType(models.TextChoices):
    """What kind of body a relocated unit is, as the articles count them (雄安's 央企二三级子公司 …)."""

    SOE_HEADQUARTERS = "soe_hq", _("央企总部")
    SOE_SUBSIDIARY = "soe_subsidiary", _("央企二三级子公司")
    UNIVERSITY = "university", _("高校")
    HOSPITAL = "hospital", _("医院")
    RESEARCH_INSTITUTE = "research", _("科研院所")
    FINANCIAL = "financial", _("金融机构")
    PUBLIC_INSTITUTION = "public_institution", _("事业单位")
    PRIVATE_ENTERPRISE = "private", _("民营企业")
    OTHER = "other", _("其他")


class RelocatedUnit(models.Model):
    """A unit moved in from Beijing or Tianjin (京津转入单位)."""

    class Kind(models.TextChoices):
        LEGAL_ENTITY = "legal_entity", _("法人单位")
        ESTABLISHMENT = "establishment", _("产业活动单位")

    name = models.CharField(_("单位名称"), max_length=200)
    kind = models.CharField(_("单位类型"), max_length=16, choices=Kind.choices)
    # Blank for units recorded before the type was kept (imports, the articles' reconstruction).
    institution_type = models.CharField(
        _("机构类别"),
        max_length=20,
        choices=InstitutionType.choices,
        blank=True,
        default="",
        db_default="",
    )
    origin = models.CharField(_("转出地"), max_length=16, choices=Origin.choices)
    region = models.ForeignKey(Region, verbose_name=_("转入地区"), on_delete=models.PROTECT)
    platform = models.ForeignKey(
        Platform, verbose_name=_("转入平台"), on_delete=models.PROTECT, null=True, blank=True
    )
    relocated_on = models.DateField(_("转入日期"), validators=[validate_date])
    people = models.PositiveIntegerField(_("转移人员（人）"), default=0, db_default=0)
    enterprise = models.ForeignKey(
        Enterprise,
        verbose_name=_("所属企业"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="relocated_units",
    )
    project = models.ForeignKey(
        Project,
        verbose_name=_("关联项目"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="relocated_units",
    )
    note = models.CharField(_("说明"), max_length=300, blank=True, default="", db_default="")
    provenance = provenance_field()

    objects = RelocatedUnitQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("京津转入单位")
        verbose_name_plural = _("京津转入单位")
        ordering = ["-relocated_on", "name"]
        indexes = [models.Index(fields=["relocated_on"], name="relocated_on")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("records:unit", args=[self.pk])

    def clean(self):
        super().clean()
        check_place(self)


class MerchantRelocation(models.Model):
    """Merchants (and the people with them) moved from a wholesale market to a trade centre."""

    source_market = models.CharField(_("原批发市场"), max_length=100)
    origin = models.CharField(_("转出地"), max_length=16, choices=Origin.choices)
    region = models.ForeignKey(Region, verbose_name=_("承接地区"), on_delete=models.PROTECT)
    platform = models.ForeignKey(
        Platform, verbose_name=_("承接商贸城"), on_delete=models.PROTECT, null=True, blank=True
    )
    merchants = models.PositiveIntegerField(_("商户数（户）"))
    people = models.PositiveIntegerField(_("疏解人口（人）"), default=0)
    recorded_on = models.DateField(_("统计日期"), validators=[validate_date])
    note = models.CharField(_("说明"), max_length=300, blank=True)
    provenance = provenance_field()

    objects = RelocatedUnitQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("商户疏解")
        verbose_name_plural = _("商户疏解")
        ordering = ["-recorded_on"]

    def __str__(self):
        return f"{self.source_market} → {self.platform or self.region}"

    def get_absolute_url(self):
        return reverse("records:merchant", args=[self.pk])

    def clean(self):
        super().clean()
        check_place(self)


class ExpertReview(models.Model):
    """An (online) expert review: several experts score candidate projects out of max_score."""

    code = models.CharField(_("代码"), max_length=60, unique=True)
    title = models.CharField(_("评审名称"), max_length=200)
    held_on = models.DateField(_("评审日期"), validators=[validate_date])
    region = models.ForeignKey(Region, verbose_name=_("地区"), on_delete=models.PROTECT)
    platform = models.ForeignKey(
        Platform, verbose_name=_("平台"), on_delete=models.PROTECT, null=True, blank=True
    )
    max_score = models.PositiveSmallIntegerField(_("满分"), default=100)
    online = models.BooleanField(_("线上评审"), default=True)
    # Sheets can be saved and submitted until then (None: until the review is closed).
    deadline = models.DateTimeField(_("评分截止时间"), null=True, blank=True)
    provenance = provenance_field()

    objects = CodeManager()

    class Meta:
        verbose_name = _("专家评审")
        verbose_name_plural = _("专家评审")
        ordering = ["-held_on"]

    def __str__(self):
        return f"{self.title}（{self.held_on}）"

    def get_absolute_url(self):
        return reverse("records:review", args=[self.pk])

    def natural_key(self):
        return (self.code,)


class ReviewCandidate(models.Model):
    review = models.ForeignKey(
        ExpertReview, verbose_name=_("评审"), on_delete=models.CASCADE, related_name="candidates"
    )
    name = models.CharField(_("参评项目"), max_length=200)
    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("企业"), on_delete=models.SET_NULL, null=True, blank=True
    )
    project = models.ForeignKey(
        Project, verbose_name=_("项目"), on_delete=models.SET_NULL, null=True, blank=True
    )

    class Meta:
        verbose_name = _("参评项目")
        verbose_name_plural = _("参评项目")
        ordering = ["review", "id"]
        constraints = [
            models.UniqueConstraint(fields=["review", "name"], name="candidate_once_per_review")
        ]

    def __str__(self):
        return self.name


class ReviewScore(models.Model):
    candidate = models.ForeignKey(
        ReviewCandidate, verbose_name=_("参评项目"), on_delete=models.CASCADE, related_name="scores"
    )
    expert = models.CharField(_("评审专家"), max_length=60)
    score = models.DecimalField(
        _("得分"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )

    class Meta:
        verbose_name = _("专家打分")
        verbose_name_plural = _("专家打分")
        constraints = [
            models.UniqueConstraint(fields=["candidate", "expert"], name="score_once_per_expert"),
            models.CheckConstraint(
                condition=Q(score__gte=0) & Q(score__lte=100), name="score_within_0_100"
            ),
        ]

    def __str__(self):
        return f"{self.candidate} · {self.expert}: {self.score}"

    def clean(self):
        super().clean()
        if self.score is not None and self.score > self.candidate.review.max_score:
            raise ValidationError({"score": _("得分不能超过满分。")})
