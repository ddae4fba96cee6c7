"""Filters of the promotion lists; they live in the URL (GET), like projects/filters.py."""

import django_filters as filters
from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from platforms.models import IndustryChain, Region
from projects.access import place_choices
from projects.filters import ALL, TreeFilter
from promotion.access import own_unit, visible_units
from promotion.models import ActivityKind, Actor, LeadSource, LeadStatus, ProblemKind, ProblemStatus
from promotion.services import deadlines_for

SOON = "soon"
OVERDUE = "overdue"
DUE_CHOICES = [(OVERDUE, _("已逾期（红灯）")), (SOON, _("临近或逾期（黄灯、红灯）"))]


def _units(request):
    return visible_units(request.user).order_by("name")


def _regions(request):
    return place_choices(request.user)[0]


def _platforms(request):
    return place_choices(request.user)[1]


def _soon_until(request):
    """The last deadline that is yellow today under the viewer's unit's warning days.

    (Each row's own light on the page uses its own unit's days.)
    """
    return deadlines_for(own_unit(request.user)).soon_until(timezone.localdate())


def _date_input():
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class PlaceFilters(filters.FilterSet):
    """Region and platform pickers of the user's scope, matching a subtree."""

    region = TreeFilter(label=_("地区"), queryset=_regions, method="filter_region", empty_label=ALL)
    platform = TreeFilter(
        label=_("平台"), queryset=_platforms, method="filter_platform", empty_label=ALL
    )
    region_field = "region"
    platform_field = "platform"

    def filter_region(self, queryset, name, value):
        return queryset.filter(**{f"{self.region_field}__path__startswith": value.path})

    def filter_platform(self, queryset, name, value):
        return queryset.filter(**{f"{self.platform_field}__path__startswith": value.path})


class DateRangeForm(forms.Form):
    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("结束日期不能早于开始日期。"))
        return data


def _range(field):
    return (
        filters.DateFilter(
            label=_("从"), field_name=field, lookup_expr="gte", widget=_date_input()
        ),
        filters.DateFilter(
            label=_("到"), field_name=field, lookup_expr="lte", widget=_date_input()
        ),
    )


class LeadFilter(PlaceFilters):
    q = filters.CharFilter(label=_("关键词"), method="filter_text", max_length=100)
    status = filters.ChoiceFilter(label=_("状态"), choices=LeadStatus.choices, empty_label=ALL)
    source = filters.ChoiceFilter(label=_("来源"), choices=LeadSource.choices, empty_label=ALL)
    due = filters.ChoiceFilter(
        label=_("期限"), choices=DUE_CHOICES, method="filter_due", empty_label=ALL
    )
    actor_kind = filters.ChoiceFilter(label=_("工作主体"), choices=Actor.choices, empty_label=ALL)
    chain = filters.ModelChoiceFilter(
        label=_("产业链"), queryset=IndustryChain.objects.all(), empty_label=ALL
    )
    unit = filters.ModelChoiceFilter(label=_("负责单位"), queryset=_units, empty_label=ALL)
    date_from, date_to = _range("received_on")

    class Meta:
        form = DateRangeForm
        fields = []

    def filter_text(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(title__icontains=value) | Q(enterprise__name__icontains=value))

    def filter_due(self, queryset, name, value):
        open_ = queryset.filter(status__in=LeadStatus.open(), next_due_on__isnull=False)
        if value == OVERDUE:
            return open_.filter(next_due_on__lt=timezone.localdate())
        return open_.filter(next_due_on__lte=_soon_until(self.request))


class ActivityFilter(PlaceFilters):
    q = filters.CharFilter(label=_("关键词"), method="filter_text", max_length=100)
    kind = filters.ChoiceFilter(label=_("类型"), choices=ActivityKind.choices, empty_label=ALL)
    actor_kind = filters.ChoiceFilter(label=_("工作主体"), choices=Actor.choices, empty_label=ALL)
    date_from, date_to = _range("held_on")

    class Meta:
        form = DateRangeForm
        fields = []

    def filter_text(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(title__icontains=value)
            | Q(destination__icontains=value)
            | Q(counterpart__icontains=value)
        )


class TargetFilter(PlaceFilters):
    q = filters.CharFilter(label=_("企业名称"), method="filter_text", max_length=100)
    chain = filters.ModelChoiceFilter(
        label=_("产业链"), queryset=IndustryChain.objects.all(), empty_label=ALL
    )
    level = filters.ChoiceFilter(
        label=_("清单级别"),
        field_name="region__level",
        choices=[(Region.Level.CITY, _("市级")), (Region.Level.COUNTY, _("县级"))],
        empty_label=ALL,
    )
    listed = filters.ChoiceFilter(
        label=_("在清单上"),
        choices=[("yes", _("在清单上")), ("no", _("已移出"))],
        method="filter_listed",
        empty_label=ALL,
    )

    class Meta:
        fields = []

    def filter_text(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(enterprise__name__icontains=value) if value else queryset

    def filter_listed(self, queryset, name, value):
        return queryset.filter(removed_on__isnull=value == "yes")


class ProblemFilter(PlaceFilters):
    region_field = "project__region"
    platform_field = "project__platform"

    q = filters.CharFilter(label=_("关键词"), method="filter_text", max_length=100)
    status = filters.ChoiceFilter(label=_("状态"), choices=ProblemStatus.choices, empty_label=ALL)
    due = filters.ChoiceFilter(
        label=_("期限"), choices=DUE_CHOICES, method="filter_due", empty_label=ALL
    )
    kind = filters.ChoiceFilter(label=_("问题类型"), choices=ProblemKind.choices, empty_label=ALL)
    unit = filters.ModelChoiceFilter(label=_("责任单位"), queryset=_units, empty_label=ALL)
    date_from, date_to = _range("raised_on")

    class Meta:
        form = DateRangeForm
        fields = []

    def filter_text(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(title__icontains=value)
            | Q(project__name__icontains=value)
            | Q(raised_by__icontains=value)
        )

    def filter_due(self, queryset, name, value):
        open_ = queryset.filter(status=ProblemStatus.OPEN)
        if value == OVERDUE:
            return open_.filter(due_on__lt=timezone.localdate())
        return open_.filter(due_on__lte=_soon_until(self.request))


PRIMARY = {
    "leads": ["q", "status", "source", "due"],
    "activities": ["q", "kind", "actor_kind"],
    "targets": ["q", "chain", "level", "listed"],
    "problems": ["q", "status", "due", "kind"],
}
