"""Investors, projects and their dated stage history."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, F, Q, Value, When
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from platforms.models import CodeManager, IndustryChain, Platform, Region
from projects.models.choices import (
    PLANNED_STAGE_FIELDS,
    STAGE_DATE_FIELDS,
    BuildType,
    Category,
    KeyLevel,
    Origin,
    Provenance,
    Stage,
    provenance_field,
)
from projects.money import WAN_PER_YI, amount_field, exact_sum
from projects.plausible import validate_date
from projects.validation import build_type_errors, place_errors, source_district_errors


class EnterpriseManager(models.Manager):
    def get_by_natural_key(self, name):
        return self.get(name=name)


class Enterprise(models.Model):
    name = models.CharField(_("企业名称"), max_length=200, unique=True)
    origin = models.CharField(_("来源地"), max_length=16, choices=Origin.choices)
    credit_code = models.CharField(_("统一社会信用代码"), max_length=18, blank=True)
    provenance = provenance_field()
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    objects = EnterpriseManager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("投资企业")
        verbose_name_plural = _("投资企业")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.name,)


class ProjectQuerySet(models.QuerySet):
    """The counting semantics of the articles, as chainable reads."""

    def in_scope(self, scope):
        """Projects in a region or platform and everything under it."""
        if scope is None:
            return self
        if isinstance(scope, Platform):
            return self.filter(platform__path__startswith=scope.path)
        return self.filter(region__path__startswith=scope.path)

    def reached(self, stage, start=None, end=None):
        """Flow: projects whose entry into `stage` falls within [start, end]."""
        field = Stage(stage).date_field
        q = Q(**{f"{field}__isnull": False})
        if start:
            q &= Q(**{f"{field}__gte": start})
        if end:
            q &= Q(**{f"{field}__lte": end})
        return self.filter(q)

    def at(self, stage, on):
        """Stock: projects whose stage on date `on` was `stage`."""
        return self.filter(_at(Stage(stage), on))

    def at_or_beyond(self, stage, on):
        """Projects whose stage on `on` was `stage` or a later one of the pipeline (the
        dashboard's funnel: it narrows stage by stage)."""
        order = Stage.pipeline()
        q = Q(pk__in=[])
        for later in order[order.index(Stage(stage)) :]:
            q |= _at(later, on)
        return self.filter(q)

    def stalled(self, days=None, now=None):
        """Negotiations with no change (no stage move, no edit) for `days` days (the setting
        DASHBOARD_STALLED_NEGOTIATION_DAYS by default): the same rule as Project.is_stalled."""
        days = settings.DASHBOARD_STALLED_NEGOTIATION_DAYS if days is None else days
        now = now or timezone.now()
        today = timezone.localdate(now)
        return self.filter(
            stage=Stage.NEGOTIATING,
            negotiating_on__lte=today - datetime.timedelta(days=days),
            updated_at__lte=now - datetime.timedelta(days=days),
        )

    def active(self, start, end):
        """Under construction or in production at some time within [start, end]."""
        return self.filter(
            Q(started_on__lte=end) & (Q(terminated_on__isnull=True) | Q(terminated_on__gte=start))
        )

    def cumulative(self, stage, since, until):
        """Flows into `stage` summed from `since` up to `until`."""
        return self.reached(stage, since, until)

    def with_filters(
        self,
        *,
        min_investment_yi=None,
        origin=None,
        key_level=None,
        category=None,
        strategic_emerging=None,
        build_type=None,
        event=None,
        chain=None,
    ):
        """The filters the articles use; list arguments mean "any of"."""
        qs = self
        if min_investment_yi is not None:
            qs = qs.filter(total_investment__gte=WAN_PER_YI * min_investment_yi)
        for field, value in (
            ("origin", origin),
            ("key_level", key_level),
            ("category", category),
            ("build_type", build_type),
        ):
            if value:
                qs = qs.filter(**{f"{field}__in": _as_list(value)})
        if strategic_emerging is not None:
            qs = qs.filter(strategic_emerging=strategic_emerging)
        if event is not None:
            qs = qs.filter(events=event)
        if chain is not None:
            qs = qs.filter(chains=chain)
        return qs

    def behind_plan(self, today):
        """Live projects with a planned stage date before `today` and that stage not reached.

        A stage due today is not yet behind; one reached late is history, not behind now.
        """
        overdue = Q()
        for stage, planned in PLANNED_STAGE_FIELDS.items():
            overdue |= Q(**{f"plan__{planned}__lt": today, f"{stage.date_field}__isnull": True})
        # 竣工 is a milestone, not a stage: behind while no completion has been recorded.
        overdue |= Q(plan__planned_completed_on__lt=today) & ~Q(milestones__kind="completed")
        # The inner join lets the database start from the (few) planned projects.
        return self.filter(plan__isnull=False).filter(overdue, terminated_on__isnull=True)

    def key_projects(self):
        return self.exclude(key_level=KeyLevel.NONE)

    def totals(self):
        """Count and total investment (万元) of the set, in one query."""
        # COUNT(*), not COUNT(id): the id is not in the covering indexes (see Project.Meta).
        row = self.aggregate(count=models.Count("*"), investment=models.Sum("total_investment"))
        return {"count": row["count"], "investment": exact_sum(row["investment"])}


class ProjectManager(CodeManager.from_queryset(ProjectQuerySet)):
    pass


def _at(stage, on):
    if stage == Stage.TERMINATED:
        return Q(terminated_on__lte=on)
    q = Q(**{f"{stage.date_field}__lte": on}) & _not_by("terminated_on", on)
    if stage.next:
        q &= _not_by(stage.next.date_field, on)
    return q


def _not_by(field, on):
    return Q(**{f"{field}__isnull": True}) | Q(**{f"{field}__gt": on})


def _as_list(value):
    return list(value) if isinstance(value, list | tuple | set) else [value]


# What a project list or board filters and sums besides scope and stage (Project.Meta.indexes).
COUNTED_COLUMNS = ["origin", "category", "key_level", "strategic_emerging", "total_investment"]


def _stage_expression():
    whens = [
        When(**{f"{STAGE_DATE_FIELDS[s]}__isnull": False}, then=Value(s.value))
        for s in [Stage.TERMINATED, *reversed(Stage.pipeline()[1:])]
    ]
    return Case(*whens, default=Value(Stage.NEGOTIATING.value))


def _stage_order_constraints():
    """Later stages never dated before earlier ones; none entered without the one before."""
    constraints = []
    order = [STAGE_DATE_FIELDS[s] for s in Stage.pipeline()]
    for earlier, later in zip(order, order[1:], strict=False):
        constraints.append(
            models.CheckConstraint(
                condition=Q(**{f"{later}__isnull": True})
                | Q(**{f"{earlier}__isnull": True})
                | Q(**{f"{later}__gte": F(earlier)}),
                name=f"project_{later}_after_{earlier}",
                violation_error_message=_("阶段日期必须按洽谈→签约→落地→开工→投产的顺序。"),
            )
        )
    for earlier, later in zip(order[1:], order[2:], strict=False):
        constraints.append(
            models.CheckConstraint(
                condition=Q(**{f"{later}__isnull": True}) | Q(**{f"{earlier}__isnull": False}),
                name=f"project_{later}_needs_{earlier}",
                violation_error_message=_("不能跳过签约之后的阶段。"),
            )
        )
    for field in order:
        constraints.append(
            models.CheckConstraint(
                condition=Q(terminated_on__isnull=True)
                | Q(**{f"{field}__isnull": True})
                | Q(terminated_on__gte=F(field)),
                name=f"project_terminated_after_{field}",
                violation_error_message=_("终止日期不能早于已进入阶段的日期。"),
            )
        )
    return constraints


class Project(models.Model):
    code = models.CharField(_("项目编号"), max_length=40, unique=True)
    name = models.CharField(_("项目名称"), max_length=200)
    investor = models.ForeignKey(
        Enterprise, verbose_name=_("投资方"), on_delete=models.PROTECT, related_name="projects"
    )
    origin = models.CharField(_("来源地"), max_length=16, choices=Origin.choices)
    # Where in Beijing or Tianjin the project comes from: a district of the origin
    # (GB/T 2260, the same package as the region tree; projects.validation checks it).
    source_district = models.ForeignKey(
        Region,
        verbose_name=_("来源区"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to={"level": "origin", "parent__isnull": False},
        help_text=_("来源地为北京或天津时，可填其所在区。"),
    )
    region = models.ForeignKey(
        Region, verbose_name=_("所在地区"), on_delete=models.PROTECT, related_name="projects"
    )
    platform = models.ForeignKey(
        Platform,
        verbose_name=_("承接平台"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="projects",
    )
    chains = models.ManyToManyField(
        IndustryChain, verbose_name=_("产业链"), blank=True, related_name="projects"
    )
    category = models.CharField(_("项目类别"), max_length=16, choices=Category.choices)
    strategic_emerging = models.BooleanField(_("战略性新兴产业"), default=False)
    key_level = models.CharField(
        _("重点项目级别"),
        max_length=12,
        choices=KeyLevel.choices,
        blank=True,
        default=KeyLevel.NONE,
    )
    build_type = models.CharField(
        _("建设性质"), max_length=12, choices=BuildType.choices, blank=True, default=BuildType.UNSET
    )
    total_investment = amount_field(_("总投资（万元）"))
    leader = models.CharField(_("包联领导"), max_length=60, blank=True)
    contact_name = models.CharField(_("联系人"), max_length=60, blank=True)
    contact_phone = models.CharField(_("联系电话"), max_length=30, blank=True)
    description = models.TextField(_("项目简介"), blank=True)

    negotiating_on = models.DateField(
        _("洽谈日期"), null=True, blank=True, validators=[validate_date]
    )
    signed_on = models.DateField(_("签约日期"), null=True, blank=True, validators=[validate_date])
    landed_on = models.DateField(_("落地日期"), null=True, blank=True, validators=[validate_date])
    started_on = models.DateField(_("开工日期"), null=True, blank=True, validators=[validate_date])
    producing_on = models.DateField(
        _("投产日期"), null=True, blank=True, validators=[validate_date]
    )
    terminated_on = models.DateField(
        _("终止日期"), null=True, blank=True, validators=[validate_date]
    )
    termination_reason = models.CharField(_("终止原因"), max_length=300, blank=True)
    # The current stage follows from the dates; the database keeps it in step.
    stage = models.GeneratedField(
        expression=_stage_expression(),
        output_field=models.CharField(_("当前阶段"), max_length=20, choices=Stage.choices),
        db_persist=True,
    )

    # Name, code, investor and leader for the keyword search: projects/search.py.
    search_text = models.TextField(_("检索文本"), blank=True, db_default="", editable=False)

    provenance = provenance_field()
    source_note = models.CharField(_("来源说明"), max_length=500, blank=True)
    version = models.PositiveIntegerField(_("版本"), default=1)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("录入人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    # The key of the 新建项目 form that created it: a double submit finds this project.
    creation_key = models.UUIDField(null=True, blank=True, unique=True, editable=False)

    objects = ProjectManager()
    history = HistoricalRecords(
        excluded_fields=["stage", "updated_at", "creation_key", "search_text"]
    )

    class Meta:
        verbose_name = _("项目")
        verbose_name_plural = _("项目")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(total_investment__gte=0),
                name="project_total_investment_non_negative",
                violation_error_message=_("总投资不能为负数。"),
            ),
            models.CheckConstraint(
                condition=Q(negotiating_on__isnull=False) | Q(signed_on__isnull=False),
                name="project_has_entry_date",
                violation_error_message=_("请填写洽谈日期或签约日期。"),
            ),
            models.CheckConstraint(
                condition=Q(terminated_on__isnull=True) | ~Q(termination_reason=""),
                name="project_termination_has_reason",
                violation_error_message=_("终止项目必须填写原因。"),
            ),
            *_stage_order_constraints(),
        ]
        indexes = [
            models.Index(fields=["negotiating_on"], name="project_negotiating_on"),
            models.Index(fields=["signed_on"], name="project_signed_on"),
            models.Index(fields=["landed_on"], name="project_landed_on"),
            models.Index(fields=["started_on"], name="project_started_on"),
            models.Index(fields=["producing_on"], name="project_producing_on"),
            models.Index(fields=["terminated_on"], name="project_terminated_on"),
            # Counts and totals of a scope's projects by stage and the list's usual filters
            # come from these indexes alone (index-only scans), without reading the rows.
            models.Index(
                fields=["region", "stage"], name="project_region_stage", include=COUNTED_COLUMNS
            ),
            models.Index(
                fields=["platform", "stage"], name="project_platform_stage", include=COUNTED_COLUMNS
            ),
            # The list's default order (newest first) and its sort by amount.
            models.Index(fields=["created_at", "id"], name="project_created"),
            models.Index(fields=["total_investment"], name="project_total_investment"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("projects:detail", args=[self.pk])

    def natural_key(self):
        return (self.code,)

    @property
    def is_stand_in(self):
        return self.provenance in Provenance.stand_ins()

    def stage_date(self, stage):
        return getattr(self, Stage(stage).date_field)

    @property
    def current_stage_on(self):
        """The day the project entered its current stage (rows annotate it as `entered_on`)."""
        if "entered_on" in self.__dict__:
            return self.entered_on
        return self.stage_date(self.stage)

    def days_in_stage(self, today=None):
        """Days since the project entered its current stage (None before a date is set)."""
        entered = self.current_stage_on
        if entered is None:
            return None
        return max(0, ((today or timezone.localdate()) - entered).days)

    @property
    def is_stalled(self):
        """A negotiation with no change, of its stage or its record, for the set number of
        days (DASHBOARD_STALLED_NEGOTIATION_DAYS)."""
        if self.stage != Stage.NEGOTIATING:
            return False
        days = settings.DASHBOARD_STALLED_NEGOTIATION_DAYS
        in_stage = self.days_in_stage()
        idle = (timezone.now() - self.updated_at).days if self.updated_at else in_stage
        return in_stage is not None and in_stage >= days and idle is not None and idle >= days

    def current_stage(self):
        """The stage from the dates in memory (the stored column lags until saved)."""
        if self.terminated_on:
            return Stage.TERMINATED
        for stage in reversed(Stage.pipeline()):
            if self.stage_date(stage):
                return stage
        return Stage.NEGOTIATING

    def clean(self):
        super().clean()
        # The rules live in projects.validation so the ledger import checks rows the same way.
        region = self.region if self.region_id else None
        platform = self.platform if self.platform_id else None
        district = self.source_district if self.source_district_id else None
        errors = {
            **place_errors(region, platform),
            **build_type_errors(self.build_type, self.started_on),
            **source_district_errors(self.origin, district),
        }
        if errors:
            raise ValidationError(errors)


class StageEntry(models.Model):
    """One row per stage a project entered: the date, who recorded it, a note."""

    project = models.ForeignKey(
        Project, verbose_name=_("项目"), on_delete=models.CASCADE, related_name="stage_entries"
    )
    stage = models.CharField(_("阶段"), max_length=20, choices=Stage.choices)
    entered_on = models.DateField(_("进入日期"), validators=[validate_date])
    note = models.CharField(_("说明"), max_length=500, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("记录人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("记录时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("阶段记录")
        verbose_name_plural = _("阶段记录")
        ordering = ["project", "entered_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["project", "stage"], name="stage_entry_once_per_stage"),
            models.CheckConstraint(
                condition=Q(stage__in=Stage.values), name="stage_entry_known_stage"
            ),
        ]

    def __str__(self):
        return f"{self.project} · {self.get_stage_display()} · {self.entered_on}"


class StageCorrection(models.Model):
    """A stage date changed or withdrawn after the fact, with who and why."""

    project = models.ForeignKey(
        Project, verbose_name=_("项目"), on_delete=models.CASCADE, related_name="corrections"
    )
    stage = models.CharField(_("阶段"), max_length=20, choices=Stage.choices)
    previous_date = models.DateField(_("原日期"), null=True, blank=True)
    corrected_date = models.DateField(
        _("更正后日期"),
        null=True,
        blank=True,
        help_text=_("留空表示撤回该阶段（退回上一阶段）。"),
        validators=[validate_date],
    )
    reason = models.CharField(_("更正原因"), max_length=500)
    corrected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("更正人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    corrected_at = models.DateTimeField(_("更正时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("阶段更正")
        verbose_name_plural = _("阶段更正")
        ordering = ["-corrected_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=~Q(reason=""), name="stage_correction_has_reason"),
        ]

    def __str__(self):
        return f"{self.project} · {self.get_stage_display()}: {self.previous_date} → {self.corrected_date}"
