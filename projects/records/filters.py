"""Filters of the relocation lists; they live in the URL (GET), like projects/filters.py."""

import django_filters as filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from projects.access import place_choices
from projects.filters import ALL, TreeFilter
from projects.models import Origin, RelocatedUnit
from projects.models.records import InstitutionType

UNTYPED = "none"  # units recorded before the type was kept: "" cannot be told from "any"

PRIMARY = {
    "units": ["q", "kind", "institution_type", "origin", "region", "platform"],
    "merchants": ["q", "origin", "region", "platform"],
}


def _regions(request):
    return place_choices(request.user)[0]


def _platforms(request):
    return place_choices(request.user)[1]


def _date_input():
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class DateRangeForm(forms.Form):
    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("结束日期不能早于开始日期。"))
        return data


class DestinationFilters(filters.FilterSet):
    """Where the record landed (转入地区 / 平台), a subtree of the user's scope, and when."""

    origin = filters.ChoiceFilter(label=_("转出地"), choices=Origin.choices, empty_label=ALL)
    region = TreeFilter(
        label=_("转入地区"), queryset=_regions, method="filter_region", empty_label=ALL
    )
    platform = TreeFilter(
        label=_("转入平台"), queryset=_platforms, method="filter_platform", empty_label=ALL
    )

    def filter_region(self, queryset, name, value):
        return queryset.filter(region__path__startswith=value.path)

    def filter_platform(self, queryset, name, value):
        return queryset.filter(platform__path__startswith=value.path)


class RelocatedUnitFilter(DestinationFilters):
    q = filters.CharFilter(label=_("关键词"), method="filter_text", max_length=100)
    kind = filters.ChoiceFilter(
        label=_("单位类型"), choices=RelocatedUnit.Kind.choices, empty_label=ALL
    )
    institution_type = filters.ChoiceFilter(
        label=_("机构类别"),
        choices=[*InstitutionType.choices, (UNTYPED, _("未填"))],
        method="filter_institution_type",
        empty_label=ALL,
    )
    date_from = filters.DateFilter(
        label=_("转入日期从"), field_name="relocated_on", lookup_expr="gte", widget=_date_input()
    )
    date_to = filters.DateFilter(
        label=_("转入日期到"), field_name="relocated_on", lookup_expr="lte", widget=_date_input()
    )

    class Meta:
        form = DateRangeForm
        fields = []

    def filter_text(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(name__icontains=value)
            | Q(enterprise__name__icontains=value)
            | Q(project__name__icontains=value)
            | Q(project__code=value)
        )

    def filter_institution_type(self, queryset, name, value):
        return queryset.filter(institution_type="" if value == UNTYPED else value)


class MerchantRelocationFilter(DestinationFilters):
    q = filters.CharFilter(label=_("原批发市场"), method="filter_text", max_length=100)
    date_from = filters.DateFilter(
        label=_("统计日期从"), field_name="recorded_on", lookup_expr="gte", widget=_date_input()
    )
    date_to = filters.DateFilter(
        label=_("统计日期到"), field_name="recorded_on", lookup_expr="lte", widget=_date_input()
    )

    class Meta:
        form = DateRangeForm
        fields = []

    def filter_text(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(source_market__icontains=value) if value else queryset
