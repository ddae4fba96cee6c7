"""The admin for promotion work: organisation data (unit profiles, ambassadors, chain maps) is
kept here; leads, problems and activities are read here and changed on the staff pages, whose
services keep deadlines, history and conversions consistent."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from promotion.models import (
    Activity,
    Ambassador,
    ChainMap,
    FollowUp,
    Lead,
    Meeting,
    Problem,
    TargetEnterprise,
    UnitProfile,
)


@admin.register(UnitProfile)
class UnitProfileAdmin(SimpleHistoryAdmin):
    list_display = [
        "unit",
        "kind",
        "based_in",
        "first_response_days",
        "follow_up_days",
        "warning_days",
        "start_limit_days",
    ]
    list_filter = ["kind"]
    search_fields = ["unit__name"]
    list_select_related = ["unit"]


@admin.register(Ambassador)
class AmbassadorAdmin(SimpleHistoryAdmin):
    list_display = ["name", "affiliation", "region", "platform", "appointed_on", "ended_on"]
    list_filter = ["provenance"]
    search_fields = ["name", "affiliation"]
    list_select_related = ["region", "platform"]
    autocomplete_fields = ["region", "platform"]


@admin.register(ChainMap)
class ChainMapAdmin(SimpleHistoryAdmin):
    list_display = ["title", "chain", "region", "platform", "drawn_on", "updated_on"]
    list_filter = ["provenance"]
    search_fields = ["title"]
    list_select_related = ["chain", "region", "platform"]
    autocomplete_fields = ["region", "platform"]


class ReadOnlyAdmin(SimpleHistoryAdmin):
    """Shown for reference; changed through the staff pages and their services."""

    show_full_result_count = False

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class FollowUpInline(admin.TabularInline):
    model = FollowUp
    extra = 0
    can_delete = False
    fields = ["on", "note", "recorded_by", "recorded_at"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Lead)
class LeadAdmin(ReadOnlyAdmin):
    list_display = ["title", "enterprise", "source", "status", "unit", "received_on", "next_due_on"]
    list_filter = ["status", "source", "actor_kind", "provenance"]
    search_fields = ["title", "enterprise__name"]
    list_select_related = ["enterprise", "unit"]
    inlines = [FollowUpInline]


class MeetingInline(admin.TabularInline):
    model = Meeting
    extra = 0
    can_delete = False
    fields = ["enterprise", "person", "note"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Activity)
class ActivityAdmin(ReadOnlyAdmin):
    list_display = ["title", "kind", "held_on", "actor_kind", "region", "platform", "event"]
    list_filter = ["kind", "actor_kind", "provenance"]
    search_fields = ["title", "destination", "counterpart"]
    list_select_related = ["region", "platform", "event"]
    inlines = [MeetingInline]


@admin.register(TargetEnterprise)
class TargetEnterpriseAdmin(ReadOnlyAdmin):
    list_display = ["enterprise", "chain", "region", "platform", "listed_on", "removed_on"]
    list_filter = ["provenance", "region__level"]
    search_fields = ["enterprise__name"]
    list_select_related = ["enterprise", "chain", "region", "platform"]


@admin.register(Problem)
class ProblemAdmin(ReadOnlyAdmin):
    list_display = ["title", "project", "kind", "unit", "due_on", "status", "closed_on"]
    list_filter = ["status", "kind", "provenance"]
    search_fields = ["title", "project__name", "raised_by"]
    list_select_related = ["project", "unit"]
