"""A project's plan (the dates it should reach each stage) and its milestones.

Both sit beside the pipeline, never in it: the stage dates on Project (and so the
totals) stay what they are; the plan says when each should have come, and the
milestones (立项/前期手续, 竣工, 达产) are dated records the reports quote.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from projects.models.choices import Stage
from projects.models.pipeline import Project


class ProjectPlan(models.Model):
    """When a project is planned to sign, land, start, complete and produce."""

    project = models.OneToOneField(
        Project, verbose_name=_("项目"), on_delete=models.CASCADE, related_name="plan"
    )
    planned_signed_on = models.DateField(_("计划签约日期"), null=True, blank=True)
    planned_landed_on = models.DateField(_("计划落地日期"), null=True, blank=True)
    planned_started_on = models.DateField(_("计划开工日期"), null=True, blank=True)
    planned_completed_on = models.DateField(_("计划竣工日期"), null=True, blank=True)
    planned_producing_on = models.DateField(_("计划投产日期"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("项目计划节点")
        verbose_name_plural = _("项目计划节点")

    def __str__(self):
        return str(self.project)

    ORDER = [
        "planned_signed_on",
        "planned_landed_on",
        "planned_started_on",
        "planned_completed_on",
        "planned_producing_on",
    ]

    def clean(self):
        super().clean()
        # Each planned date comes no earlier than the planned dates before it.
        previous = None
        for name in self.ORDER:
            day = getattr(self, name)
            if day is None:
                continue
            if previous is not None and day < getattr(self, previous):
                raise ValidationError(
                    {
                        name: _("%(this)s不能早于%(that)s。")
                        % {
                            "this": self._meta.get_field(name).verbose_name,
                            "that": self._meta.get_field(previous).verbose_name,
                        }
                    }
                )
            previous = name


class Milestone(models.Model):
    """A dated step outside the five stages: approvals done, works completed, full output."""

    class Kind(models.TextChoices):
        APPROVED = "approved", _("立项/前期手续")
        COMPLETED = "completed", _("竣工")
        FULL_OUTPUT = "full_output", _("达产")

    project = models.ForeignKey(
        Project, verbose_name=_("项目"), on_delete=models.CASCADE, related_name="milestones"
    )
    kind = models.CharField(_("节点"), max_length=16, choices=Kind.choices)
    reached_on = models.DateField(_("完成日期"))
    note = models.CharField(_("说明"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("记录人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("记录时间"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("项目节点")
        verbose_name_plural = _("项目节点")
        ordering = ["project", "reached_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "kind"],
                name="milestone_once_per_project",
                violation_error_message=_("该项目已记录过这个节点；如日期有误请先删除再记录。"),
            )
        ]

    def __str__(self):
        return f"{self.project} · {self.get_kind_display()}"

    def get_absolute_url(self):
        return self.project.get_absolute_url()

    def clean(self):
        super().clean()
        # 竣工 follows the start of works and 达产 the start of production; 立项 may come any time.
        needs = {
            self.Kind.COMPLETED: Stage.UNDER_CONSTRUCTION,
            self.Kind.FULL_OUTPUT: Stage.IN_PRODUCTION,
        }
        stage = needs.get(self.kind)
        if stage is None or not self.project_id or self.reached_on is None:
            return
        entered = self.project.stage_date(stage)
        if entered is None:
            raise ValidationError(
                {
                    "kind": _("项目尚未%(stage)s，不能记录%(kind)s。")
                    % {"stage": stage.label, "kind": self.get_kind_display()}
                }
            )
        if self.reached_on < entered:
            raise ValidationError(
                {
                    "reached_on": _("%(kind)s日期不能早于%(stage)s日期（%(date)s）。")
                    % {"kind": self.get_kind_display(), "stage": stage.label, "date": entered}
                }
            )
