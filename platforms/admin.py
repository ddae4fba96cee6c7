from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from platforms.models import IndustryChain, Platform, Region


@admin.register(Region)
class RegionAdmin(SimpleHistoryAdmin):
    list_display = [
        "name",
        "code",
        "level",
        "parent",
        "administrative_parent",
        "province_administered",
    ]
    list_filter = ["level", "province_administered"]
    search_fields = ["name", "code"]
    autocomplete_fields = ["parent", "administrative_parent"]
    list_select_related = ["parent", "administrative_parent"]
    readonly_fields = ["path", "depth"]


@admin.register(Platform)
class PlatformAdmin(SimpleHistoryAdmin):
    list_display = ["name", "code", "tier", "region", "parent"]
    list_filter = ["tier"]
    search_fields = ["name", "code", "region__name"]
    autocomplete_fields = ["region", "parent"]
    list_select_related = ["region", "parent"]
    readonly_fields = ["path", "depth"]


@admin.register(IndustryChain)
class IndustryChainAdmin(SimpleHistoryAdmin):
    list_display = ["name", "code", "kind", "region"]
    list_filter = ["kind"]
    search_fields = ["name", "code"]
    autocomplete_fields = ["region"]
    list_select_related = ["region"]
