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
    ScopeKind,
    Stage,
    StageMonthTotal,
    StaleMark,
)
from projects.money import WAN_PER_YI

log = logging.getLogger(__name__)

# (stage, date column entered, expression for the date it was left)
MOVES = [
    (Stage.NEGOTIATING, "negotiating_on", "COALESCE(p.signed_on, p.terminated_on)"),
    (Stage.SIGNED, "signed_on", "COALESCE(p.landed_on, p.terminated_on)"),
    (Stage.LANDED, "landed_on", "COALESCE(p.started_on, p.terminated_on)"),
    (Stage.UNDER_CONSTRUCTION, "started_on", "COALESCE(p.producing_on, p.terminated_on)"),
    (Stage.IN_PRODUCTION, "producing_on", "p.terminated_on"),
    (Stage.TERMINATED, "terminated_on", None),
    (ACTIVE, "started_on", "p.terminated_on"),
]

PROJECT_COLUMNS = f"""p.id AS project_id, p.region_id, p.platform_id, p.origin, p.category,
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
]
CUTS_SQL = " UNION ALL ".join(f"SELECT '{c}' AS cut" for c in CUTS)
CUT_VALUE_SQL = """CASE c.cut WHEN 'origin' THEN src.origin WHEN 'major_origin' THEN src.origin
    WHEN 'category' THEN src.category WHEN 'key_level' THEN src.key_level
    WHEN 'build_type' THEN src.build_type ELSE '' END"""
CUT_APPLIES_SQL = """(c.cut IN ('', 'origin', 'category')
    OR (c.cut = 'key_level' AND src.key_level <> '')
    OR (c.cut IN ('major', 'major_origin') AND src.major = 1)
    OR (c.cut = 'strategic' AND src.strategic)
    OR (c.cut = 'build_type' AND src.build_type <> ''))"""


def _month(expr):
    if connection.vendor == "postgresql":
        return f"CAST(date_trunc('month', {expr}) AS date)"
    return f"date({expr}, 'start of month')"


def _year(expr):
    if connection.vendor == "postgresql":
        return f"CAST(EXTRACT(YEAR FROM {expr}) AS integer)"
    # SQLite keeps dates as ISO text; no "%" here, the SQL may carry parameters.
    return f"CAST(substr({expr}, 1, 4) AS integer)"


class Spec:
    """One totals table: its source rows, key columns and summed measures."""

    def __init__(self, model, keys, measures, source):
        self.model = model
        self.table = model._meta.db_table
        self.keys = keys
        self.measures = measures
        self.source = source  # callable(where_sql) -> SQL yielding PROJECT_COLUMNS, keys, measures


def _stage_source(where):
    parts = []
    for stage, entered, left in MOVES:
        base = f"FROM projects_project p WHERE p.{entered} IS NOT NULL AND {where}"
        parts.append(
            f"SELECT {PROJECT_COLUMNS}, '{stage}' AS stage, {_month('p.' + entered)} AS month, "
            f"1 AS entered_count, p.total_investment AS entered_investment, "
            f"0 AS exited_count, 0 AS exited_investment {base}"
        )
        if left:
            parts.append(
                f"SELECT {PROJECT_COLUMNS}, '{stage}' AS stage, {_month(left)} AS month, "
                f"0 AS entered_count, 0 AS entered_investment, "
                f"1 AS exited_count, p.total_investment AS exited_investment "
                f"{base} AND {left} IS NOT NULL"
            )
    return "\nUNION ALL\n".join(parts)


def _investment_source(where):
    return f"""SELECT {PROJECT_COLUMNS}, r.month AS month, r.completed_investment
        FROM projects_investmentreport r JOIN projects_project p ON p.id = r.project_id
        WHERE {where}"""


def _plan_source(where):
    return f"""SELECT {PROJECT_COLUMNS}, a.year AS year, a.planned_investment
        FROM projects_annualplan a JOIN projects_project p ON p.id = a.project_id
        WHERE {where}"""


def _event_source(where):
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


def _sliced_sql(spec, where, key_filter=""):
    keys = ", ".join(f"src.{k}" for k in spec.keys)
    sums = ", ".join(f"SUM(src.{m}) AS {m}" for m in spec.measures)
    source = f"SELECT * FROM ({spec.source(where)}) s0 {key_filter}"
    return f"""
    src AS ({source}),
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


def _rollup_select(spec, kind, tree_table, leaf_column):
    keys = ", ".join(f"s.{k}" for k in spec.keys)
    sums = ", ".join(f"SUM(s.{m})" for m in spec.measures)
    return f"""SELECT '{kind}', a.id, {keys}, s.cut, s.cut_value, {sums}
        FROM sliced s
        JOIN {tree_table} n ON n.id = s.{leaf_column}
        JOIN {tree_table} a ON substr(n.path, 1, length(a.path)) = a.path
        GROUP BY a.id, {keys}, s.cut, s.cut_value"""


def _rebuild_all(spec, cursor):
    cursor.execute(f"DELETE FROM {spec.table}")
    body = (
        _rollup_select(spec, ScopeKind.REGION, "platforms_region", "region_id")
        + "\nUNION ALL\n"
        + _rollup_select(spec, ScopeKind.PLATFORM, "platforms_platform", "platform_id")
    )
    cursor.execute(f"WITH {_sliced_sql(spec, '1 = 1').strip()} {_insert_sql(spec, body)}")


def _scope_where(kind, node):
    tree = "platforms_region" if kind == ScopeKind.REGION else "platforms_platform"
    column = "p.region_id" if kind == ScopeKind.REGION else "p.platform_id"
    return f"{column} IN (SELECT id FROM {tree} WHERE substr(path, 1, %s) = %s)", [
        len(node.path),
        node.path,
    ]


def _recompute_scope(spec, cursor, kind, node, months):
    """Rewrite one scope's cells for `months` (None: every month) of one table."""
    where, params = _scope_where(kind, node)
    delete = f"DELETE FROM {spec.table} WHERE scope_kind = %s AND scope_id = %s"
    delete_params = [kind, node.pk]
    key_filter = ""
    key_params = []
    if months is not None and spec.keys[-1] in ("month", "year"):
        key = spec.keys[-1]
        values = sorted({m if key == "month" else m.year for m in months})
        marks = ", ".join(["%s"] * len(values))
        delete += f" AND {key} IN ({marks})"
        delete_params += values
        key_filter = f"WHERE s0.{key} IN ({marks})"
        key_params = values
    cursor.execute(delete, delete_params)
    keys = ", ".join(f"s.{k}" for k in spec.keys)
    sums = ", ".join(f"SUM(s.{m})" for m in spec.measures)
    body = f"""SELECT '{kind}', {int(node.pk)}, {keys}, s.cut, s.cut_value, {sums}
        FROM sliced s GROUP BY {keys}, s.cut, s.cut_value"""
    # The source appears twice in the statement (the sliced CTE reads `src` once,
    # the scope filter sits inside each UNION branch of the stage source).
    sql = f"WITH {_sliced_sql(spec, where, key_filter).strip()} {_insert_sql(spec, body)}"
    cursor.execute(sql, _repeat_params(spec, params, key_params))


def _repeat_params(spec, where_params, key_params):
    branches = spec.source("{W}").count("{W}")
    return where_params * branches + key_params


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
    return run


def aggregates_recompute_stale(limit=500):
    """Recompute the cells marked stale (up to `limit` marks a run); returns the run or None."""
    started = timezone.now()
    with transaction.atomic(), connection.cursor() as cursor:
        _lock(cursor)
        marks = list(StaleMark.objects.order_by("pk")[:limit])
        if not marks:
            return None
        cells = _group_marks(marks)
        for (kind, scope_id), months in cells.items():
            node = _scope_node(kind, scope_id)
            if node is None:
                _drop_scope(cursor, kind, scope_id)
                continue
            for spec in PROJECT_SPECS:
                _recompute_scope(spec, cursor, kind, node, None if spec is EVENT else months)
        _rebuild_relocations(cursor)
        StaleMark.objects.filter(pk__in=[m.pk for m in marks]).delete()
        run = AggregateRun.objects.create(
            kind=AggregateRun.Kind.INCREMENTAL,
            started_at=started,
            finished_at=timezone.now(),
            cells=sum(len(m or [None]) for m in cells.values()),
        )
    return run


def _group_marks(marks):
    cells = {}
    for mark in marks:
        key = (mark.scope_kind, mark.scope_id)
        if mark.month is None or cells.get(key, set()) is None:
            cells[key] = None
        else:
            cells.setdefault(key, set()).add(mark.month)
    return cells


def _scope_node(kind, scope_id):
    model = Region if kind == ScopeKind.REGION else Platform
    return model.objects.filter(pk=scope_id).only("path").first()


def _drop_scope(cursor, kind, scope_id):
    for spec in PROJECT_SPECS:
        cursor.execute(
            f"DELETE FROM {spec.table} WHERE scope_kind = %s AND scope_id = %s", [kind, scope_id]
        )


def stale_count():
    return StaleMark.objects.count()


def latest_run():
    return (
        AggregateRun.objects.exclude(kind=AggregateRun.Kind.VERIFY).order_by("-finished_at").first()
    )


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
