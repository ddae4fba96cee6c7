"""Rankings of the units under a scope, the annual targets they are ranked against, and the
published figures of a scope."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dates import MONTHS
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from dashboards.figure_pages import figure_rows
from dashboards.links import ListLinks
from dashboards.rankings import BY_FIELD, MEASURES, ranking_groups, read_ranking
from dashboards.reads import read_figures
from dashboards.targets import (
    COUNT_FIELDS,
    annual_target_set,
    annual_targets_import,
    can_set_targets,
    import_headers,
    read_sheet,
    targets_of,
    yi_to_wan,
)
from dashboards.views import dashboard_url
from platforms.models import Platform, Region
from projects.access import scope_for_reader
from projects.money import WAN_PER_YI
from projects.periods import FIRST_YEAR, LAST_YEAR, Period

MODELS = {"region": Region, "platform": Platform}


def _scope(request, kind, code):
    model = MODELS.get(kind)
    if model is None:
        raise Http404(_("没有这个地区或平台。"))
    return scope_for_reader(request.user, model, code)


class RankingForm(forms.Form):
    year = forms.IntegerField(
        label=gettext_lazy("年份"), min_value=FIRST_YEAR, max_value=LAST_YEAR, required=False
    )
    month = forms.TypedChoiceField(
        label=gettext_lazy("截至月份"),
        # Blank: the current month this year, December for a past year.
        choices=[("", "—"), *MONTHS.items()],
        coerce=int,
        required=False,
    )
    measure = forms.ChoiceField(
        label=gettext_lazy("指标"), choices=[(m.field, m.label) for m in MEASURES], required=False
    )
    by = forms.ChoiceField(
        label=gettext_lazy("排序"),
        choices=[("value", gettext_lazy("按本年累计")), ("completion", gettext_lazy("按完成目标"))],
        required=False,
    )

    def __init__(self, data=None, *, today=None):
        super().__init__(data)
        self.today = today or timezone.localdate()
        # An unbound form shows the default it ranks by: this year to the current month.
        self.initial = {"year": self.today.year, "month": self.today.month}

    def chosen(self):
        """(year, last month, measure, order): this year to the current month by default; a
        past year to December."""
        data = self.cleaned_data if self.is_valid() else {}
        year = data.get("year") or self.today.year
        month = data.get("month") or (self.today.month if year == self.today.year else 12)
        measure = BY_FIELD[data.get("measure") or MEASURES[0].field]
        return year, month, measure, data.get("by") or "value"


@login_required
@require_GET
def ranking(request: HttpRequest, kind: str, code: str) -> HttpResponse:
    scope = _scope(request, kind, code)
    form = RankingForm(request.GET or None)
    year, month, measure, by = form.chosen()
    data = read_ranking(scope, year, month)
    links = ListLinks(Period(data.start, data.last))
    tables = []
    for title, places in data.groups:
        rows = []
        for entry in data.table(measure, places, by):
            link = links.flow(entry.place, measure.stage) if measure.stage else None
            rows.append((entry, link, dashboard_url(entry.place)))
        tables.append((title, rows))
    query = request.GET.copy()
    measure_links = []
    for m in MEASURES:
        query["measure"] = m.field
        measure_links.append((m, "?" + query.urlencode()))
    context = {
        "scope": scope,
        "kind": kind,
        "form": form,
        "ranking": data,
        "measure": measure,
        "measure_links": measure_links,
        "tables": tables,
        "dashboard_url": dashboard_url(scope),
        "can_set_targets": any(
            can_set_targets(request.user, p) for _t, g in data.groups for p in g
        ),
    }
    return render(request, "dashboards/ranking.html", context)


class TargetRowForm(forms.Form):
    """One unit's targets: counts, and amounts in 亿元."""

    def __init__(self, *args, place, target=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.place = place
        for field, label, kind in [(m.field, m.label, m.kind) for m in MEASURES]:
            if kind == "count":
                self.fields[field] = forms.IntegerField(label=label, min_value=0, required=False)
            else:
                self.fields[field] = forms.DecimalField(
                    label=label, min_value=0, max_digits=14, decimal_places=4, required=False
                )
            value = target.value(field) if target else None
            if value is not None and kind != "count":
                value = (value / WAN_PER_YI).normalize()
            self.initial[field] = value

    def values(self):
        return {f: (v if f in COUNT_FIELDS else yi_to_wan(v)) for f, v in self.cleaned_data.items()}


class TargetsYearForm(forms.Form):
    year = forms.IntegerField(
        label=gettext_lazy("年份"), min_value=FIRST_YEAR, max_value=LAST_YEAR, required=False
    )


class TargetsImportForm(forms.Form):
    year = forms.IntegerField(label=gettext_lazy("年份"), min_value=FIRST_YEAR, max_value=LAST_YEAR)
    file = forms.FileField(label=gettext_lazy("目标表（.xlsx 或 .csv）"))


def _year(request):
    form = TargetsYearForm(request.GET or None)
    year = form.cleaned_data.get("year") if form.is_valid() else None
    return year or timezone.localdate().year


def _settable(request, scope):
    """The units under `scope` whose targets the user may set (403 when none)."""
    places = [p for _t, group in ranking_groups(scope) for p in group]
    settable = [p for p in places if can_set_targets(request.user, p)]
    if not settable:
        raise PermissionDenied(_("您不能设定这些单位的目标：目标由上级单位的工作人员设定。"))
    return settable


@login_required
@require_http_methods(["GET", "POST"])
def targets(request: HttpRequest, kind: str, code: str) -> HttpResponse:
    """The year's targets of the units under `scope`: readers see them, the level above sets them."""
    scope = _scope(request, kind, code)
    year = _year(request)
    places = [p for _t, group in ranking_groups(scope) for p in group]
    existing = targets_of(places, year)
    editable = [p for p in places if can_set_targets(request.user, p)]
    if request.method == "POST":
        editable = _settable(request, scope)
    rows = [
        TargetRowForm(
            request.POST if request.method == "POST" and p in editable else None,
            place=p,
            target=existing.get(("platform" if isinstance(p, Platform) else "region", p.pk)),
            prefix=f"{'p' if isinstance(p, Platform) else 'r'}{p.pk}",
        )
        for p in places
    ]
    if request.method == "POST":
        bound = [r for r in rows if r.is_bound]
        if all(r.is_valid() for r in bound):
            for row in bound:
                annual_target_set(
                    actor=request.user, scope=row.place, year=year, values=row.values()
                )
            messages.success(request, _("已保存%(year)s年目标。") % {"year": year})
            return redirect(request.get_full_path())
    context = {
        "scope": scope,
        "kind": kind,
        "year": year,
        "rows": [(r, r.place in editable) for r in rows],
        "measures": MEASURES,
        "can_edit": bool(editable),
        "import_form": TargetsImportForm(initial={"year": year}),
        "headers": import_headers(),
        "dashboard_url": dashboard_url(scope),
        "ranking_url": reverse("dashboards:ranking", args=[kind, scope.code]) + f"?year={year}",
    }
    return render(request, "dashboards/targets.html", context)


@login_required
@require_POST
def targets_import(request: HttpRequest, kind: str, code: str) -> HttpResponse:
    """Set the targets of the units under `scope` from a sheet, all or nothing."""
    scope = _scope(request, kind, code)
    settable = _settable(request, scope)
    form = TargetsImportForm(request.POST, request.FILES)
    back = reverse("dashboards:targets", args=[kind, scope.code])
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect(back)
    year = form.cleaned_data["year"]
    places = {p.code: p for p in settable}
    try:
        rows = read_sheet(form.cleaned_data["file"])
        saved = annual_targets_import(
            actor=request.user, parent=scope, year=year, rows=rows, places=places
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect(f"{back}?year={year}")
    messages.success(
        request, _("已导入%(n)s个单位的%(year)s年目标。") % {"n": len(saved), "year": year}
    )
    return redirect(f"{back}?year={year}")


@login_required
@require_GET
def figures(request: HttpRequest, kind: str, code: str) -> HttpResponse:
    """The published figures of a scope and everything under it, each against its check."""
    scope = _scope(request, kind, code)
    rows = figure_rows(read_figures(scope))
    context = {"scope": scope, "rows": rows, "dashboard_url": dashboard_url(scope)}
    return render(request, "dashboards/figures.html", context)
