"""The admin: every model, with Chinese names, search and filters.

Edits of projects go through the same services as the staff pages, so the
admin cannot bypass stage rules, audit or stale marks.
"""

from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from platforms.models import Region
from projects import services
from projects.admin_forms import ProjectAdminForm
from projects.models import (
    AggregateRun,
    AnnualPlan,
    AnnualTarget,
    ClosedMonth,
    CriterionScore,
    Document,
    Enterprise,
    Event,
    ExpertReview,
    FigureCheck,
    FigureSource,
    ImportJob,
    InvestmentReport,
    Leader,
    Membership,
    MerchantRelocation,
    Milestone,
    MonthSubmission,
    Project,
    ProjectLeader,
    ProjectPlan,
    PublishedFigure,
    RelocatedUnit,
    Restatement,
    ReviewCandidate,
    ReviewCriterion,
    ReviewScore,
    ReviewSheet,
    ScopeGeneration,
    SnapshotInvestmentCell,
    SnapshotStageCell,
    Stage,
    StageCorrection,
    StageEntry,
    StageMonthTotal,
    StaleMark,
    Unit,
)
from projects.records import services as record_services
from projects.search import search_refresh


@admin.register(Enterprise)
class EnterpriseAdmin(SimpleHistoryAdmin):
    list_display = ["name", "origin", "credit_code", "provenance"]
    list_filter = ["origin", "provenance"]
    search_fields = ["name", "credit_code"]

    def save_model(self, request, obj, form, change):
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            if change and "name" in form.changed_data:
                # Its projects' search texts hold its name: projects/search.py.
                search_refresh(investor_ids=[obj.pk])


class ReadOnlyInline(admin.TabularInline):
    """Shown for reference; these rows change through the services (and their audit)."""

    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class InvestmentReportInline(ReadOnlyInline):
    model = InvestmentReport
    fields = ["month", "completed_investment", "reported_by"]


class AnnualPlanInline(ReadOnlyInline):
    model = AnnualPlan
    fields = ["year", "planned_investment"]


class StageEntryInline(ReadOnlyInline):
    model = StageEntry
    fields = ["stage", "entered_on", "note", "recorded_by", "recorded_at"]
    readonly_fields = ["recorded_at"]


class StageListFilter(admin.SimpleListFilter):
    """The current stage from its choices (the generated column would be listed by a DISTINCT scan)."""

    title = _("当前阶段")
    parameter_name = "stage"

    def lookups(self, request, model_admin):
        return Stage.choices

    def queryset(self, request, queryset):
        if self.value() in Stage.values:
            return queryset.filter(stage=self.value())
        return queryset


class RegionSubtreeListFilter(admin.SimpleListFilter):
    """A region and everything under it, as the project list filters (one query for the choices)."""

    title = _("地区")
    parameter_name = "region"

    def lookups(self, request, model_admin):
        regions = Region.objects.exclude(level=Region.Level.ORIGIN).order_by("path")
        return [(str(r.pk), "\u3000" * r.depth + r.name) for r in regions]

    def queryset(self, request, queryset):
        value = self.value() or ""
        valid = value.isdigit() and int(value) < 2**63
        region = Region.objects.filter(pk=value).first() if valid else None
        if region is None:
            return queryset
        return queryset.filter(region__path__startswith=region.path)


@admin.register(Project)
class ProjectAdmin(SimpleHistoryAdmin):
    form = ProjectAdminForm
    list_display = [
        "code",
        "name",
        "investor",
        "region",
        "platform",
        "stage",
        "total_investment",
        "key_level",
        "provenance",
    ]
    list_filter = [
        StageListFilter,
        RegionSubtreeListFilter,
        "category",
        "origin",
        "key_level",
        "strategic_emerging",
        "provenance",
    ]
    search_fields = ["code", "name", "investor__name"]
    autocomplete_fields = ["investor", "region", "platform"]
    filter_horizontal = ["chains"]
    list_select_related = ["investor", "region", "platform"]
    readonly_fields = [
        "stage",
        "negotiating_on",
        "signed_on",
        "landed_on",
        "started_on",
        "producing_on",
        "terminated_on",
        "termination_reason",
        "version",
        "created_by",
    ]
    inlines = [StageEntryInline, AnnualPlanInline, InvestmentReportInline]
    show_full_result_count = False

    def save_model(self, request, obj, form, change):
        # Stage dates are read-only here: stages move through the staff pages'
        # actions, which record who and why. A stale page is refused by the form.
        if change:
            version = form.cleaned_data["version_seen"]
            changes = form.changes_to_save()
            if changes:
                services.project_update(actor=request.user, project=obj, version=version, **changes)
        else:
            raise ValidationError(_("请在项目录入页面新建项目。"))

    def delete_model(self, request, obj):
        services.project_delete(actor=request.user, project=obj)

    def delete_queryset(self, request, queryset):
        for project in queryset:
            services.project_delete(actor=request.user, project=project)

    def has_add_permission(self, request):
        return False


@admin.register(StageCorrection)
class StageCorrectionAdmin(admin.ModelAdmin):
    list_display = [
        "project",
        "stage",
        "previous_date",
        "corrected_date",
        "reason",
        "corrected_by",
        "corrected_at",
    ]
    list_filter = ["stage"]
    search_fields = ["project__name", "reason"]
    list_select_related = ["project", "corrected_by"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False


@admin.register(Event)
class EventAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "held_on", "region", "platform"]
    list_filter = ["kind"]
    search_fields = ["name", "code"]
    autocomplete_fields = ["region", "platform", "projects"]
    list_select_related = ["region", "platform"]

    def save_related(self, request, form, formsets, change):
        # The project list goes through the service so the event totals are recounted.
        projects = form.cleaned_data.pop("projects")
        super().save_related(request, form, formsets, change)
        services.event_projects_set(actor=request.user, event=form.instance, projects=projects)


@admin.register(RelocatedUnit)
class RelocatedUnitAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "origin", "region", "platform", "relocated_on", "provenance"]
    list_filter = ["kind", "origin", "provenance"]
    search_fields = ["name"]
    autocomplete_fields = ["region", "platform"]
    list_select_related = ["region", "platform"]
    date_hierarchy = "relocated_on"

    autocomplete_fields = ["region", "platform", "enterprise", "project"]

    def save_model(self, request, obj, form, change):
        _save_record(request, obj, form, change, "unit")

    def delete_model(self, request, obj):
        record_services.relocated_unit_delete(actor=request.user, unit=obj)

    def delete_queryset(self, request, queryset):
        for unit in queryset:
            record_services.relocated_unit_delete(actor=request.user, unit=unit)


@admin.register(Leader)
class LeaderAdmin(SimpleHistoryAdmin):
    list_display = ["name", "title", "level", "region", "user"]
    list_filter = ["level"]
    search_fields = ["name", "title"]
    autocomplete_fields = ["region"]
    list_select_related = ["region", "user"]


@admin.register(ProjectLeader)
class ProjectLeaderAdmin(SimpleHistoryAdmin):
    list_display = ["project", "leader", "role", "since"]
    list_filter = ["role", "leader__level"]
    search_fields = ["project__name", "project__code", "leader__name"]
    autocomplete_fields = ["project", "leader"]
    list_select_related = ["project", "leader"]


@admin.register(ProjectPlan)
class ProjectPlanAdmin(SimpleHistoryAdmin):
    list_display = ["project", *ProjectPlan.ORDER]
    search_fields = ["project__name", "project__code"]
    autocomplete_fields = ["project"]
    list_select_related = ["project"]


@admin.register(Milestone)
class MilestoneAdmin(SimpleHistoryAdmin):
    list_display = ["project", "kind", "reached_on", "recorded_by"]
    list_filter = ["kind"]
    search_fields = ["project__name", "project__code"]
    autocomplete_fields = ["project"]
    list_select_related = ["project", "recorded_by"]


@admin.register(Document)
class DocumentAdmin(SimpleHistoryAdmin):
    """Read-only here: files come in through the project page, which checks their content."""

    list_display = ["project", "kind", "original_name", "size", "uploaded_by", "uploaded_at"]
    list_filter = ["kind"]
    search_fields = ["project__name", "project__code", "original_name"]
    list_select_related = ["project", "uploaded_by"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ReviewCriterion)
class ReviewCriterionAdmin(admin.ModelAdmin):
    list_display = ["review", "name", "weight", "position"]
    list_select_related = ["review"]


class ReadOnlyAdmin(admin.ModelAdmin):
    """Records only their services write (the recompute, expert sheets that lock on
    submission, the reporting month's pages and commands): admins read them, nobody edits."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ReviewSheet)
class ReviewSheetAdmin(ReadOnlyAdmin, SimpleHistoryAdmin):
    list_display = ["review", "expert_name", "expert", "submitted_at"]
    list_select_related = ["review", "expert"]


@admin.register(CriterionScore)
class CriterionScoreAdmin(ReadOnlyAdmin, SimpleHistoryAdmin):
    list_display = ["sheet", "candidate", "criterion", "score"]
    list_select_related = ["sheet", "candidate", "criterion"]


@admin.register(MerchantRelocation)
class MerchantRelocationAdmin(SimpleHistoryAdmin):
    list_display = ["source_market", "platform", "region", "merchants", "people", "recorded_on"]
    autocomplete_fields = ["region", "platform"]
    list_select_related = ["region", "platform"]

    def save_model(self, request, obj, form, change):
        _save_record(request, obj, form, change, "relocation")

    def delete_model(self, request, obj):
        record_services.merchant_relocation_delete(actor=request.user, relocation=obj)

    def delete_queryset(self, request, queryset):
        for relocation in queryset:
            record_services.merchant_relocation_delete(actor=request.user, relocation=relocation)


def _save_record(request, obj, form, change, kind):
    """The admin's form through the records' services (create, or update of what changed)."""
    fields = {name: form.cleaned_data[name] for name in form.changed_data}
    if kind == "unit":
        create, update = (
            record_services.relocated_unit_create,
            record_services.relocated_unit_update,
        )
    else:
        create, update = (
            record_services.merchant_relocation_create,
            record_services.merchant_relocation_update,
        )
    if change:
        update(actor=request.user, **{kind: obj}, **fields)
    else:
        fields = {name: form.cleaned_data[name] for name in form.fields}
        saved = create(actor=request.user, **fields)
        obj.pk = saved.pk


class ReviewScoreInline(admin.TabularInline):
    model = ReviewScore
    extra = 0


@admin.register(ReviewCandidate)
class ReviewCandidateAdmin(admin.ModelAdmin):
    list_display = ["name", "review"]
    search_fields = ["name"]
    inlines = [ReviewScoreInline]


class ReviewCandidateInline(admin.TabularInline):
    model = ReviewCandidate
    extra = 0
    show_change_link = True


@admin.register(ExpertReview)
class ExpertReviewAdmin(admin.ModelAdmin):
    list_display = ["title", "held_on", "region", "platform", "max_score"]
    search_fields = ["title"]
    autocomplete_fields = ["region", "platform"]
    inlines = [ReviewCandidateInline]


class FigureCheckInline(admin.StackedInline):
    model = FigureCheck
    can_delete = False
    readonly_fields = [
        "computed_value",
        "status",
        "difference",
        "explanation",
        "computed_at",
        "reported_value",
        "reported_status",
        "reported_explanation",
    ]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(PublishedFigure)
class PublishedFigureAdmin(admin.ModelAdmin):
    list_display = ["code", "label", "scope", "value", "qualifier", "status", "computed", "source"]
    list_filter = ["measure", "qualifier", "reconciliation__status", "source"]
    search_fields = ["code", "label", "quote"]
    autocomplete_fields = ["scope_region", "scope_platform"]
    list_select_related = ["scope_region", "scope_platform", "reconciliation"]
    inlines = [FigureCheckInline]
    actions = ["reconcile"]

    @admin.display(description=_("核对"))
    def status(self, obj):
        check = getattr(obj, "reconciliation", None)
        return check.get_status_display() if check else "—"

    @admin.display(description=_("计算值"))
    def computed(self, obj):
        check = getattr(obj, "reconciliation", None)
        return check.computed_value if check else "—"

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # Checked again at once, so that its status never describes a value it no longer has.
        from projects.figures import figure_reconcile

        figure_reconcile(form.instance)

    @admin.action(description=_("重新核对所选公布数据"))
    def reconcile(self, request, queryset):
        from projects.figures import figures_reconcile

        checks = figures_reconcile(queryset)
        bad = sum(not c.matches for c in checks)
        level = messages.WARNING if bad else messages.SUCCESS
        self.message_user(
            request,
            _("已核对 %(n)d 项，其中 %(bad)d 项不一致。") % {"n": len(checks), "bad": bad},
            level,
        )


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ["name", "scope_region", "scope_platform"]
    search_fields = ["name"]
    autocomplete_fields = ["scope_region", "scope_platform"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "unit", "role"]
    list_filter = ["role"]
    search_fields = ["user__username", "unit__name"]
    autocomplete_fields = ["unit"]
    list_select_related = ["user", "unit"]

    # 三员分立: administrators (is_staff, which every role holder is) never give themselves
    # or each other a unit's data; only a superuser places an admin-site user in a unit.
    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        return queryset.filter(user__is_staff=False, user__is_superuser=False)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "user" and not request.user.is_superuser:
            kwargs["queryset"] = get_user_model().objects.filter(is_staff=False, is_superuser=False)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(StaleMark)
class StaleMarkAdmin(admin.ModelAdmin):
    list_display = ["scope_kind", "scope_id", "month", "marked_at"]
    list_filter = ["scope_kind"]


@admin.register(AggregateRun)
class AggregateRunAdmin(ReadOnlyAdmin):
    list_display = ["kind", "started_at", "finished_at", "cells", "drift"]
    list_filter = ["kind"]
    actions = ["rebuild"]

    @admin.action(description=_("全量重算汇总并核对公布数据"))
    def rebuild(self, request, queryset):
        from projects.tasks import rebuild_aggregates

        rebuild_aggregates.delay()
        self.message_user(request, _("已提交全量重算。"), messages.SUCCESS)


@admin.register(ScopeGeneration)
class ScopeGenerationAdmin(ReadOnlyAdmin):
    list_display = ["scope_kind", "scope_id", "run"]
    list_filter = ["scope_kind"]
    list_select_related = ["run"]


@admin.register(StageMonthTotal)
class StageMonthTotalAdmin(ReadOnlyAdmin):
    list_display = [
        "scope_kind",
        "scope_id",
        "stage",
        "month",
        "cut",
        "cut_value",
        "entered_count",
        "exited_count",
    ]
    list_filter = ["scope_kind", "stage", "cut"]
    show_full_result_count = False


@admin.register(StageEntry)
class StageEntryAdmin(ReadOnlyAdmin):
    list_display = ["project", "stage", "entered_on", "recorded_by", "note"]
    list_filter = ["stage"]
    search_fields = ["project__name", "project__code"]
    list_select_related = ["project", "recorded_by"]
    date_hierarchy = "entered_on"


@admin.register(AnnualPlan)
class AnnualPlanAdmin(ReadOnlyAdmin):
    list_display = ["project", "year", "planned_investment"]
    list_filter = ["year"]
    search_fields = ["project__name", "project__code"]
    list_select_related = ["project"]


@admin.register(InvestmentReport)
class InvestmentReportAdmin(ReadOnlyAdmin):
    list_display = ["project", "month", "completed_investment", "reported_by"]
    search_fields = ["project__name", "project__code"]
    list_select_related = ["project", "reported_by"]
    date_hierarchy = "month"


@admin.register(ImportJob)
class ImportJobAdmin(ReadOnlyAdmin):
    """Ledger imports: who uploaded what, and what it did (the rejected rows are on the job page)."""

    list_display = [
        "created_at",
        "original_name",
        "kind",
        "status",
        "uploaded_by",
        "created_count",
        "updated_count",
        "unchanged_count",
        "rejected_count",
    ]
    list_filter = ["kind", "status"]
    search_fields = ["original_name", "uploaded_by__username"]
    list_select_related = ["uploaded_by"]
    exclude = ["row_errors"]
    date_hierarchy = "created_at"


@admin.register(AnnualTarget)
class AnnualTargetAdmin(ReadOnlyAdmin):
    """Targets are set by the level above on the targets page (dashboards/ranking_views.py),
    through annual_target_set, which checks who may; here they are only read."""

    list_display = ["scope", "year", "signed_count", "signed_investment", "updated_by"]
    list_filter = ["year"]
    list_select_related = ["scope_region", "scope_platform", "updated_by"]


@admin.register(FigureSource)
class FigureSourceAdmin(admin.ModelAdmin):
    list_display = ["file", "title", "publisher", "published_on"]
    search_fields = ["file", "title"]


@admin.register(MonthSubmission)
class MonthSubmissionAdmin(ReadOnlyAdmin, SimpleHistoryAdmin):
    list_display = ["unit", "month", "status", "submitted_by", "submitted_at", "reviewed_by"]
    list_filter = ["status", "month"]
    search_fields = ["unit__name"]
    list_select_related = ["unit", "submitted_by", "reviewed_by"]
    date_hierarchy = "month"


@admin.register(ClosedMonth)
class ClosedMonthAdmin(ReadOnlyAdmin, SimpleHistoryAdmin):
    list_display = ["month", "scope_kind", "scope_id", "closed_by", "closed_at", "reopened_at"]
    list_filter = ["month", "scope_kind"]
    list_select_related = ["closed_by"]


@admin.register(SnapshotStageCell)
class SnapshotStageCellAdmin(ReadOnlyAdmin):
    list_display = [
        "closing",
        "scope_kind",
        "scope_id",
        "stage",
        "cut",
        "cut_value",
        "entered_count",
        "entered_count_to_date",
        "exited_count_to_date",
    ]
    list_filter = ["stage", "cut"]
    list_select_related = ["closing"]
    show_full_result_count = False


@admin.register(SnapshotInvestmentCell)
class SnapshotInvestmentCellAdmin(ReadOnlyAdmin):
    list_display = [
        "closing",
        "scope_kind",
        "scope_id",
        "cut",
        "cut_value",
        "completed_investment",
        "planned_investment",
    ]
    list_filter = ["cut"]
    list_select_related = ["closing"]
    show_full_result_count = False


@admin.register(Restatement)
class RestatementAdmin(ReadOnlyAdmin):
    list_display = ["made_at", "actor", "subject", "reason"]
    search_fields = ["subject", "reason"]
    list_select_related = ["actor"]
    date_hierarchy = "made_at"
