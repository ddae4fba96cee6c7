"""Ledger import of N CSV rows against a PostgreSQL COPY of the same rows (issue #7).

Run on PostgreSQL (a throwaway cluster):
    .venv/bin/python -m tests.services with-postgres -- .venv/bin/python bench/imports.py --rows 100000

It migrates and loads the places fixture, writes an N-row project ledger as a
UTF-8 CSV (new projects without codes, as a bureau's ledger has them:
investors partly repeated, amounts with thousands separators, dates, chains),
and measures in one run:

- preview — read and check the whole file (what the upload page does);
- import  — confirm: read and check it again, then write it in one transaction
  (projects, history, chains, stage entries, new investors, stale marks);
- again   — the same file a second time: everything unchanged, nothing written;
- COPY    — the rows the import wrote, COPYed into a scratch table made
  LIKE projects_project INCLUDING ALL (same columns, indexes and constraints).

`import_vs_copy` = import ÷ COPY (target ≤ 10); raw timings go beside it.
The recompute the import queues on commit is not run here (a worker's job).
"""

import argparse
import csv
import datetime as dt
import io
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

from common import record, setup_django

BENCH_USER = "bench-ledger"
HEADERS = [
    "项目编号",
    "项目名称",
    "投资方",
    "来源地",
    "所在地区",
    "承接平台",
    "项目类别",
    "产业链",
    "战略性新兴产业",
    "重点项目级别",
    "建设性质",
    "总投资（万元）",
    "洽谈日期",
    "签约日期",
    "落地日期",
    "开工日期",
    "投产日期",
    "终止日期",
    "终止原因",
    "包联领导",
    "联系人",
    "联系电话",
    "项目简介",
]
ORIGINS = [("北京", 45), ("天津", 15), ("河北本地", 25), ("外省", 10), ("境外", 5)]
CATEGORIES = [("产业类", 70), ("基础设施", 8), ("农业产业化", 8), ("服务业", 12), ("社会事业", 2)]
KEY_LEVELS = [("", 80), ("市重点", 14), ("省重点", 6)]


def _weighted(rng, pairs):
    return rng.choices([v for v, _w in pairs], weights=[w for _v, w in pairs])[0]


def ledger_csv(rows, seed=1, today=None):
    """An N-row project ledger as CSV bytes (UTF-8 with BOM, as Excel saves it)."""
    from django.utils import timezone

    from platforms.models import IndustryChain, Platform, Region

    rng = random.Random(seed)
    today = today or timezone.localdate()
    platforms = list(Platform.objects.select_related("region"))
    counties = list(Region.objects.filter(level=Region.Level.COUNTY))
    chain_names = {}
    for chain in IndustryChain.objects.all():
        chain_names.setdefault(chain.name, []).append(chain.code)
    chains = [name for name in chain_names if len(chain_names[name]) == 1]
    investors = [f"京津冀测试{seed}投资企业{n:06d}有限公司" for n in range(max(1, rows // 2))]
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADERS)
    for n in range(rows):
        if rng.random() < 0.7:
            platform = rng.choice(platforms)
            region, platform_name = platform.region.name, platform.name
        else:
            region, platform_name = rng.choice(counties).name, ""
        dates = _history(rng, today)
        started = dates[3]
        amount = rng.choice([500, 3000, 12000, 52000, 150000]) * rng.uniform(0.5, 1.5)
        writer.writerow(
            [
                "",
                f"基准项目{seed}-{n:07d}",
                rng.choice(investors),
                _weighted(rng, ORIGINS),
                region,
                platform_name,
                _weighted(rng, CATEGORIES),
                "、".join(rng.sample(chains, rng.choice([0, 1, 1, 2]))),
                "是" if rng.random() < 0.3 else "否",
                _weighted(rng, KEY_LEVELS),
                ("新建" if rng.random() < 0.7 else "续建") if started else "",
                f"{amount:,.2f}",
                *[d.isoformat() if d else "" for d in dates],
                "投资方战略调整" if dates[5] else "",
                "张三",
                "李四",
                f"1380000{n % 10000:04d}",
                "",
            ]
        )
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _history(rng, today):
    """Negotiating, signed, landed, started, producing, terminated dates (None when not reached)."""
    span = (today - dt.date(2019, 1, 1)).days
    day = dt.date(2019, 1, 1) + dt.timedelta(days=rng.randrange(span))
    dates = [day, None, None, None, None, None]
    for i, chance in zip(range(1, 5), (0.75, 0.6, 0.65, 0.5), strict=True):
        if rng.random() > chance:
            break
        day = min(today, day + dt.timedelta(days=rng.randrange(10, 200)))
        dates[i] = day
    if rng.random() < 0.05:
        dates[5] = min(today, day + dt.timedelta(days=rng.randrange(1, 100)))
    return dates


def _actor():
    """A provincial bureau's staff member: every row passes through the scope check."""
    from django.contrib.auth import get_user_model

    from platforms.models import Region
    from projects.models import Membership, Unit

    province = Region.objects.get(level=Region.Level.PROVINCE)
    user, _created = get_user_model().objects.get_or_create(username=BENCH_USER)
    unit, _created = Unit.objects.get_or_create(name="基准测试单位", scope_region=province)
    Membership.objects.get_or_create(user=user, defaults={"unit": unit, "role": "staff"})
    return user


def _reset():
    """Empty the project tables of an earlier run; refuse on a database with other data."""
    from django.db import connection

    from projects.models import Project

    others = Project.objects.exclude(source_note__startswith="台账导入：bench").exists()
    if others:
        sys.exit("bench/imports.py empties the project tables: run it on a database of its own")
    tables = [
        "projects_stageentry",
        "projects_project_chains",
        "projects_historicalproject",
        "projects_project",
        "projects_historicalenterprise",
        "projects_enterprise",
        "projects_stalemark",
        "projects_importjob",
    ]
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {', '.join(tables)} CASCADE")


def _job(actor, data, name):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from ledger import jobs
    from projects.models import ImportJob

    upload = SimpleUploadedFile(name, data)
    return jobs.ledger_job_create(actor=actor, kind=ImportJob.Kind.PROJECTS, upload=upload)


def _timed(fn):
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


def _copy_baseline(repeat):
    """COPY the imported rows, as the table holds them, into a scratch table shaped like it."""
    from django.db import connection

    from ledger.project_write import PROJECT_FIELDS

    columns = ", ".join(["id", *PROJECT_FIELDS])
    source = io.StringIO()
    with connection.cursor() as cursor:
        cursor.copy_expert(f"COPY (SELECT {columns} FROM projects_project) TO STDOUT", source)
        cursor.execute("DROP TABLE IF EXISTS bench_copy")
        cursor.execute("CREATE TABLE bench_copy (LIKE projects_project INCLUDING ALL)")
    timings = []
    try:
        for _ in range(repeat):
            source.seek(0)
            with connection.cursor() as cursor:
                cursor.execute("TRUNCATE bench_copy")
                started = time.perf_counter()
                cursor.copy_expert(f"COPY bench_copy ({columns}) FROM STDIN", source)
                timings.append(time.perf_counter() - started)
    finally:
        with connection.cursor() as cursor:
            cursor.execute("DROP TABLE IF EXISTS bench_copy")
    return timings


def run(rows=100_000, repeat=3, seed=1):
    """Measure on the database Django is set up with (schema and places loaded); the results."""
    from django.conf import settings
    from django.db import connection

    from ledger import jobs, marks
    from projects.models import ImportJob, Project

    if connection.vendor != "postgresql":
        raise SystemExit("run this on PostgreSQL: python -m tests.services with-postgres -- ...")
    settings.MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="bench-imports-"))
    settings.LEDGER_MAX_ROWS = max(settings.LEDGER_MAX_ROWS, rows)
    marks.queue_recompute = lambda: None  # the worker's job, not the import's
    _reset()
    actor = _actor()
    data = ledger_csv(rows, seed=seed)
    print(f"ledger: {rows:,} rows, {len(data) / 1e6:.1f} MB CSV", flush=True)

    job = _job(actor, data, "bench.csv")
    preview = _timed(lambda: jobs.run(job.pk, jobs.PREVIEW))
    job.refresh_from_db()
    assert job.status == ImportJob.Status.PREVIEWED, job.message
    assert job.created_count == rows, (job.created_count, job.row_errors[:5])
    jobs.ledger_job_confirm(job)
    imported = _timed(lambda: jobs.run(job.pk, jobs.APPLY))
    job.refresh_from_db()
    assert job.status == ImportJob.Status.APPLIED, job.message
    assert Project.objects.count() == rows

    again_job = _job(actor, data, "bench-again.csv")
    again = _timed(lambda: jobs.run(again_job.pk, jobs.PREVIEW))
    again_job.refresh_from_db()
    assert (again_job.unchanged_count, again_job.created_count, again_job.updated_count) == (
        rows,
        0,
        0,
    ), again_job.message

    copies = _copy_baseline(repeat)
    copy = statistics.median(copies)
    results = {
        "import_vs_copy": round(imported / copy, 2),
        "import_timings": {
            "rows": rows,
            "csv_mb": round(len(data) / 1e6, 1),
            "preview_s": round(preview, 3),
            "import_s": round(imported, 3),
            "reimport_preview_s": round(again, 3),
            "copy_s": [round(t, 3) for t in copies],
            "measured_on": dt.datetime.now(dt.UTC).date().isoformat(),
        },
    }
    print(f"preview (read + check)            {preview:8.2f} s")
    print(f"import  (read + check + write)    {imported:8.2f} s")
    print(f"same file again (all unchanged)   {again:8.2f} s")
    print(f"COPY of the same rows             {copy:8.2f} s   {[round(t, 3) for t in copies]}")
    print(f"import_vs_copy = {imported / copy:.2f}  (target ≤ 10)")
    return results


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3, help="COPY runs (median)")
    args = parser.parse_args()
    setup_django()
    from django.core.management import call_command

    from platforms.models import Region

    call_command("migrate", verbosity=0)
    if not Region.objects.exists():
        call_command("loaddata", "fixtures/01_places.json", verbosity=0)
    record(run(args.rows, repeat=args.repeat))


if __name__ == "__main__":
    main()
