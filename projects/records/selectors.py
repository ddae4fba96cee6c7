"""Page-level reads of the relocation lists and pages (the lists' filters and pages)."""

from django.core.paginator import Paginator

from projects.records.access import visible_merchants, visible_units
from projects.records.filters import MerchantRelocationFilter, RelocatedUnitFilter

PAGE_SIZE = 50


def _page(request, queryset):
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))


def filtered_units(request):
    """(filterset, the units it selects), for the list and its export."""
    filterset = RelocatedUnitFilter(
        request.GET, queryset=visible_units(request.user), request=request
    )
    queryset = filterset.qs.select_related("region", "platform", "enterprise", "project")
    return filterset, queryset.order_by("-relocated_on", "-id")


def filtered_merchants(request):
    filterset = MerchantRelocationFilter(
        request.GET, queryset=visible_merchants(request.user), request=request
    )
    queryset = filterset.qs.select_related("region", "platform")
    return filterset, queryset.order_by("-recorded_on", "-id")


def unit_list(request):
    filterset, queryset = filtered_units(request)
    return {"filter": filterset, "page": _page(request, queryset)}


def merchant_list(request):
    filterset, queryset = filtered_merchants(request)
    return {"filter": filterset, "page": _page(request, queryset)}
