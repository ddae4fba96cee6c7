"""Full and incremental recompute against the bare SQL that computes the same totals.

Run on PostgreSQL (a throwaway cluster):
    .venv/bin/python -m tests.services with-postgres -- .venv/bin/python bench/recompute.py --count 1000000

It migrates, loads the places fixture, generates N synthetic projects, then
measures side by side in one run: the bare GROUPING SETS query (every slice
for every scope of both trees, results counted, nothing written), the full
rebuild (same totals, written in one transaction), and the incremental
recompute after one edit. Ratios go to bench/results.json.
"""

import argparse
import datetime as dt
import statistics
import sys
from decimal import Decimal

from common import record, setup_django, timed


def bare_sql():
    """The same totals as StageMonthTotal, by GROUPING SETS, counted rather than written."""
    from projects.totals.recompute import CUTS, MOVES, PROJECT_COLUMNS, _left, _month

    moves = []
    for stage, entered, left in MOVES:
        base = f"FROM projects_project p WHERE p.{entered} IS NOT NULL"
        moves.append(
            f"SELECT {PROJECT_COLUMNS}, '{stage}' AS stage, {_month('p.' + entered)} AS month, 1 AS e, p.total_investment AS ei, 0 AS x, 0 AS xi {base}"
        )
        if left:
            left = _left(left)
            moves.append(
                f"SELECT {PROJECT_COLUMNS}, '{stage}' AS stage, {_month(left)} AS month, 0, 0, 1, p.total_investment {base} AND {left} IS NOT NULL"
            )
    scoped = """SELECT s.*, 'r' AS kind, a.id AS scope_id FROM src s
        JOIN platforms_region n ON n.id = s.region_id
        JOIN platforms_region a ON substr(n.path, 1, length(a.path)) = a.path
        UNION ALL
        SELECT s.*, 'p', a.id FROM src s
        JOIN platforms_platform n ON n.id = s.platform_id
        JOIN platforms_platform a ON substr(n.path, 1, length(a.path)) = a.path"""
    sets = {
        "": "",
        "origin": ", origin",
        "category": ", category",
        "key_level": ", key_level",
        "major": ", major",
        "major_origin": ", major, origin",
        "strategic": ", strategic",
        "build_type": ", build_type",
    }
    assert set(sets) == set(CUTS)
    grouping = ", ".join(f"(kind, scope_id, stage, month{cols})" for cols in sets.values())
    sums = "SUM(e), SUM(ei), SUM(x), SUM(xi)"
    keys = "scoped.kind, scoped.scope_id, scoped.stage, scoped.month"
    chains = f"""SELECT {keys}, ch.code, {sums} FROM scoped
        JOIN projects_project_chains pc ON pc.project_id = scoped.project_id
        JOIN platforms_industrychain ch ON ch.id = pc.industrychain_id
        GROUP BY {keys}, ch.code"""
    return f"""WITH src AS ({" UNION ALL ".join(moves)}), scoped AS ({scoped})
        SELECT (SELECT COUNT(*) FROM (SELECT {sums} FROM scoped GROUP BY GROUPING SETS ({grouping})) g)
             + (SELECT COUNT(*) FROM ({chains}) c)"""


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--incremental-only",
        action="store_true",
        help="time the incremental recomputes only (the totals must be built); nothing recorded",
    )
    args = parser.parse_args()
    setup_django()
    from django.core.management import call_command
    from django.db import connection

    if connection.vendor != "postgresql":
        sys.exit("run this on PostgreSQL: python -m tests.services with-postgres -- ...")
    from projects.models import Project
    from tooling import synthetic

    call_command("migrate", verbosity=0)
    if not Project.objects.filter(provenance="synthetic").exists():
        call_command("loaddata", "fixtures/01_places.json", verbosity=0)
        print(f"generating {args.count:,} projects …", flush=True)
        synthetic.generate_projects(count=args.count, seed=7, log=lambda line: None)
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    if args.incremental_only:
        for edit, runs in incremental_runs_by_edit(args.repeat).items():
            print(f"incremental, {edit:<8} {[round(t, 3) for t in runs]}")
        return
    record(run(repeat=args.repeat))


def run(repeat=3):
    """Measure on the database Django is set up with (its projects already there); the results."""
    from django.db import connection

    from projects import totals
    from projects.models import Project, StageMonthTotal

    n = Project.objects.count()
    print(f"{n:,} projects", flush=True)

    def run_bare():
        with connection.cursor() as cursor:
            cursor.execute(bare_sql())
            cursor.fetchone()

    bare, bare_all = timed(run_bare, repeat)
    full, full_all = timed(totals.aggregates_rebuild, repeat)
    rows = StageMonthTotal.objects.count()

    incremental_by_edit = incremental_runs_by_edit(repeat)
    medians = {edit: statistics.median(runs) for edit, runs in incremental_by_edit.items()}
    # The target is for one edit: the slowest of the everyday edits is the one reported;
    # a change of how a project is sliced (origin) re-derives every month it reported in,
    # and is reported beside it.
    incremental = max(medians[edit] for edit in EVERYDAY_EDITS)
    results = {
        "full_recompute_vs_sql": round(full / bare, 3),
        "incremental_vs_full": round(incremental / full, 5),
        "incremental_slicing_vs_full": round(medians["origin"] / full, 5),
        "recompute_timings": {
            "projects": n,
            "totals_rows": rows,
            "bare_sql_s": [round(t, 3) for t in bare_all],
            "full_rebuild_s": [round(t, 3) for t in full_all],
            "incremental_s": {
                edit: [round(t, 4) for t in runs] for edit, runs in incremental_by_edit.items()
            },
            "measured_on": dt.datetime.now(dt.UTC).date().isoformat(),
        },
    }
    print(f"bare GROUPING SETS SQL  median {bare:8.2f} s   {bare_all}")
    print(f"full rebuild            median {full:8.2f} s   {full_all}   ({rows:,} rows)")
    for edit, runs in incremental_by_edit.items():
        print(f"incremental, {edit:<16} median {statistics.median(runs):8.4f} s   {runs}")
    print(f"full_recompute_vs_sql = {full / bare:.2f}  (target ≤ 2.5)")
    print(f"incremental_vs_full   = {incremental / full:.5f}  (target < 0.01)")
    return results


EVERYDAY_EDITS = ("amount", "advance", "report")
EDITS = {
    "amount": "total investment + 1 万元",
    "advance": "the next stage, entered today",
    "report": "a monthly completed-investment report",
    "origin": "investor origin changed (every table)",
}


def incremental_runs_by_edit(repeat):
    """Seconds of `aggregates_recompute_stale` after one edit of each kind, `repeat` times each.

    Each edit goes through the services, so its stale marks are the production ones;
    the task it queues on commit is not run here. Every repetition edits another
    project (a started one on a platform, so five scopes of both trees are stale).
    """
    from django.utils import timezone

    from projects import services, totals
    from projects.models import Origin, Project

    totals.queue_recompute = lambda: None
    today = timezone.localdate()
    started = Project.objects.filter(
        started_on__isnull=False,
        producing_on__isnull=True,
        terminated_on__isnull=True,
        platform__isnull=False,
    ).order_by("pk")
    candidates = iter(started[: 4 * repeat])

    def edit(kind, project):
        common = {"actor": None, "project": project}
        if kind == "amount":
            services.project_update(
                **common, version=project.version, total_investment=project.total_investment + 1
            )
        elif kind == "advance":
            services.project_advance_stage(**common, on=today)
        elif kind == "report":
            services.investment_report(
                **common, month=today, completed_investment=Decimal("123.45")
            )
        elif kind == "origin":
            origin = Origin.TIANJIN if project.origin == Origin.BEIJING else Origin.BEIJING
            services.project_update(**common, version=project.version, origin=origin)

    runs = {}
    for kind in EDITS:
        for _ in range(repeat):
            edit(kind, next(candidates))
            runs.setdefault(kind, []).append(timed(totals.aggregates_recompute_stale, 1)[0])
    return runs


if __name__ == "__main__":
    main()
