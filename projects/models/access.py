"""Units and memberships: who may see and change which part of the registry."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from platforms.models import Platform, Region


class UnitManager(models.Manager):
    def get_by_natural_key(self, name):
        return self.get(name=name)


class Unit(models.Model):
    """A bureau or office whose scope is a region or a platform subtree."""

    name = models.CharField(_("单位名称"), max_length=100, unique=True)
    scope_region = models.ForeignKey(
        Region, verbose_name=_("管辖地区"), on_delete=models.PROTECT, null=True, blank=True
    )
    scope_platform = models.ForeignKey(
        Platform, verbose_name=_("管辖平台"), on_delete=models.PROTECT, null=True, blank=True
    )

    # Fixtures name units (the promotion work's bureaus) by their unique name.
    objects = UnitManager()

    class Meta:
        verbose_name = _("单位")
        verbose_name_plural = _("单位")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(scope_region__isnull=True) ^ Q(scope_platform__isnull=True),
                name="unit_has_one_scope",
                violation_error_message=_("单位须且只能有一个管辖范围：地区或平台。"),
            )
        ]

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.name,)

    @property
    def scope(self):
        return self.scope_platform or self.scope_region


class Membership(models.Model):
    class Role(models.TextChoices):
        STAFF = "staff", _("招商局工作人员")
        OFFICIAL = "official", _("领导（只读）")
        # Reads like an official; reviews the months of the units under its scope and, at
        # the closing level (PERIOD_CLOSE_LEVEL), closes months.
        REVIEWER = "reviewer", _("审核人（只读，审核月报）")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("用户"),
        on_delete=models.CASCADE,
        related_name="membership",
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("单位"), on_delete=models.PROTECT, related_name="members"
    )
    role = models.CharField(_("角色"), max_length=10, choices=Role.choices)

    class Meta:
        verbose_name = _("用户单位")
        verbose_name_plural = _("用户单位")

    def __str__(self):
        return f"{self.user} · {self.unit} · {self.get_role_display()}"
