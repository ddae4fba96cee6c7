"""Dashboards for officials: a scope's totals for a period, drilled down from the province."""

import csv
import datetime
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from dashboards import maps
from dashboards.charts import all_charts, key_rows, pct
from dashboards.figure_pages import figure_summary
from dashboards.links import ListLinks, project_list_url
from dashboards.rankings import MEASURES, scope_progress
from dashboards.reads import dashboard_for, time_progress
from dashboards.targets import targets_version
from platforms.models import Platform, Region
from projects import totals
from projects.access import (
    access_of,
    require_reader,
    scope_for_reader,
    scope_visible_to,
)
from projects.filters import BEHIND
from projects.models import Stage
from projects.periods import PeriodForm, PeriodKind, with_data, year_of
from projects.spreadsheet_text import csv_row
from projects.totals.reads import latest_flow_month, scope_key

PERIOD_FIELDS = list(PeriodForm.base_fields)


def dashboard_url(scope):
    if isinstance(scope, Platform):
        return reverse("dashboards:platform", args=[scope.code])
    return reverse("dashboards:region", args=[scope.code])


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """Where a user starts: staff at the projects they keep, readers at their dashboard,
    the auditor at the audit log, the other administrators (三员) at the admin and an invited
    expert (who belongs to no unit) at their score sheets."""
    access = access_of(request.user)
    if not access.can_read:
        if request.user.review_sheets.exists():
            return redirect("records:sheets")
        if request.user.has_perm("audit.view_auditevent"):
            return redirect("audit:events")
        if request.user.is_staff:
            return redirect("admin:index")
    require_reader(request.user)
    if access.can_write and not access.is_admin:
        return redirect("projects:list")
    return redirect("dashboards:home")


@login_required
@require_GET
def own_dashboard(request: HttpRequest) -> HttpResponse:
    """The user's own scope; an admin's is the province."""
    require_reader(request.user)
    scope = access_of(request.user).scope
    if scope is None:
        scope = Region.objects.filter(level=Region.Level.PROVINCE).order_by("path").first()
        if scope is None:
            raise Http404(_("尚未建立省级地区。"))
    query = request.GET.urlencode()
    return redirect(dashboard_url(scope) + (f"?{query}" if query else ""))


@login_required
@require_GET
def region_dashboard(request: HttpRequest, code: str) -> HttpResponse:
    return _dashboard_page(request, scope_for_reader(request.user, Region, code))


@login_required
@require_GET
def platform_dashboard(request: HttpRequest, code: str) -> HttpResponse:
    return _dashboard_page(request, scope_for_reader(request.user, Platform, code))


def _kind(scope):
    return "platform" if isinstance(scope, Platform) else "region"


def _card_links(scope, links):
    """Each card's list: the stock of 在谈 on the period's last day, the flows into the rest."""
    cards = {Stage.NEGOTIATING: links.stock(scope, Stage.NEGOTIATING)}
    for stage in Stage.pipeline()[1:]:
        cards[stage] = links.flow(scope, stage)
    return cards


def latest_with_data(request, scope):
    """The scope's `latest(until)` for periods.with_data, kept per recompute of the scope."""
    generation = totals.scope_generation(scope, request)
    return lambda until: latest_flow_month(scope, until, generation=generation)


def period_with_data(request, scope):
    """(form, DataPeriod): the asked period, or the latest with records when the default has none."""
    form = PeriodForm(request.GET or None)
    chosen = any(k in request.GET for k in PERIOD_FIELDS)
    latest = latest_with_data(request, scope)
    data = with_data(form.period(), latest=latest, chosen=chosen, widen=year_of)
    if data.fell_back:
        form = PeriodForm(initial={"kind": PeriodKind.YEAR, "year": data.shown.first.year})
    return form, data


def _dashboard_page(request, scope):
    form, data = period_with_data(request, scope)
    period = data.shown
    dashboard = dashboard_for(scope, period, request)
    links = ListLinks(period)
    query = urlencode([(k, v) for k, v in request.GET.items() if k in PERIOD_FIELDS])
    suffix = f"?{query}" if query else ""

    boundaries = None
    if maps.has_map(scope):
        boundaries = (reverse("dashboards:map", args=[scope.code]), maps.source_note())

    def build_charts():
        child_links = [dashboard_url(c) + suffix for c in dashboard.children]
        charts = all_charts(dashboard, child_links, links, boundaries)
        for chart in charts.values():
            chart.csv_url = suffix + ("&" if query else "?") + f"format=csv&chart={chart.name}"
        return charts

    if request.GET.get("format") == "csv":
        return _csv(build_charts(), request.GET.get("chart"), scope, period)
    access = access_of(request.user)
    card_links = _card_links(scope, links)
    year_start = datetime.date(period.last.year, 1, 1)

    def target_rows():
        rows = scope_progress(scope, period.last.year, period.last.month)
        return [
            (
                m,
                entry,
                links.flow_between(scope, m.stage, year_start, period.end) if m.stage else None,
            )
            for m, entry in zip(MEASURES, rows, strict=True)
        ]

    context = {
        "scope": scope,
        "is_platform": isinstance(scope, Platform),
        "dashboard": dashboard,
        "form": form,
        "period": period,
        "data_period": data,
        "fallback_url": data.fallback
        and "?" + urlencode({"kind": PeriodKind.YEAR, "year": data.fallback.first.year}),
        # What the template caches per recompute run is read only when it renders.
        "cache_key": [scope_key(scope), query, period.first, period.last, dashboard.generation],
        "cache_seconds": settings.FRAGMENT_CACHE_SECONDS,
        "charts": SimpleLazyObject(build_charts),
        "cards": SimpleLazyObject(lambda: [(c, card_links[c.stage]) for c in dashboard.cards]),
        "key_rows": SimpleLazyObject(lambda: key_rows(dashboard)),
        "target_rows": SimpleLazyObject(target_rows),
        "targets_version": targets_version(scope, period.last.year),
        "targets_url": reverse("dashboards:targets", args=[_kind(scope), scope.code]),
        "cohorts": SimpleLazyObject(
            lambda: [(c, links.flow(scope, c.start)) for c in dashboard.cohorts]
        ),
        "key_elapsed": pct(time_progress(period.last)),
        "breadcrumbs": [
            (place, dashboard_url(place) + suffix)
            for place in dashboard.ancestors
            if scope_visible_to(access, place)
        ],
        "project_list_url": project_list_url(scope),
        "behind_plan_url": project_list_url(scope, plan=BEHIND),
        "stalled_url": project_list_url(scope, stalled="yes"),
        "figure_summary": SimpleLazyObject(lambda: figure_summary(dashboard.figures)),
        "figures_url": reverse("dashboards:figures", args=[_kind(scope), scope.code]),
        "stalled_days": settings.DASHBOARD_STALLED_NEGOTIATION_DAYS,
        "ranking_url": reverse("dashboards:ranking", args=[_kind(scope), scope.code]),
        "merchant_totals": (
            sum(m.merchants for m in dashboard.merchants),
            sum(m.people for m in dashboard.merchants),
        ),
    }
    return render(request, "dashboards/scope.html", context)


@login_required
@require_GET
def map_boundaries(request: HttpRequest, code: str) -> HttpResponse:
    """The boundary file a dashboard's map draws (its scope's children), for a reader of it."""
    scope = scope_for_reader(request.user, Region, code)
    path = maps.boundaries_path(scope.code)
    if path is None:
        raise Http404(_("这个地区没有地图。"))
    response = FileResponse(path.open("rb"), content_type="application/json")  # noqa: SIM115 (closed by the response)
    response["Cache-Control"] = "private, max-age=86400"
    return response


def _csv(charts, name, scope, period):
    chart = charts.get(name)
    if chart is None:
        raise Http404(_("没有这个图表。"))
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    filename = f"{scope.code}_{chart.name}_{period.first:%Y%m}-{period.last:%Y%m}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")  # Excel opens UTF-8 CSV correctly only with a BOM
    csv.writer(response).writerows(csv_row(row) for row in chart.csv_rows())
    return response
