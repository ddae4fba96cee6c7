"""Synthetic projects for scale tests: a realistic spread, clearly marked, loaded in bulk.

Every row carries provenance "synthetic" and a code starting with SYN-, so it can
be told apart from real and article data and deleted wholesale. Rows are built in
Python from one seeded generator and written with COPY on PostgreSQL (or
bulk_create elsewhere) with explicit ids, so stage entries, chains and reports
need no read-back.
"""

import csv
import datetime as dt
import io
import random
from decimal import Decimal

from django.db import connection, transaction
from django.utils import timezone

from platforms.models import IndustryChain, Platform, Region
from projects.models import (
    AnnualPlan,
    Enterprise,
    InvestmentReport,
    Project,
    Provenance,
    Stage,
    StageEntry,
)
from projects.search import search_refresh

FIRST_DAY = dt.date(2014, 1, 1)
ORIGINS = [("beijing", 35), ("tianjin", 15), ("hebei", 30), ("other_province", 15), ("abroad", 5)]
CATEGORIES = [
    ("industrial", 60),
    ("infrastructure", 15),
    ("service", 15),
    ("agricultural", 7),
    ("social", 3),
]
KEY_LEVELS = [("", 85), ("municipal", 10), ("provincial", 5)]
# (next stage, probability of reaching it, days after the previous stage: low, high)
PROGRESS = [
    (Stage.SIGNED, 0.70, 10, 180),
    (Stage.LANDED, 0.75, 15, 120),
    (Stage.UNDER_CONSTRUCTION, 0.80, 15, 180),
    (Stage.IN_PRODUCTION, 0.60, 180, 720),
]
TERMINATION_RATE = 0.08
REPORT_MONTHS = 24
ENTERPRISES = 2000


def _weighted(rng, pairs):
    return rng.choices([v for v, _w in pairs], weights=[w for _v, w in pairs])[0]


def _amount(rng):
    """Log-uniform between 500万 and 50亿, in 万元 with two places."""
    return Decimal(round(10 ** rng.uniform(2.7, 5.7), 2)).quantize(Decimal("0.01"))


class Places:
    """Where synthetic projects land: a platform and its region, or a county with no platform."""

    def __init__(self):
        counties = list(Region.objects.filter(level=Region.Level.COUNTY).values_list("pk", "path"))
        if not counties:
            raise ValueError("load the regions first (manage.py bootstrap)")
        self.counties = counties
        self.platforms = []
        for platform_id, region_path in Platform.objects.values_list("pk", "region__path"):
            under = [pk for pk, path in counties if path.startswith(region_path)]
            self.platforms.append((platform_id, under or [self._region_id(region_path)]))

    @staticmethod
    def _region_id(path):
        return Region.objects.get(path=path).pk

    def pick(self, rng):
        if self.platforms and rng.random() < 0.5:
            platform_id, regions = rng.choice(self.platforms)
            return rng.choice(regions), platform_id
        return rng.choice(self.counties)[0], None


def _history(rng, today):
    """Stage dates from negotiation onwards, never past today."""
    span = (today - FIRST_DAY).days
    day = FIRST_DAY + dt.timedelta(days=rng.randrange(span))
    dates = {Stage.NEGOTIATING: day}
    for stage, chance, low, high in PROGRESS:
        if rng.random() > chance:
            break
        day = day + dt.timedelta(days=rng.randint(low, high))
        if day > today:
            break
        dates[stage] = day
    if rng.random() < TERMINATION_RATE:
        end = day + dt.timedelta(days=rng.randint(30, 400))
        if end <= today:
            dates[Stage.TERMINATED] = end
    return dates


def generate_projects(*, count, seed=1, today=None, batch=50_000, log=print):
    """Add `count` synthetic projects with histories, chains, plans and monthly reports."""
    rng = random.Random(seed)
    today = today or timezone.localdate()
    places = Places()
    chains = list(IndustryChain.objects.values_list("pk", flat=True))
    with transaction.atomic():
        investors = _enterprises(seed)
        next_id = (Project.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
        for start in range(0, count, batch):
            size = min(batch, count - start)
            rows = _build(rng, places, chains, investors, next_id + start, size, seed, today)
            _write(rows)
            log(f"  {start + size:>9,} projects written")
        _reset_sequences()
        search_refresh()  # one pass over the table beats lists of a million ids
    return count


def _enterprises(seed):
    names = [f"合成企业{seed}-{n:04d}" for n in range(ENTERPRISES)]
    existing = dict(Enterprise.objects.filter(name__in=names).values_list("name", "pk"))
    Enterprise.objects.bulk_create(
        [
            Enterprise(
                name=name, origin=ORIGINS[n % len(ORIGINS)][0], provenance=Provenance.SYNTHETIC
            )
            for n, name in enumerate(names)
            if name not in existing
        ]
    )
    return list(Enterprise.objects.filter(name__in=names).values_list("pk", flat=True))


def _build(rng, places, chains, investors, first_id, size, seed, today):
    now = timezone.now()
    rows = {"project": [], "entries": [], "chains": [], "reports": [], "plans": []}
    for pid in range(first_id, first_id + size):
        dates = _history(rng, today)
        region_id, platform_id = places.pick(rng)
        amount = _amount(rng)
        started = dates.get(Stage.UNDER_CONSTRUCTION)
        project = {
            "id": pid,
            "code": f"SYN-{seed}-{pid:08d}",
            "name": f"合成项目{pid}",
            "investor_id": rng.choice(investors),
            "origin": _weighted(rng, ORIGINS),
            "region_id": region_id,
            "platform_id": platform_id,
            "category": _weighted(rng, CATEGORIES),
            "strategic_emerging": rng.random() < 0.3,
            "key_level": _weighted(rng, KEY_LEVELS),
            "build_type": ("new" if rng.random() < 0.7 else "continuing") if started else "",
            "total_investment": amount,
            "termination_reason": "合成：终止" if Stage.TERMINATED in dates else "",
            **dict.fromkeys(
                ["leader", "contact_name", "contact_phone", "description", "source_note"], ""
            ),
            "provenance": Provenance.SYNTHETIC,
            "version": 1,
            "created_at": now,
            "updated_at": now,
            **{stage.date_field: dates.get(stage) for stage in Stage},
        }
        rows["project"].append(project)
        for stage, day in dates.items():
            rows["entries"].append(
                {
                    "project_id": pid,
                    "stage": stage.value,
                    "entered_on": day,
                    "note": "合成",
                    "recorded_at": now,
                }
            )
        for chain_id in (
            rng.sample(chains, k=min(len(chains), rng.choice([1, 1, 2]))) if chains else []
        ):
            rows["chains"].append({"project_id": pid, "industrychain_id": chain_id})
        if started:
            _money(rng, rows, pid, amount, started, dates, today, now)
    return rows


def _money(rng, rows, pid, amount, started, dates, today, now):
    """Monthly completed investment while under construction (the last 24 months), and plans."""
    end = min(dates.get(Stage.IN_PRODUCTION) or today, dates.get(Stage.TERMINATED) or today)
    month = max(dt.date(started.year, started.month, 1), _months_before(today, REPORT_MONTHS))
    by_year = {}
    while month <= end:
        value = (amount * Decimal(rng.uniform(0.01, 0.05))).quantize(Decimal("0.01"))
        rows["reports"].append(
            {"project_id": pid, "month": month, "completed_investment": value, "reported_at": now}
        )
        by_year[month.year] = by_year.get(month.year, Decimal(0)) + value
        month = (month + dt.timedelta(days=32)).replace(day=1)
    for year, done in by_year.items():
        plan = (done * Decimal(rng.uniform(0.9, 1.3))).quantize(Decimal("0.01"))
        rows["plans"].append({"project_id": pid, "year": year, "planned_investment": plan})


def _months_before(today, n):
    year, month = divmod(today.year * 12 + today.month - 1 - n, 12)
    return dt.date(year, month + 1, 1)


TABLES = [
    ("project", Project._meta.db_table),
    ("entries", StageEntry._meta.db_table),
    ("chains", Project.chains.through._meta.db_table),
    ("reports", InvestmentReport._meta.db_table),
    ("plans", AnnualPlan._meta.db_table),
]


def _write(rows):
    for key, table in TABLES:
        if rows[key]:
            _copy(table, rows[key])


def _copy(table, records):
    columns = list(records[0])
    if connection.vendor == "postgresql":
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        for record in records:
            writer.writerow(["\\N" if record[c] is None else record[c] for c in columns])
        buffer.seek(0)
        with connection.cursor() as cursor:
            cursor.copy_expert(
                f"COPY {table} ({', '.join(columns)}) FROM STDIN WITH (FORMAT csv, NULL '\\N')",
                buffer,
            )
        return
    marks = ", ".join(["%s"] * len(columns))
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})",
            [[record[c] for c in columns] for record in records],
        )


def _reset_sequences():
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for _key, table in TABLES:
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"COALESCE((SELECT MAX(id) FROM {table}), 1))"
            )


def delete_synthetic():
    """Remove every synthetic project and enterprise (their rows cascade)."""
    with transaction.atomic():
        deleted, _ = Project.objects.filter(provenance=Provenance.SYNTHETIC).delete()
        Enterprise.objects.filter(provenance=Provenance.SYNTHETIC, projects__isnull=True).delete()
    return deleted
