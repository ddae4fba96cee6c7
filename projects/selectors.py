"""Page-level reads: each returns what one page shows, in a fixed number of queries."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.paginator import Paginator
from django.db import connection
from django.db.models import Case, Count, F, Q, Sum, Value, When, Window
from django.db.models.functions import Coalesce, RowNumber
from django.utils.translation import gettext as _

from platforms.models import Platform, Region
from projects import search, totals
from projects.access import access_of, place_contains, visible_events, visible_projects
from projects.filters import NOT_KEY, ProjectFilter
from projects.models import (
    STAGE_DATE_FIELDS,
    AnnualPlan,
    Cut,
    Enterprise,
    InvestmentReport,
    Project,
    Stage,
    StaleMark,
)
from projects.money import format_yi_exact
from projects.services import EDITABLE_FIELDS

PAGE_SIZE = 25
CARDS_PER_COLUMN = 8
HISTORY_LIMIT = 60
BOARD_STAGES = [*Stage.pipeline(), Stage.TERMINATED]


# What a project's row in a list, or its card on the board, shows.
ROW_FIELDS = [
    *("code", "name", "provenance", "stage", "total_investment", "signed_on", "updated_at"),
    *("investor", "investor__name", "region", "region__name", "platform", "platform__name"),
]


def project_rows(queryset):
    """The columns a project row or card shows, in one query."""
    return queryset.select_related("investor", "region", "platform").only(*ROW_FIELDS)


def filtered_projects(request):
    """The user's projects narrowed by the filters in the URL: (filterset, queryset)."""
    filterset = ProjectFilter(request.GET, queryset=visible_projects(request.user), request=request)
    return filterset, filterset.qs


def project_list(request):
    filterset, queryset = filtered_projects(request)
    totals = _list_totals(request, filterset, queryset)
    rows = project_rows(queryset).annotate(entered_on=_current_stage_date())
    paginator = Paginator(rows, PAGE_SIZE)
    # The totals already counted the rows; no second COUNT for the paginator.
    paginator.count = totals["count"]
    page = paginator.get_page(request.GET.get("page"))
    terms = search.terms_of(getattr(filterset.form, "cleaned_data", {}).get("q") or "")
    return {"filter": filterset, "page": page, "totals": totals, "search_terms": terms}


@dataclass
class Column:
    stage: Stage
    count: int = 0
    investment: Decimal = Decimal(0)
    cards: list = field(default_factory=list)

    @property
    def more(self):
        return self.count - len(self.cards)


def _latest_in(queryset, stage, n):
    """The `n` projects that entered `stage` (their current one) last, newest first.

    A project in a stage entered it on that stage's date, so each column walks the
    index on its own date column backwards and stops after `n` rows.
    """
    entered = STAGE_DATE_FIELDS[stage]
    return (
        queryset.filter(stage=stage.value, **{f"{entered}__isnull": False})
        .order_by(F(entered).desc(), F("pk").desc())
        .values_list("pk", flat=True)[:n]
    )


def project_board(request, per_column=CARDS_PER_COLUMN):
    """A column per stage with count, total and the first cards, in a few queries."""
    filterset, queryset = filtered_projects(request)
    columns = {stage: Column(stage) for stage in BOARD_STAGES}
    for stage, (count, investment) in _column_totals(request, filterset, queryset).items():
        columns[stage].count, columns[stage].investment = count, investment
    for project in _board_cards(
        queryset, [c.stage for c in columns.values() if c.count], per_column
    ):
        columns[Stage(project.stage)].cards.append(project)
    for column in columns.values():
        column.cards.sort(key=lambda p: (p.entered_on, p.pk), reverse=True)
    return {"filter": filterset, "columns": list(columns.values())}


def _list_totals(request, filterset, queryset):
    """{"count", "investment"} of the filtered projects: the kept stocks summed over the
    stages when they can be read (see kept_slice), else counted."""
    kept = kept_slice(request, filterset)
    if kept is None:
        return queryset.totals()
    stocks = totals.stocks_now(*kept).values()
    return {
        "count": sum(t.count for t in stocks),
        "investment": sum((t.investment for t in stocks), Decimal(0)),
    }


def _column_totals(request, filterset, queryset):
    """{stage: (count, 万元)} of the filtered projects.

    When the filters select exactly what one kept slice of the totals holds (see
    kept_slice), these are its current stocks, a read of a few hundred rows; otherwise
    the projects are counted, which at a million rows takes a third of a second.
    """
    kept = kept_slice(request, filterset)
    if kept is not None:
        return {stage: (t.count, t.investment) for stage, t in totals.stocks_now(*kept).items()}
    rows = queryset.order_by().values("stage").annotate(n=Count("*"), s=Sum("total_investment"))
    return {Stage(row["stage"]): (row["n"], row["s"] or Decimal(0)) for row in rows}


# Filters that order the projects without narrowing them.
UNNARROWING_FILTERS = {"o"}
# Filters the kept totals are cut by (projects/totals/reads.py CUTS): with one place, one of
# them selects exactly one cut value's cells. Projects that are not key ones have no cell of
# the key-level cut, so "一般项目" is counted.
CUT_FILTERS = {"origin": Cut.ORIGIN, "category": Cut.CATEGORY, "key_level": Cut.KEY_LEVEL}
UNCUT_VALUES = {"key_level": NOT_KEY}


def kept_slice(request, filterset):
    """(place, totals.Slice) when the filters select exactly the projects of one region or
    platform, or of one cut value of it (one origin, category or key level), and the place's
    stage totals are current; None when the projects must be counted.

    The list, the board and anything else that shows counts of filtered projects ask this
    one question, so a page reads the totals exactly when they equal the count.
    """
    chosen = _filtered_slice(request.user, filterset)
    if chosen is None or not _stage_totals_current(request, chosen[0]):
        return None
    return chosen


def _filtered_slice(user, filterset):
    if not filterset.is_valid():
        return None
    data = filterset.form.cleaned_data
    given = {k: v for k, v in data.items() if k not in UNNARROWING_FILTERS and v not in (None, "")}
    cuts = [k for k in given if k in CUT_FILTERS]
    if any(k not in ("region", "platform", *CUT_FILTERS) for k in given) or len(cuts) > 1:
        return None
    slice_ = totals.WHOLE
    if cuts:
        name = cuts[0]
        if given[name] == UNCUT_VALUES.get(name):
            return None
        slice_ = totals.Slice(CUT_FILTERS[name], [given[name]])
    place = _filtered_place(user, data)
    return None if place is None else (place, slice_)


def _filtered_place(user, data):
    """The region or platform whose projects the place filters select, when they select
    exactly one's: the user's scope narrowed by the region and platform filters."""
    places = [p for p in (access_of(user).scope, data.get("region"), data.get("platform")) if p]
    if not places:  # an admin, unfiltered: the root region, if projects have only one
        places = list(Region.objects.filter(parent=None).exclude(level=Region.Level.ORIGIN)[:2])
        if len(places) != 1:
            return None
    for place in places:
        if all(place_contains(other, place) for other in places):
            return place
    return None


def _stage_totals_current(request, place):
    """Whether the place's stage totals were computed and no change since awaits a recompute."""
    status = totals.totals_status(request)
    if status["finished_at"] is None:
        return False
    if not status["stale"]:
        return True
    kind, pk = totals.scope_key(place)
    pending = StaleMark.objects.filter(
        scope_kind=kind, scope_id=pk, source__in=[StaleMark.Source.ALL, StaleMark.Source.STAGE]
    )
    return not pending.exists()


def _board_cards(queryset, stages, per_column):
    """The newest cards of each stage, in two queries on PostgreSQL and one on SQLite (only
    stages with projects: a stage the filter excludes would walk its whole date index for
    nothing)."""
    if not stages:
        return []
    if connection.features.supports_slicing_ordering_in_compound:
        # The ids first, then their rows: a union of bare index walks and one lookup by id
        # plan in a fraction of the time a union of joined rows takes.
        parts = [_latest_in(queryset, stage, per_column) for stage in stages]
        ids = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
        rows = project_rows(Project.objects.filter(pk__in=list(ids)))
        return rows.annotate(entered_on=_current_stage_date())
    # SQLite cannot LIMIT the parts of a UNION: number the rows per stage instead.
    ranked = project_rows(queryset).annotate(
        entered_on=_current_stage_date(),
        rank=Window(
            RowNumber(),
            partition_by=[F("stage")],
            order_by=[_current_stage_date().desc(), F("pk").desc()],
        ),
    )
    return ranked.filter(rank__lte=per_column)


def _current_stage_date():
    """The date a project entered its current stage: the latest one set."""
    order = [Stage.TERMINATED, *reversed(Stage.pipeline())]
    return Coalesce(*[F(STAGE_DATE_FIELDS[s]) for s in order])


# ---------------------------------------------------------------- detail


@dataclass
class Change:
    label: str
    old: str
    new: str


@dataclass
class HistoryItem:
    when: datetime.datetime
    who: object
    what: str
    kind: str
    changes: list
    note: str = ""  # the record's change reason: an import's file, a change of chains


def project_detail(project):
    """Everything the detail page shows about one project."""
    from projects.records.leaders import leaderships_of
    from projects.records.reviews import project_reviews
    from projects.records.schedule import project_schedule

    reports = list(project.investment_reports.select_related("reported_by").order_by("month"))
    plans = list(project.annual_plans.order_by("year"))
    return {
        **project_schedule(project),
        "leaderships": leaderships_of(project),
        "reviews": project_reviews(project),
        "documents": list(
            project.documents.select_related("stage_entry", "uploaded_by").order_by("-uploaded_at")
        ),
        "project": project,
        "chains": list(project.chains.all()),
        "timeline": stage_timeline(project),
        "entries": list(project.stage_entries.select_related("recorded_by")),
        "corrections": list(project.corrections.select_related("corrected_by")),
        "years": investment_by_year(reports, plans),
        "events": list(project.events.select_related("region", "platform")),
        "history": project_history(project),
    }


def stage_timeline(project):
    """(stage, date) for every pipeline stage, plus termination when it happened."""
    stages = Stage.pipeline() + ([Stage.TERMINATED] if project.terminated_on else [])
    return [(stage, project.stage_date(stage)) for stage in stages]


@dataclass
class YearOfInvestment:
    year: int
    plan: Decimal | None
    months: list  # (month date, completed 万元 or None, cumulative 万元)
    completed: Decimal

    @property
    def percent(self):
        if not self.plan:
            return None
        return (self.completed / self.plan * 100).quantize(Decimal("0.1"))


def investment_by_year(reports, plans):
    """Completed investment month by month against each year's plan, newest year first."""
    plan_of = {p.year: p.planned_investment for p in plans}
    done = {r.month: r.completed_investment for r in reports}
    years = sorted({m.year for m in done} | set(plan_of), reverse=True)
    result = []
    for year in years:
        cumulative, months = Decimal(0), []
        for month in range(1, 13):
            day = datetime.date(year, month, 1)
            amount = done.get(day)
            cumulative += amount or 0
            months.append((day, amount, cumulative))
        result.append(YearOfInvestment(year, plan_of.get(year), months, cumulative))
    return result


def project_history(project, limit=HISTORY_LIMIT):
    """Who changed what (old → new) and when: the project, its plans and its reports."""
    records = list(
        project.history.select_related("history_user").order_by("-history_date", "-history_id")[
            : limit + 1
        ]
    )
    plan_records = list(
        AnnualPlan.history.filter(project_id=project.pk)
        .select_related("history_user")
        .order_by("history_date", "history_id")[: limit * 4]
    )
    report_records = list(
        InvestmentReport.history.filter(project_id=project.pk)
        .select_related("history_user")
        .order_by("history_date", "history_id")[: limit * 4]
    )
    items = _project_items(records, limit)
    items += _child_items(plan_records, lambda r: _("%(year)s年度计划投资") % {"year": r.year})
    items += _child_items(
        report_records, lambda r: _("%(month)s完成投资") % {"month": f"{r.month:%Y-%m}"}
    )
    items.sort(key=lambda item: item.when, reverse=True)
    return items[:limit]


HIDDEN_HISTORY_FIELDS = {"version", "created_by"}


def _project_items(records, limit):
    """Diff each project record against the one before it, resolving references in bulk."""
    pairs = list(zip(records, records[1:], strict=False))
    if records and len(records) <= limit:
        pairs.append((records[-1], None))  # the creation: nothing before it
    deltas = [(new, _delta(new, old)) for new, old in pairs]
    names = _referenced_names([c for _new, changes in deltas for c in changes])
    items = []
    for new, changes in deltas:
        rows = [
            Change(
                str(Project._meta.get_field(c.field).verbose_name),
                display_value(Project, c.field, c.old, names),
                display_value(Project, c.field, c.new, names),
            )
            for c in changes
        ]
        items.append(history_item(new, _("项目信息"), rows))
    return items


# What a creation record shows: the values the project was entered with.
CREATION_FIELDS = [
    "name",
    "investor",
    "origin",
    "region",
    "platform",
    "total_investment",
    "negotiating_on",
    "signed_on",
]


def _delta(new, old):
    if old is not None:
        return new.diff_against(old, excluded_fields=HIDDEN_HISTORY_FIELDS).changes
    values = [
        (name, getattr(new, Project._meta.get_field(name).attname)) for name in CREATION_FIELDS
    ]
    return [_Ref(name, None, value) for name, value in values if value not in (None, "")]


def _child_items(records, describe):
    """History of plans or reports: each record against the previous one of the same row."""
    last, items = {}, []
    for record in records:
        before = last.get(record.id)
        amount_field = (
            "planned_investment"
            if hasattr(record, "planned_investment")
            else "completed_investment"
        )
        old = display_amount(getattr(before, amount_field)) if before else "—"
        new = "—" if record.history_type == "-" else display_amount(getattr(record, amount_field))
        if old != new:
            items.append(history_item(record, describe(record), [Change(_("金额"), old, new)]))
        last[record.id] = record
    return items


def history_item(record, what, changes):
    """One simple-history record as the history lists show it (projects and promotion)."""
    kinds = {"+": _("创建"), "~": _("修改"), "-": _("删除")}
    return HistoryItem(
        when=record.history_date,
        who=record.history_user,
        what=what,
        kind=kinds.get(record.history_type, record.history_type),
        changes=changes,
        note=record.history_change_reason or "",
    )


REFERENCES = {"investor": Enterprise, "region": Region, "platform": Platform}


def _referenced_names(changes):
    """{(model, pk): name} for every investor, region or platform a diff mentions."""
    wanted = {}
    for change in changes:
        model = REFERENCES.get(change.field)
        if model is not None:
            wanted.setdefault(model, set()).update(v for v in (change.old, change.new) if v)
    names = {}
    for model, pks in wanted.items():
        for pk, name in model.objects.filter(pk__in=pks).values_list("pk", "name"):
            names[(model, pk)] = name
    return names


def display_value(model, name, value, names=None):
    """A field's stored value as people read it: labels, names, 亿元, dates."""
    if value is None or value == "":
        return "—"
    field_ = model._meta.get_field(name)
    if field_.choices:
        return str(dict(field_.flatchoices).get(value, value))
    if name in REFERENCES:
        pk = getattr(value, "pk", value)
        return (names or {}).get((REFERENCES[name], pk), f"#{pk}")
    if isinstance(value, bool):
        return _("是") if value else _("否")
    if isinstance(value, Decimal):
        return display_amount(value)
    return str(value)


def display_amount(wan):
    if wan is None:
        return "—"
    return _("%(yi)s亿元（%(wan)s万元）") % {"yi": format_yi_exact(wan), "wan": f"{wan:,}"}


def conflict_changes(changes):
    """ConcurrentEditError.changes as rows: (field label, your starting value, their saved value)."""
    wanted = [_Ref(c.name, c.old, c.new) for c in changes if c.name in REFERENCES]
    names = _referenced_names(wanted)
    return [
        Change(
            c.label,
            display_value(Project, c.name, c.old, names),
            display_value(Project, c.name, c.new, names),
        )
        for c in changes
    ]


@dataclass
class _Ref:
    field: str
    old: object
    new: object


def edit_baseline(project, started_from):
    """The editable values an edit form started from: the project now, or as it was then.

    After a conflict the form carries the version first opened; the history record
    of that version tells which fields the user changed since (ids for references).
    """
    source = project
    if started_from and started_from != project.version:
        record = (
            project.history.filter(version=started_from)
            .order_by("-history_date", "-history_id")
            .first()
        )
        source = record or project
    fields = [Project._meta.get_field(name) for name in EDITABLE_FIELDS]
    return {f.name: getattr(source, f.attname) for f in fields}


# ---------------------------------------------------------------- events


def event_list(user):
    """The user's events, each with the count and total of the projects the user may see."""
    mine = Q(projects__in=visible_projects(user))
    return (
        visible_events(user)
        .select_related("region", "platform")
        .annotate(
            project_count=Count("projects", filter=mine),
            investment=Sum("projects__total_investment", filter=mine),
        )
        .order_by("-held_on", "name")
    )


def _pipeline_order():
    return Case(
        *[When(stage=stage.value, then=Value(i)) for i, stage in enumerate(BOARD_STAGES)],
        default=Value(len(BOARD_STAGES)),
    )


def event_detail(user, event, page_number=None):
    """The event's projects in the user's scope: totals by stage and one page of rows."""
    projects = visible_projects(user).filter(events=event)
    by_stage = {
        row["stage"]: (row["n"], row["s"] or Decimal(0))
        for row in projects.order_by()
        .values("stage")
        .annotate(n=Count("pk"), s=Sum("total_investment"))
    }
    rows = project_rows(projects).order_by(_pipeline_order(), "-total_investment", "pk")
    page = Paginator(rows, PAGE_SIZE * 2).get_page(page_number)
    page.paginator.count = sum(n for n, _amount in by_stage.values())
    return {
        "event": event,
        "page": page,
        "count": page.paginator.count,
        "investment": sum((amount for _n, amount in by_stage.values()), Decimal(0)),
        "by_stage": [(s, *by_stage[s]) for s in BOARD_STAGES if s in by_stage],
    }


def attachable_events(user, project):
    """Events the user may see that the project is not yet part of."""
    return (
        visible_events(user)
        .exclude(projects=project)
        .select_related("region")
        .order_by("-held_on", "name")
    )


def enterprise_names(user, text, limit=15):
    """Names (and origins) of the enterprises matching `text` that invest in a project the
    user may see: the suggestions never reveal another unit's investors."""
    text = " ".join(text.split())[:100]
    if not text:
        return []
    enterprises = Enterprise.objects.filter(name__icontains=text)
    if not access_of(user).is_admin:
        enterprises = enterprises.filter(pk__in=visible_projects(user).values("investor_id"))
    return list(enterprises.order_by("name").values_list("name", "origin")[:limit])
