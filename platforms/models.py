"""Places: the region tree, the platform tree and the industry-chain taxonomy.

Both trees keep a materialised path ("/130000/130900/130983/") so that "X and
everything under it" is one indexed prefix match, and the path is rebuilt from the
parent whenever a node is saved.
"""

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models.functions import Concat, Substr
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class TreeQuerySet(models.QuerySet):
    def subtree(self, node):
        """Return the node and every node under it."""
        return self.filter(path__startswith=node.path)

    def ancestors_of(self, node):
        """Return the node and every node above it, root first."""
        codes = [c for c in node.path.split("/") if c]
        return self.filter(code__in=codes).order_by("depth")


class TreeNode(models.Model):
    """A node of a tree addressed by a natural key `code` and a materialised path."""

    code = models.CharField(_("代码"), max_length=40, unique=True)
    name = models.CharField(_("名称"), max_length=100)
    path = models.CharField(_("路径"), max_length=400, editable=False, db_index=True)
    depth = models.PositiveSmallIntegerField(_("层级"), default=0, editable=False)

    objects = TreeQuerySet.as_manager()

    class Meta:
        abstract = True

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        # The path is structure, not domain logic: it must follow the parent on
        # every save, and a move carries the whole subtree along.
        old_path = self.path
        self.path = (self.parent.path if self.parent_id else "/") + f"{self.code}/"
        self.depth = self.path.count("/") - 2
        with transaction.atomic():
            super().save(*args, **kwargs)
            if old_path and old_path != self.path:
                type(self).objects.filter(path__startswith=old_path).exclude(pk=self.pk).update(
                    path=Concat(models.Value(self.path), Substr("path", len(old_path) + 1)),
                    depth=models.F("depth") + (self.depth - old_path.count("/") + 2),
                )

    def natural_key(self):
        return (self.code,)

    def is_within(self, other):
        """Whether this node is `other` or lies under it."""
        return self.path.startswith(other.path)

    def clean(self):
        super().clean()
        if self.parent_id and self.pk and self.parent.path.startswith(self.path or "\0"):
            raise ValidationError({"parent": _("上级不能是自身或其下级。")})


class CodeManager(models.Manager):
    """Looks rows up by their stable `code`, so fixtures never depend on ids."""

    def get_by_natural_key(self, code):
        return self.get(code=code)


class NaturalKeyManager(CodeManager.from_queryset(TreeQuerySet)):
    pass


class Region(TreeNode):
    class Level(models.TextChoices):
        PROVINCE = "province", _("省")
        CITY = "city", _("市")
        COUNTY = "county", _("县（市、区）")
        # 雄安新区: reported by Hebei as a unit of its own, beside the cities (platforms/divisions.py).
        NEW_AREA = "new_area", _("新区（统计单列）")
        ORIGIN = "origin", _("来源地（京津）")

    level = models.CharField(_("级别"), max_length=10, choices=Level.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级地区"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    # The tree is the statistical one (what totals roll up through); where a place is
    # administered by another than the one it is counted under (雄县、容城县、安新县 under
    # 雄安新区, administered by 保定市), that link is kept here and never summed.
    administrative_parent = models.ForeignKey(
        "self",
        verbose_name=_("行政隶属"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="administered",
        help_text=_("统计上单列、行政上隶属的地区；只作记录，不参与汇总。"),
    )
    province_administered = models.BooleanField(
        _("省直管"), default=False, help_text=_("省直管县级市（定州、辛集）。")
    )

    objects = NaturalKeyManager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("地区")
        verbose_name_plural = _("地区")
        ordering = ["path"]


class Platform(TreeNode):
    class Tier(models.TextChoices):
        CORE = "core", _("集中承载地")
        COLLABORATION = "collaboration", _("协作平台")
        KEY_COOPERATION = "key_cooperation", _("重点合作平台")
        DEVELOPMENT_ZONE = "development_zone", _("开发区")
        PARK = "park", _("产业园")
        TRADE_CENTRE = "trade_centre", _("商贸城")

    tier = models.CharField(_("平台类型"), max_length=20, choices=Tier.choices)
    region = models.ForeignKey(
        Region, verbose_name=_("所在地区"), on_delete=models.PROTECT, related_name="platforms"
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级平台"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )

    objects = NaturalKeyManager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("承接平台")
        verbose_name_plural = _("承接平台")
        ordering = ["path"]

    def clean(self):
        super().clean()
        if self.parent_id and self.region_id and not self.region.is_within(self.parent.region):
            raise ValidationError(
                {
                    "region": _("平台所在地区“%(region)s”不在上级平台“%(parent)s”的地区内。")
                    % {"region": self.region, "parent": self.parent}
                }
            )


class IndustryChain(models.Model):
    class Kind(models.TextChoices):
        SIX_CHAINS = "six_chains", _("六链")
        FIVE_CLUSTERS = "five_clusters", _("五群")
        LOCAL = "local", _("地方产业链")

    code = models.CharField(_("代码"), max_length=40, unique=True)
    name = models.CharField(_("名称"), max_length=60)
    kind = models.CharField(_("类别"), max_length=15, choices=Kind.choices)
    region = models.ForeignKey(
        Region,
        verbose_name=_("提出地区"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        help_text=_("地方产业链由哪个地区提出；六链五群为全省。"),
    )

    objects = CodeManager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("产业链")
        verbose_name_plural = _("产业链")
        ordering = ["kind", "code"]

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.code,)

    @property
    def is_provincial(self):
        """六链五群 are the province's own chains and are highlighted on dashboards."""
        return self.kind != self.Kind.LOCAL
