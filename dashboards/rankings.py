"""Rankings (排名): the units under a scope compared by each measure, year to date, and by
completion of their annual targets against 时序进度.

Read from the totals tables (flows of the year's months, completed investment), like the
dashboards: a fixed handful of queries whatever the number of projects.
"""

import datetime
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Q, Sum
from django.utils.translation import gettext_lazy as _

from dashboards.reads import _scopes_q, child_scopes, time_progress
from dashboards.targets import targets_of
from platforms.models import Platform, Region
from projects.models import TARGET_FIELDS, Cut, InvestmentMonthTotal, Stage, StageMonthTotal
from projects.money import exact_sum
from projects.periods import month_end
from projects.totals.reads import scope_key


@dataclass(frozen=True)
class Measure:
    field: str
    label: str
    kind: str  # "count" or "investment" (万元)
    stage: Stage | None  # the stage whose flow it counts; None: completed investment


_STAGES = {
    "signed": Stage.SIGNED,
    "landed": Stage.LANDED,
    "started": Stage.UNDER_CONSTRUCTION,
    "completed": None,
}
MEASURES = [Measure(f, label, kind, _STAGES[f.split("_")[0]]) for f, label, kind in TARGET_FIELDS]
BY_FIELD = {m.field: m for m in MEASURES}


@dataclass
class Entry:
    """One unit's standing on one measure."""

    place: object
    value: object  # int, or Decimal 万元
    target: object  # the annual target, or None
    elapsed: Decimal
    rank: int = 0
    completion_rank: int | None = None

    @property
    def pct(self):
        """Completion of the annual target, in percent (None without a target)."""
        if not self.target:
            return None
        return (Decimal(self.value) * 100 / Decimal(self.target)).quantize(
            Decimal("0.1"), rounding=ROUND_HALF_UP
        )

    @property
    def gap(self):
        """Percentage points ahead of (+) or behind (−) 时序进度."""
        pct = self.pct
        return None if pct is None else (pct - self.elapsed).quantize(Decimal("0.1"))

    @property
    def pace(self):
        """ahead / behind / none: the colour of the row."""
        gap = self.gap
        if gap is None:
            return "none"
        return "ahead" if gap >= 0 else "behind"


def competition_ranks(values):
    """1224 ranking of the values, largest first: equal values share a rank."""
    order = sorted(range(len(values)), key=lambda i: values[i], reverse=True)
    ranks = [0] * len(values)
    for position, i in enumerate(order):
        if position and values[i] == values[order[position - 1]]:
            ranks[i] = ranks[order[position - 1]]
        else:
            ranks[i] = position + 1
    return ranks


@dataclass
class Ranking:
    scope: object
    year: int
    last: datetime.date  # first day of the last month counted
    groups: list  # [(title, [place])]: regions, then platforms, never ranked together
    values: dict  # (kind, pk) -> {field: value}
    targets: dict  # (kind, pk) -> AnnualTarget
    elapsed: Decimal = field(default=Decimal(0))

    @property
    def start(self):
        return datetime.date(self.year, 1, 1)

    @property
    def end(self):
        return month_end(self.last)

    def value(self, place, measure):
        return self.values.get(scope_key(place), {}).get(measure.field, _zero(measure))

    def target(self, place, measure):
        target = self.targets.get(_key(place))
        return None if target is None else target.value(measure.field)

    def table(self, measure, places, by="value"):
        """[Entry] of `places` on `measure`, ranked; ordered by value or by completion."""
        entries = [
            Entry(p, self.value(p, measure), self.target(p, measure), self.elapsed) for p in places
        ]
        for entry, rank in zip(entries, competition_ranks([e.value for e in entries]), strict=True):
            entry.rank = rank
        with_target = [e for e in entries if e.pct is not None]
        ranks = competition_ranks([e.pct for e in with_target])
        for entry, rank in zip(with_target, ranks, strict=True):
            entry.completion_rank = rank
        if by == "completion":
            return sorted(
                entries, key=lambda e: (e.completion_rank is None, e.completion_rank or 0)
            )
        return sorted(entries, key=lambda e: e.rank)

    def matrix(self, places):
        """[(place, [(measure, Entry)])], places in their order: every measure at a glance."""
        by_place = {scope_key(p): [] for p in places}
        for measure in MEASURES:
            for entry in self.table(measure, places):
                by_place[scope_key(entry.place)].append((measure, entry))
        return [(p, by_place[scope_key(p)]) for p in places]


def _zero(measure):
    return 0 if measure.kind == "count" else Decimal(0)


def _key(place):
    return ("platform" if isinstance(place, Platform) else "region", place.pk)


def ranking_groups(scope):
    """Cities of the province; the counties, and apart the platforms, of a city or county."""
    children = child_scopes(scope)
    regions = [c for c in children if isinstance(c, Region)]
    platforms = [c for c in children if isinstance(c, Platform)]
    groups = []
    if regions:
        groups.append((_("地区"), regions))
    if platforms:
        groups.append((_("承接平台"), platforms))
    return groups


def read_ranking(scope, year, last_month):
    """The ranking of the units under `scope` from January to `last_month` of `year`."""
    last = datetime.date(year, last_month, 1)
    groups = ranking_groups(scope)
    places = [p for _t, group in groups for p in group]
    values = {scope_key(p): {} for p in places}
    if places:
        _read_flows(values, places, year, last)
        _read_completed(values, places, year, last)
    return Ranking(scope, year, last, groups, values, targets_of(places, year), time_progress(last))


def scope_progress(scope, year, last_month):
    """[Entry] of the scope itself on every measure: January to `last_month` against its own
    annual targets and 时序进度 (the dashboard's 年度目标 panel)."""
    last = datetime.date(year, last_month, 1)
    values = {scope_key(scope): {}}
    _read_flows(values, [scope], year, last)
    _read_completed(values, [scope], year, last)
    target = targets_of([scope], year).get(_key(scope))
    ranking = Ranking(scope, year, last, [], values, {}, time_progress(last))
    return [
        Entry(
            scope,
            ranking.value(scope, m),
            None if target is None else target.value(m.field),
            ranking.elapsed,
        )
        for m in MEASURES
    ]


def _read_flows(values, places, year, last):
    stages = [m.stage.value for m in MEASURES if m.stage]
    rows = (
        StageMonthTotal.objects.filter(_scopes_q(places), cut=Cut.ALL, cut_value="")
        .filter(stage__in=stages, month__gte=datetime.date(year, 1, 1), month__lte=last)
        .values("scope_kind", "scope_id", "stage")
        .annotate(count=Sum("entered_count"), investment=Sum("entered_investment"))
        .order_by()
    )
    for row in rows:
        cell = values[(row["scope_kind"], row["scope_id"])]
        for measure in MEASURES:
            if measure.stage and measure.stage.value == row["stage"]:
                if measure.kind == "count":
                    cell[measure.field] = row["count"] or 0
                else:
                    cell[measure.field] = exact_sum(row["investment"])


def _read_completed(values, places, year, last):
    rows = (
        InvestmentMonthTotal.objects.filter(_scopes_q(places), cut=Cut.ALL, cut_value="")
        .filter(Q(month__gte=datetime.date(year, 1, 1)) & Q(month__lte=last))
        .values("scope_kind", "scope_id")
        .annotate(done=Sum("completed_investment"))
        .order_by()
    )
    for row in rows:
        values[(row["scope_kind"], row["scope_id"])]["completed_investment"] = exact_sum(
            row["done"]
        )
