"""Problems a project hits (企业难题), supervised (督办) until closed (销号) with a note."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from projects.access import filter_in_scope
from projects.models import Project, Provenance, Unit
from projects.models.choices import provenance_field
from promotion.models.choices import ProblemKind, ProblemStatus
from promotion.models.work import Activity


class ProblemQuerySet(models.QuerySet):
    def in_scope(self, scope):
        """Problems of the projects in a region or platform and everything under it."""
        return filter_in_scope(self, scope, "project__region", "project__platform")


class Problem(models.Model):
    project = models.ForeignKey(
        Project, verbose_name=_("项目"), on_delete=models.PROTECT, related_name="problems"
    )
    kind = models.CharField(_("问题类型"), max_length=12, choices=ProblemKind.choices)
    title = models.CharField(_("问题"), max_length=200)
    description = models.TextField(_("详细情况"), blank=True)
    raised_by = models.CharField(_("提出人（企业家）"), max_length=60, blank=True)
    raised_on = models.DateField(_("提出日期"))
    activity = models.ForeignKey(
        Activity,
        verbose_name=_("提出场合"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="problems",
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("责任单位"), on_delete=models.PROTECT, related_name="problems"
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("督办人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="promotion_problems",
    )
    due_on = models.DateField(_("办结期限"))
    status = models.CharField(
        _("状态"), max_length=8, choices=ProblemStatus.choices, default=ProblemStatus.OPEN
    )
    closed_on = models.DateField(_("销号日期"), null=True, blank=True)
    closing_note = models.TextField(_("销号说明"), blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("销号人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
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
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    objects = ProblemQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("企业难题")
        verbose_name_plural = _("企业难题")
        ordering = ["-raised_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status=ProblemStatus.CLOSED)
                | (Q(closed_on__isnull=False) & ~Q(closing_note="")),
                name="problem_closing_has_note",
                violation_error_message=_("销号须填写日期和说明。"),
            ),
            models.CheckConstraint(
                condition=Q(due_on__gte=F("raised_on")),
                name="problem_due_after_raised",
                violation_error_message=_("办结期限不能早于提出日期。"),
            ),
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True) | Q(closed_on__gte=F("raised_on")),
                name="problem_closed_after_raised",
                violation_error_message=_("销号日期不能早于提出日期。"),
            ),
        ]
        indexes = [
            models.Index(fields=["unit", "status", "due_on"], name="problem_unit_due"),
            models.Index(fields=["status", "due_on"], name="problem_status_due"),
            models.Index(fields=["closed_on"], name="problem_closed_on"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("promotion:problem", args=[self.pk])

    @property
    def is_open(self):
        return self.status == ProblemStatus.OPEN

    @property
    def is_stand_in(self):
        return self.provenance in Provenance.stand_ins()
