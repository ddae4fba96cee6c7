"""Recomputing the totals tables with set-based SQL, and reading them.

Every total is built in three steps inside one statement: the source rows
(one per project and dated move, report, plan or event membership), sliced by
the cuts the articles use, and rolled up from each project's own region and
platform to every ancestor in both trees. Full rebuilds do all scopes at once;
an incremental run recomputes only the stale (scope, month) cells, with the
same SQL restricted to one subtree. Marks are deleted in the transaction that
writes their cells, so a killed worker leaves them for the next run.
"""

import datetime
import logging

from django.db import connection, transaction
from django.utils import timezone

from platforms.models import Platform, Region
from projects.models import (
    ACTIVE,
    AggregateRun,
    Cut,
    EventTotal,
    InvestmentMonthTotal,
    PlanYearTotal,
    RelocationMonthTotal,
    ScopeGeneration,
    ScopeKind,
    Stage,
    StageMonthTotal,
    StaleMark,
)
from projects.money import WAN_PER_YI

log = logging.getLogger(__name__)

# (stage, date column entered, columns whose first date set is the day it was left)
MOVES = [
    (Stage.NEGOTIATING, "negotiating_on", ("signed_on", "terminated_on")),
    (Stage.SIGNED, "signed_on", ("landed_on", "terminated_on")),
    (Stage.LANDED, "landed_on", ("started_on", "terminated_on")),
    (Stage.UNDER_CONSTRUCTION, "started_on", ("producing_on", "terminated_on")),
    (Stage.IN_PRODUCTION, "producing_on", ("terminated_on",)),
    (Stage.TERMINATED, "terminated_on", ()),
    (ACTIVE, "started_on", ("terminated_on",)),
]

PROJECT_COLUMNS = f"""p.id AS project_id, p.region_id, p.platform_id, p.origin, p.category,
    p.source_district_id AS source_district,
    p.key_level, p.strategic_emerging AS strategic, p.build_type,
    CASE WHEN p.total_investment >= {WAN_PER_YI} THEN 1 ELSE 0 END AS major"""

CUTS = [
    Cut.ALL,
    Cut.ORIGIN,
    Cut.CATEGORY,
    Cut.KEY_LEVEL,
    Cut.MAJOR,
    Cut.MAJOR_ORIGIN,
    Cut.STRATEGIC,
    Cut.BUILD_TYPE,
    Cut.SOURCE_DISTRICT,
]
CUTS_SQL = " UNION ALL ".join(f"SELECT '{c}' AS cut" for c in CUTS)
CUT_VALUE_SQL = """CASE c.cut WHEN 'origin' THEN src.origin WHEN 'major_origin' THEN src.origin
    WHEN 'category' THEN src.category WHEN 'key_level' THEN src.key_level
    WHEN 'build_type' THEN src.build_type
    WHEN 'district' THEN CAST(src.source_district AS varchar(20)) ELSE '' END"""
CUT_APPLIES_SQL = """(c.cut IN ('', 'origin', 'category')
    OR (c.cut = 'key_level' AND src.key_level <> '')
    OR (c.cut IN ('major', 'major_origin') AND src.major = 1)
    OR (c.cut = 'strategic' AND src.strategic)
    OR (c.cut = 'build_type' AND src.build_type <> '')
    OR (c.cut = 'district' AND src.source_district IS NOT NULL))"""

TREES = {
    ScopeKind.REGION: ("platforms_region", "region_id"),
    ScopeKind.PLATFORM: ("platforms_platform", "platform_id"),
}


def _month(expr):
    if connection.vendor == "postgresql":
        return f"CAST(date_trunc('month', {expr}) AS date)"
    return f"date({expr}, 'start of month')"


def _year(expr):
    if connection.vendor == "postgresql":
        return f"CAST(EXTRACT(YEAR FROM {expr}) AS integer)"
    # SQLite keeps dates as ISO text; no "%" here, the SQL may carry parameters.
    return f"CAST(substr({expr}, 1, 4) AS integer)"


def _left(columns):
    """The day a project left a stage: the first of `columns` that is set."""
    names = [f"p.{c}" for c in columns]
    return names[0] if len(names) == 1 else f"COALESCE({', '.join(names)})"


def _date(day):
    # Dates come from the database or the code, never from a request: safe as literals,
    # and literals let the planner use the date indexes.
    return f"'{day.isoformat()}'"


def _in_months(column, months):
    """`column` falls in one of `months` (first days), as index-friendly date ranges."""
    ranges = []
    for month in sorted(months):
        end = (month + datetime.timedelta(days=32)).replace(day=1)
        if ranges and ranges[-1][1] == month:
            ranges[-1][1] = end
        else:
            ranges.append([month, end])
    return (
        "("
        + " OR ".join(f"({column} >= {_date(a)} AND {column} < {_date(b)})" for a, b in ranges)
        + ")"
    )


def _left_in_months(columns, months):
    """The day left (first set of `columns`) falls in `months`, one index range per column."""
    parts = []
    for i, column in enumerate(columns):
        unset = "".join(f"p.{c} IS NULL AND " for c in columns[:i])
        parts.append(f"({unset}{_in_months('p.' + column, months)})")
    return "(" + " OR ".join(parts) + ")"


class Spec:
    """One totals table: its source rows, key columns and summed measures."""

    def __init__(self, model, keys, measures, source):
        self.model = model
        self.table = model._meta.db_table
        self.keys = keys
        self.measures = measures
        # source(where, months) -> SQL yielding PROJECT_COLUMNS, keys and measures for the
        # projects matching `where`, restricted to `months` (None: all) when the key is dated.
        self.source = source

    @property
    def key(self):
        return self.keys[-1]

    def key_values(self, months):
        """The values of this table's key that `months` cover (None: all)."""
        if months is None or self.key not in ("month", "year"):
            return None
        return sorted({m if self.key == "month" else m.year for m in months})


def _stage_source(where, months=None):
    parts = []
    for stage, entered, left in MOVES:
        base = f"FROM projects_project p WHERE p.{entered} IS NOT NULL AND {where}"
        when = f" AND {_in_months('p.' + entered, months)}" if months else ""
        parts.append(
            f"SELECT {PROJECT_COLUMNS}, '{stage}' AS stage, {_month('p.' + entered)} AS month, "
            f"1 AS entered_count, p.total_investment AS entered_investment, "
            f"0 AS exited_count, 0 AS exited_investment {base}{when}"
        )
        if left:
            when = f" AND {_left_in_months(left, months)}" if months else ""
            parts.append(
                f"SELECT {PROJECT_COLUMNS}, '{stage}' AS stage, {_month(_left(left))} AS month, "
                f"0 AS entered_count, 0 AS entered_investment, "
                f"1 AS exited_count, p.total_investment AS exited_investment "
                f"{base} AND {_left(left)} IS NOT NULL{when}"
            )
    return "\nUNION ALL\n".join(parts)


def _investment_source(where, months=None):
    when = f" AND r.month IN ({', '.join(map(_date, months))})" if months else ""
    return f"""SELECT {PROJECT_COLUMNS}, r.month AS month, r.completed_investment
        FROM projects_investmentreport r JOIN projects_project p ON p.id = r.project_id
        WHERE {where}{when}"""


def _plan_source(where, months=None):
    when = (
        f" AND a.year IN ({', '.join(str(y) for y in {m.year for m in months})})" if months else ""
    )
    return f"""SELECT {PROJECT_COLUMNS}, a.year AS year, a.planned_investment
        FROM projects_annualplan a JOIN projects_project p ON p.id = a.project_id
        WHERE {where}{when}"""


def _event_source(where, months=None):
    return f"""SELECT {PROJECT_COLUMNS}, e.id AS event_id, 1 AS project_count,
            p.total_investment AS investment, COALESCE(a.planned_investment, 0) AS planned_investment
        FROM projects_event_projects ep
        JOIN projects_event e ON e.id = ep.event_id
        JOIN projects_project p ON p.id = ep.project_id
        LEFT JOIN projects_annualplan a ON a.project_id = p.id AND a.year = {_year("e.held_on")}
        WHERE {where}"""


STAGE = Spec(
    StageMonthTotal,
    ["stage", "month"],
    ["entered_count", "entered_investment", "exited_count", "exited_investment"],
    _stage_source,
)
INVESTMENT = Spec(InvestmentMonthTotal, ["month"], ["completed_investment"], _investment_source)
PLAN = Spec(PlanYearTotal, ["year"], ["planned_investment"], _plan_source)
EVENT = Spec(
    EventTotal, ["event_id"], ["project_count", "investment", "planned_investment"], _event_source
)
PROJECT_SPECS = [STAGE, INVESTMENT, PLAN, EVENT]
SOURCES = {
    StaleMark.Source.STAGE: STAGE,
    StaleMark.Source.INVESTMENT: INVESTMENT,
    StaleMark.Source.PLAN: PLAN,
    StaleMark.Source.EVENT: EVENT,
}


def _sliced_sql(spec, where, months=None):
    keys = ", ".join(f"src.{k}" for k in spec.keys)
    sums = ", ".join(f"SUM(src.{m}) AS {m}" for m in spec.measures)
    return f"""
    src AS ({spec.source(where, months)}),
    sliced AS (
        SELECT src.region_id, src.platform_id, {keys}, c.cut, {CUT_VALUE_SQL} AS cut_value, {sums}
        FROM src CROSS JOIN ({CUTS_SQL}) c
        WHERE {CUT_APPLIES_SQL}
        GROUP BY src.region_id, src.platform_id, {keys}, c.cut, {CUT_VALUE_SQL}
        UNION ALL
        SELECT src.region_id, src.platform_id, {keys}, '{Cut.CHAIN}', ch.code, {sums}
        FROM src
        JOIN projects_project_chains pc ON pc.project_id = src.project_id
        JOIN platforms_industrychain ch ON ch.id = pc.industrychain_id
        GROUP BY src.region_id, src.platform_id, {keys}, ch.code
    )"""


def _insert_sql(spec, body):
    columns = ["scope_kind", "scope_id", *spec.keys, "cut", "cut_value", *spec.measures]
    return f"INSERT INTO {spec.table} ({', '.join(columns)}) {body}"


def _rollup_select(spec, kind):
    tree, leaf_column = TREES[kind]
    keys = ", ".join(f"s.{k}" for k in spec.keys)
    sums = ", ".join(f"SUM(s.{m})" for m in spec.measures)
    return f"""SELECT '{kind}', a.id, {keys}, s.cut, s.cut_value, {sums}
        FROM sliced s
        JOIN {tree} n ON n.id = s.{leaf_column}
        JOIN {tree} a ON substr(n.path, 1, length(a.path)) = a.path
        GROUP BY a.id, {keys}, s.cut, s.cut_value"""


def _rebuild_all(spec, cursor):
    cursor.execute(f"DELETE FROM {spec.table}")
    body = (
        _rollup_select(spec, ScopeKind.REGION)
        + "\nUNION ALL\n"
        + _rollup_select(spec, ScopeKind.PLATFORM)
    )
    cursor.execute(f"WITH {_sliced_sql(spec, '1 = 1').strip()} {_insert_sql(spec, body)}")


def _recompute_scope(spec, cursor, kind, node, months):
    """Rewrite one scope's cells of one table for `months` (None: every month).

    A scope's totals are its own projects' (those placed on the node itself) plus
    its children's totals, so the cost is the node's own projects in those months
    and a sum over its children's cells, not a scan of its subtree. Callers
    recompute children before their parents.
    """
    tree, column = TREES[kind]
    pk = int(node.pk)
    values = spec.key_values(months)
    in_keys = ""
    if values is not None:
        literals = ", ".join(_date(v) if spec.key == "month" else str(v) for v in values)
        in_keys = f" AND {spec.key} IN ({literals})"
    cursor.execute(
        f"DELETE FROM {spec.table} WHERE scope_kind = '{kind}' AND scope_id = {pk}{in_keys}"
    )
    keys = ", ".join(spec.keys)
    measures = ", ".join(spec.measures)
    sums = ", ".join(f"SUM({m})" for m in spec.measures)
    children = (
        f"scope_kind = '{kind}' AND scope_id IN (SELECT id FROM {tree} WHERE parent_id = {pk})"
        + in_keys
    )
    own = _sliced_sql(spec, f"p.{column} = {pk}", months if values is not None else None)
    body = f"""SELECT '{kind}', {pk}, {keys}, cut, cut_value, {sums} FROM (
            SELECT {keys}, cut, cut_value, {measures} FROM sliced
            UNION ALL
            SELECT {keys}, cut, cut_value, {measures} FROM {spec.table} WHERE {children}
        ) s GROUP BY {keys}, cut, cut_value"""
    cursor.execute(f"WITH {own.strip()} {_insert_sql(spec, body)}")


def _rebuild_relocations(cursor):
    table = RelocationMonthTotal._meta.db_table
    cursor.execute(f"DELETE FROM {table}")
    for kind, tree, column in (
        (ScopeKind.REGION, "platforms_region", "region_id"),
        (ScopeKind.PLATFORM, "platforms_platform", "platform_id"),
    ):
        cursor.execute(
            f"""INSERT INTO {table} (scope_kind, scope_id, month, origin, kind, unit_count)
            SELECT '{kind}', a.id, {_month("u.relocated_on")}, u.origin, u.kind, COUNT(*)
            FROM projects_relocatedunit u
            JOIN {tree} n ON n.id = u.{column}
            JOIN {tree} a ON substr(n.path, 1, length(a.path)) = a.path
            GROUP BY a.id, {_month("u.relocated_on")}, u.origin, u.kind"""
        )


def _lock(cursor):
    """Serialise recomputes; SQLite's write lock already does."""
    if connection.vendor == "postgresql":
        cursor.execute("SELECT pg_advisory_xact_lock(4242)")


def lock_totals():
    """Hold the totals still until the transaction ends: recomputes wait meanwhile (a closing
    freezes them under this lock)."""
    with connection.cursor() as cursor:
        _lock(cursor)


def aggregates_rebuild():
    """Rebuild every totals table from scratch, in one transaction; idempotent."""
    started = timezone.now()
    with transaction.atomic(), connection.cursor() as cursor:
        _lock(cursor)
        last_mark = StaleMark.objects.order_by("-pk").values_list("pk", flat=True).first()
        for spec in PROJECT_SPECS:
            _rebuild_all(spec, cursor)
        _rebuild_relocations(cursor)
        if last_mark:
            StaleMark.objects.filter(pk__lte=last_mark).delete()
        run = AggregateRun.objects.create(
            kind=AggregateRun.Kind.FULL, started_at=started, finished_at=timezone.now()
        )
        scopes = [(ScopeKind.REGION, pk) for pk in Region.objects.values_list("pk", flat=True)]
        scopes += [(ScopeKind.PLATFORM, pk) for pk in Platform.objects.values_list("pk", flat=True)]
        _advance_generations(run, scopes)
    return run


def aggregates_recompute_stale():
    """Recompute every cell marked stale so far; returns the run, or None if nothing was.

    Scopes are recomputed deepest first, each from its own projects and its
    children's fresh totals; marks made meanwhile wait for the next run.
    """
    started = timezone.now()
    with transaction.atomic(), connection.cursor() as cursor:
        _lock(cursor)
        if connection.vendor == "postgresql":
            # Each statement reads a few thousand rows: compiling it would cost more.
            cursor.execute("SET LOCAL jit = off")
        last = StaleMark.objects.order_by("-pk").values_list("pk", flat=True).first()
        if last is None:
            return None
        marked = StaleMark.objects.filter(pk__lte=last)
        cells = _stale_cells(marked.values_list("scope_kind", "scope_id", "source", "month"))
        order = _deepest_first(cells)
        for (kind, scope_id), node, tables in order:
            if node is None:
                _drop_scope(cursor, kind, scope_id)
                continue
            for spec in PROJECT_SPECS:
                if spec in tables:
                    _recompute_scope(spec, cursor, kind, node, tables[spec])
        if any(RELOCATIONS in tables for tables in cells.values()):
            _rebuild_relocations(cursor)
        marked.delete()
        run = AggregateRun.objects.create(
            kind=AggregateRun.Kind.INCREMENTAL,
            started_at=started,
            finished_at=timezone.now(),
            cells=len(cells),
        )
        _advance_generations(run, [key for key, node, _tables in order if node is not None])
    return run


RELOCATIONS = "relocations"


def _stale_cells(marks):
    """{(kind, scope id): {spec: months, or None for every month}} from distinct marks."""
    cells = {}
    for kind, scope_id, source, month in marks.distinct():
        tables = cells.setdefault((kind, scope_id), {})
        if source == StaleMark.Source.RELOCATION:
            tables[RELOCATIONS] = None
            continue
        specs = [SOURCES[source]] if source else [*PROJECT_SPECS, RELOCATIONS]
        for spec in specs:
            if month is None or (spec in tables and tables[spec] is None):
                tables[spec] = None
            else:
                tables.setdefault(spec, set()).add(month)
    return cells


def _deepest_first(cells):
    """(scope, node or None if deleted, tables) with children before their parents."""
    nodes = {}
    for kind, model in ((ScopeKind.REGION, Region), (ScopeKind.PLATFORM, Platform)):
        ids = [pk for k, pk in cells if k == kind]
        nodes |= {(kind, n.pk): n for n in model.objects.filter(pk__in=ids).only("path", "depth")}
    order = sorted(cells, key=lambda key: -nodes[key].depth if key in nodes else 0)
    return [(key, nodes.get(key), cells[key]) for key in order]


def _drop_scope(cursor, kind, scope_id):
    for spec in PROJECT_SPECS:
        cursor.execute(
            f"DELETE FROM {spec.table} WHERE scope_kind = %s AND scope_id = %s", [kind, scope_id]
        )


def _advance_generations(run, scopes):
    """Record `run` as the latest to have rewritten each (kind, id) scope's totals."""
    ScopeGeneration.objects.bulk_create(
        [ScopeGeneration(scope_kind=kind, scope_id=pk, run=run) for kind, pk in scopes],
        update_conflicts=True,
        unique_fields=["scope_kind", "scope_id"],
        update_fields=["run"],
        batch_size=500,
    )


def scope_generation(scope, request=None):
    """Names the state of a scope's totals (a Region or Platform): the latest run that
    rewrote them, "none" before any. A recompute of other places' cells leaves it, so
    what is cached under it lasts until the scope's own subtree changes. With `request`,
    read once per request and scope."""
    kind = ScopeKind.PLATFORM if isinstance(scope, Platform) else ScopeKind.REGION
    memo = getattr(request, "_registry_scope_generations", None) if request else None
    if memo is not None and (kind, scope.pk) in memo:
        return memo[(kind, scope.pk)]
    row = (
        ScopeGeneration.objects.filter(scope_kind=kind, scope_id=scope.pk)
        .values_list("run_id", "run__finished_at")
        .first()
    )
    generation = f"{row[0]}.{row[1].timestamp():.6f}" if row else "none"
    if request is not None:
        request._registry_scope_generations = {**(memo or {}), (kind, scope.pk): generation}
    return generation


def stale_count():
    return StaleMark.objects.count()


def latest_run(request=None):
    """The latest recompute or rebuild; with `request`, read once per request."""
    if request is not None and hasattr(request, "_registry_latest_run"):
        return request._registry_latest_run
    run = (
        AggregateRun.objects.exclude(kind=AggregateRun.Kind.VERIFY).order_by("-finished_at").first()
    )
    if request is not None:
        request._registry_latest_run = run
    return run


def totals_status(request):
    """{"finished_at": the latest run's end or None, "stale": marks pending}, read once per
    request however many templates and selectors ask (every page's footer shows it)."""
    if not hasattr(request, "_registry_totals_status"):
        run = latest_run(request)
        request._registry_totals_status = {
            "finished_at": run.finished_at if run else None,
            "stale": stale_count(),
        }
    return request._registry_totals_status


def month_start(day):
    return datetime.date(day.year, day.month, 1)


def aggregates_verify(today=None):
    """Check the totals against live queries for every scope and stage; record any drift."""
    from projects import totals
    from projects.models import Project

    started = timezone.now()
    today = today or timezone.localdate()
    drift = []
    scopes = [*Region.objects.all(), *Platform.objects.all()]
    for scope in scopes:
        projects = Project.objects.in_scope(scope)
        for stage in Stage:
            live = projects.reached(stage).totals()
            kept = totals.flow(scope, stage)
            if (live["count"], live["investment"] or 0) != (kept.count, kept.investment):
                drift.append(f"{scope} {stage.label} 累计: {kept} ≠ {live}")
            if stage != Stage.TERMINATED:
                live = projects.at(stage, today).totals()
                kept = totals.stock(scope, stage, today)
                if (live["count"], live["investment"] or 0) != (kept.count, kept.investment):
                    drift.append(f"{scope} {stage.label} 存量: {kept} ≠ {live}")
    if drift:
        log.warning("aggregate drift in %d cells", len(drift))
    return AggregateRun.objects.create(
        kind=AggregateRun.Kind.VERIFY,
        started_at=started,
        finished_at=timezone.now(),
        cells=len(scopes),
        drift=len(drift),
        detail="\n".join(drift[:200]),
    )
