"""包联领导: the leaders answering for projects, each a record that may sign in as a user.

A project may have several (双包联: a city and a county leader, say), each with a role.
The project's old free-text `leader` column stays as the ledger's 包联领导 column; the
records are what "我包联的项目" and the project page read.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from platforms.models import Region
from projects.models.pipeline import Project


class Leader(models.Model):
    class Level(models.TextChoices):
        PROVINCE = "province", _("省级")
        CITY = "city", _("市级")
        COUNTY = "county", _("县级")

    name = models.CharField(_("姓名"), max_length=60)
    title = models.CharField(_("职务"), max_length=100, blank=True)
    # Blank for leaders carried over from the free-text column, until someone says.
    level = models.CharField(_("层级"), max_length=10, choices=Level.choices, blank=True)
    region = models.ForeignKey(
        Region, verbose_name=_("所在地区"), on_delete=models.PROTECT, null=True, blank=True
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登录账号"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="leader",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("包联领导")
        verbose_name_plural = _("包联领导")
        ordering = ["level", "name", "id"]

    def __str__(self):
        return f"{self.name}（{self.title}）" if self.title else self.name


class ProjectLeader(models.Model):
    """One leader's charge of one project."""

    class Role(models.TextChoices):
        LEAD = "lead", _("牵头包联")
        JOINT = "joint", _("协同包联")

    project = models.ForeignKey(
        Project, verbose_name=_("项目"), on_delete=models.CASCADE, related_name="leaderships"
    )
    leader = models.ForeignKey(
        Leader, verbose_name=_("包联领导"), on_delete=models.PROTECT, related_name="leaderships"
    )
    role = models.CharField(_("包联角色"), max_length=8, choices=Role.choices, default=Role.LEAD)
    since = models.DateField(_("包联起始日期"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("项目包联")
        verbose_name_plural = _("项目包联")
        ordering = ["project", "role", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "leader"],
                name="leader_once_per_project",
                violation_error_message=_("该领导已包联这个项目。"),
            )
        ]

    def __str__(self):
        return f"{self.project} · {self.leader}"
