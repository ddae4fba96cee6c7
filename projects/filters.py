"""The project filters shared by the list and the board; they live in the URL (GET)."""

from decimal import Decimal

import django_filters as filters
from django import forms
from django.db import connection
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _

from platforms.models import IndustryChain, Platform, Region
from projects import search
from projects.access import access_of, place_choices, visible_events
from projects.models import Category, Event, KeyLevel, Origin, Stage
from projects.money import WAN_PER_YI
from projects.totals.reads import scope_key
from projects.widgets import use_fast_selects

ALL = _("全部")


def _label(template, **values):
    return gettext(template) % {k: str(v) for k, v in values.items()}


_lazy_label = lazy(_label, str)
NOT_KEY = "none"  # KeyLevel.NONE is "", which a GET form cannot tell from "any"
BEHIND = "behind"  # projects past a planned date (QuerySet.behind_plan)
NOT_JINGJIN = "not_jingjin"  # every origin but 北京 and 天津, as the dashboards group them
BEYOND = "+"  # stage_on "signed+": at that stage or a later one on the day
STAGE_ON_CHOICES = [(s.value, s.label) for s in Stage] + [
    (s.value + BEYOND, _lazy_label("%(stage)s及以后", stage=s.label)) for s in Stage.pipeline()
]


class TreeChoiceField(forms.ModelChoiceField):
    """A region or platform picker indented by depth, so the tree reads at a glance."""

    def label_from_instance(self, obj):
        return "\u3000" * obj.depth + obj.name


class TreeFilter(filters.ModelChoiceFilter):
    field_class = TreeChoiceField


def source_districts():
    """Beijing's and Tianjin's districts, the choices of a project's source district."""
    return (
        Region.objects.filter(level=Region.Level.ORIGIN, parent__isnull=False)
        .select_related("parent")
        .order_by("code")
    )


class SourceDistrictField(forms.ModelChoiceField):
    """A district shown with its city (北京市·海淀区)."""

    def label_from_instance(self, obj):
        return f"{obj.parent.name}·{obj.name}"


def _regions(request):
    return place_choices(request.user)[0]


def _platforms(request):
    return place_choices(request.user)[1]


def _events(request):
    return visible_events(request.user).order_by("-held_on", "name")


def _date_input():
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _amount_filter(label, lookup):
    return filters.NumberFilter(
        label=label,
        method=f"filter_investment_{lookup}",
        min_value=0,
        max_digits=12,
        decimal_places=4,
        widget=forms.NumberInput(attrs={"step": "any", "min": 0}),
    )


class ProjectFilterForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        use_fast_selects(self)  # a couple of hundred options: see projects/widgets.py

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if (start or end) and not data.get("date_stage"):
            self.add_error("date_stage", _("按日期筛选时请选择阶段。"))
        if start and end and start > end:
            self.add_error("date_to", _("结束日期不能早于开始日期。"))
        if bool(data.get("stage_on")) != bool(data.get("on")):
            self.add_error("on", _("按某日所处阶段筛选时请同时选择阶段和日期。"))
        return data


class SourceDistrictFilter(filters.ModelChoiceFilter):
    field_class = SourceDistrictField


class ProjectFilter(filters.FilterSet):
    q = filters.CharFilter(label=_("关键词"), method="filter_text", max_length=100)
    region = TreeFilter(label=_("地区"), queryset=_regions, method="filter_region", empty_label=ALL)
    platform = TreeFilter(
        label=_("承接平台"), queryset=_platforms, method="filter_platform", empty_label=ALL
    )
    stage = filters.ChoiceFilter(label=_("当前阶段"), choices=Stage.choices, empty_label=ALL)
    chain = filters.ModelChoiceFilter(
        label=_("产业链"),
        field_name="chains",
        queryset=IndustryChain.objects.all(),
        empty_label=ALL,
    )
    origin = filters.ChoiceFilter(
        label=_("来源地"),
        choices=[*Origin.choices, (NOT_JINGJIN, _("京津以外"))],
        method="filter_origin",
        empty_label=ALL,
    )
    source_district = SourceDistrictFilter(
        label=_("来源区"), queryset=lambda request: source_districts(), empty_label=ALL
    )
    category = filters.ChoiceFilter(label=_("项目类别"), choices=Category.choices, empty_label=ALL)
    key_level = filters.ChoiceFilter(
        label=_("重点项目级别"),
        choices=[
            (KeyLevel.PROVINCIAL, KeyLevel.PROVINCIAL.label),
            (KeyLevel.MUNICIPAL, KeyLevel.MUNICIPAL.label),
            (NOT_KEY, KeyLevel.NONE.label),
        ],
        method="filter_key_level",
        empty_label=ALL,
    )
    strategic_emerging = filters.ChoiceFilter(
        label=_("战略性新兴产业"),
        choices=[("yes", _("是")), ("no", _("否"))],
        method="filter_strategic",
        empty_label=ALL,
    )
    event = filters.ModelChoiceFilter(
        label=_("活动"), field_name="events", queryset=_events, empty_label=ALL
    )
    plan = filters.ChoiceFilter(
        label=_("计划进度"),
        choices=[(BEHIND, _("滞后于计划"))],
        method="filter_plan",
        empty_label=ALL,
    )
    stalled = filters.ChoiceFilter(
        label=_("停滞洽谈"),
        choices=[("yes", _("仅看停滞的洽谈"))],
        method="filter_stalled",
        empty_label=ALL,
    )
    min_yi = _amount_filter(_("总投资不低于（亿元）"), "gte")
    max_yi = _amount_filter(_("总投资不高于（亿元）"), "lte")
    stage_on = filters.ChoiceFilter(
        label=_("某日所处阶段"),
        choices=STAGE_ON_CHOICES,
        method="filter_nothing",
        empty_label="—",
    )
    on = filters.DateFilter(label=_("日期"), method="filter_nothing", widget=_date_input())
    date_stage = filters.ChoiceFilter(
        label=_("阶段日期"), choices=Stage.choices, method="filter_nothing", empty_label="—"
    )
    date_from = filters.DateFilter(label=_("从"), method="filter_nothing", widget=_date_input())
    date_to = filters.DateFilter(label=_("到"), method="filter_nothing", widget=_date_input())
    o = filters.OrderingFilter(
        label=_("排序"),
        empty_label=_("默认（最近录入）"),
        fields=[
            ("name", "name"),
            ("total_investment", "investment"),
            ("negotiating_on", "negotiating"),
            ("signed_on", "signed"),
            ("landed_on", "landed"),
            ("started_on", "started"),
            ("created_at", "created"),
        ],
        field_labels={
            "name": _("项目名称"),
            "total_investment": _("总投资"),
            "negotiating_on": _("洽谈日期"),
            "signed_on": _("签约日期"),
            "landed_on": _("落地日期"),
            "started_on": _("开工日期"),
            "created_at": _("录入时间"),
        },
    )

    class Meta:
        form = ProjectFilterForm
        fields = []

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        data = self.form.cleaned_data
        stage = data.get("date_stage")
        if stage and "date_stage" not in self.form.errors:
            queryset = queryset.reached(stage, data.get("date_from"), data.get("date_to"))
        stage_on, on = data.get("stage_on"), data.get("on")
        if stage_on and on:
            if stage_on.endswith(BEYOND):
                queryset = queryset.at_or_beyond(stage_on.removesuffix(BEYOND), on)
            else:
                queryset = queryset.at(stage_on, on)
        ordering = data.get("o")
        if not ordering and search.terms_of(data.get("q") or ""):
            return search.ranked(queryset, data["q"])
        if not ordering:
            return queryset.order_by("-created_at", "-id")
        # Ties (equal amounts, one signing day) keep one order, so pages neither repeat
        # nor skip rows; Postgres sorts each tie within its index walk (incremental sort).
        return queryset.order_by(
            *queryset.query.order_by, "-id" if ordering[-1][0] == "-" else "id"
        )

    def filter_nothing(self, queryset, name, value):
        # The stage-date range needs all three fields together: see filter_queryset.
        return queryset

    def filter_text(self, queryset, name, value):
        return search.matching(queryset, value)

    def filter_region(self, queryset, name, value):
        return queryset.filter(region__path__startswith=value.path)

    def filter_platform(self, queryset, name, value):
        return queryset.filter(platform__path__startswith=value.path)

    def filter_stalled(self, queryset, name, value):
        return queryset.stalled() if value == "yes" else queryset

    def filter_origin(self, queryset, name, value):
        if value == NOT_JINGJIN:
            return queryset.exclude(origin__in=Origin.jingjin())
        return queryset.filter(origin=value)

    def filter_key_level(self, queryset, name, value):
        return queryset.filter(key_level=KeyLevel.NONE if value == NOT_KEY else value)

    def filter_strategic(self, queryset, name, value):
        return queryset.filter(strategic_emerging=value == "yes")

    def filter_plan(self, queryset, name, value):
        return queryset.behind_plan(timezone.localdate())

    def filter_investment_gte(self, queryset, name, value):
        return queryset.filter(total_investment__gte=Decimal(value) * WAN_PER_YI)

    def filter_investment_lte(self, queryset, name, value):
        return queryset.filter(total_investment__lte=Decimal(value) * WAN_PER_YI)


def choices_version():
    """Names the state of what the pickers offer (places, chains, events) by their audit
    history and their counts (loaddata writes no history), in one query."""
    parts = []
    for model in (Region, Platform, IndustryChain, Event):
        history = model.history.model._meta.db_table
        parts += [f"(SELECT COUNT(*) FROM {model._meta.db_table})"]
        parts += [f"(SELECT MAX(history_id) FROM {history})"]
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {', '.join(parts)}")
        return ".".join(str(value) for value in cursor.fetchone())


def filter_bar_key(request):
    """What the rendered filter bar depends on: the user's scope (its pickers), what the
    pickers offer, and the filters in the URL (its values and errors)."""
    scope = access_of(request.user).scope
    params = sorted((k, v) for k, v in request.GET.lists() if k != "page")
    return repr((scope_key(scope) if scope else "all", choices_version(), params))


# django-filter ships a zh_CN catalogue but none for zh-hans, so the strings of its
# that can reach a page are listed here for makemessages to put in ours.
DJANGO_FILTER_STRINGS = (
    gettext_noop("%s (descending)"),
    gettext_noop("Ordering"),
    gettext_noop("Multiple values may be separated by commas."),
    gettext_noop("Range query expects two values."),
    gettext_noop("Select a lookup."),
    gettext_noop("All"),
    gettext_noop("Today"),
    gettext_noop("Yesterday"),
    gettext_noop("Past 7 days"),
    gettext_noop("This month"),
    gettext_noop("This year"),
)

# Shown in the filter bar's first row; the rest fold under "more filters".
PRIMARY_FILTERS = ["q", "region", "platform", "stage"]
