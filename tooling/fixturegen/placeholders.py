"""The solver: placeholder groups sized from what the published figures still lack.

Groups are made in the order placeholders.yaml lists them. A `count` or an
amount may be `{fill: FIGURE}`: the figure's value less what the records made
so far (named records and earlier groups) already give, so nested scopes are
filled inside out and one project counts towards every figure whose scope and
definition select it. The final check in build() proves every figure.
"""

import random
from decimal import Decimal

from tooling.fixturegen.allocate import apportion, pick_date, random_weights, split
from tooling.fixturegen.evaluate import evaluate
from tooling.fixturegen.published import figure_of
from tooling.fixturegen.records import PLACEHOLDER, with_parents
from tooling.fixturegen.spec import (
    CENT,
    WAN_PER_YI,
    SpecError,
    as_date,
    as_decimal,
    as_month,
    yi_to_wan,
)
from tooling.fixturegen.world import PIPELINE, ProjectRow, RelocatedUnitRow

CODE_MAX = 40
ATTRS = ("origin", "category", "key_level", "build_type", "strategic_emerging")
PLAN_UNIT = Decimal(10)


class Solver:
    def __init__(self, world, figures, choices):
        self.world = world
        self.figures = {f.code: f for f in figures}
        self.seed = str(choices["seed"])
        self.enterprises = choices["placeholder_enterprises"]

    def rng(self, code):
        return random.Random(f"{self.seed}:{code}")

    # ── targets ─────────────────────────────────────────────────────────────

    def remainder(self, spec, where):
        """What a figure still lacks (its unit: count, 亿元 …), or an explicit value."""
        if not isinstance(spec, dict):
            return as_decimal(spec)
        figure = self.target_figure(spec["fill"], where)
        target = as_decimal(spec["value"]) if "value" in spec else figure.value
        return target - evaluate(self.world, figure)

    def target_figure(self, fill, where):
        if isinstance(fill, str):
            if fill not in self.figures:
                raise SpecError(f"{where}: fill names unknown figure {fill!r}")
            return self.figures[fill]
        entry = {"id": "adhoc", "source": "", "quote": "", "scope_code": fill["scope_code"]}
        return figure_of(entry, {**fill, "value": 0}, "adhoc", self.world.places)

    def count(self, spec, where):
        n = self.remainder(spec, where)
        if n != n.to_integral_value() or n < 1:
            raise SpecError(f"{where}: count works out at {n}")
        return int(n)

    def amount(self, spec, where):
        """An amount in 万元 from 亿元 (explicit or the remainder of a figure)."""
        yi = self.remainder(spec, where)
        wan = yi * WAN_PER_YI
        if yi < 0 or wan != wan.quantize(CENT):
            raise SpecError(f"{where}: amount works out at {yi} 亿元")
        return wan.quantize(CENT)

    # ── groups ──────────────────────────────────────────────────────────────

    def add_group(self, group):
        """Make one group: size it, draw its members, split its money, add it to the World."""
        code = group["code"]
        rng = self.rng(code)
        # Every target is read before the group exists: a fill sees only earlier records.
        n = self.count(group["count"], f"group {code} count")
        total = self.amount(group["investment"], f"group {code} investment")
        plans = {
            int(year): self.amount(spec, f"group {code} plan {year}")
            for year, spec in (group.get("plans") or {}).items()
        }
        reports = [
            ([as_month(m) for m in r["months"]], self.amount(r["total"], f"group {code} reports"))
            for r in group.get("reports") or []
        ]
        rows = [self.member(group, i, n, rng) for i in range(n)]
        for row, amount in zip(rows, self.investments(group, total, n, rng), strict=True):
            row.total_investment = amount
        self.plan_and_report(rows, plans, reports, rng, code)
        for row in rows:
            self.world.add_project(row)
        return rows

    def investments(self, group, total, n, rng):
        bounds = {k: yi_to_wan(group[k]) for k in ("min_each", "max_each") if k in group}
        lo, hi = bounds.get("min_each", Decimal(0)), bounds.get("max_each")
        return split(total, n, rng, lo=lo, hi=hi, spread=group.get("spread", 0.35))

    def member(self, group, i, n, rng):
        """Member `i` of a group, without its amounts."""
        places = self.world.places
        region, platform = places.place(str(_cycle(group["places"], i)))
        attrs = _attrs(group, i)
        code = f"ph-{group['code']}-{i + 1:04d}"
        if len(code) > CODE_MAX:
            raise SpecError(f"project code {code} is longer than {CODE_MAX}")
        stages, reason = self.stages(group, i, n, rng)
        origin = attrs.get("origin", "hebei")
        return ProjectRow(
            code=code,
            name=f"占位项目·{places.name_of(region, platform)}·{group['label']}·{i + 1:04d}",
            investor=self.world.add_enterprise(self.enterprises[origin], origin, PLACEHOLDER),
            origin=origin,
            region=region,
            platform=platform,
            category=attrs.get("category", "industrial"),
            total_investment=Decimal(0),
            provenance=PLACEHOLDER,
            source_note=f"占位项目，补足报道总数：{'、'.join(group['for'])}"[:500],
            strategic_emerging=bool(attrs.get("strategic_emerging", False)),
            key_level=attrs.get("key_level") or "",
            # only a started project has a build type; the service's default is “new”
            build_type=(attrs.get("build_type") or "new") if "under_construction" in stages else "",
            stages=stages,
            stage_notes=dict.fromkeys(stages, "占位"),
            termination_reason=reason,
            chains=_chains(group, i, places),
            events=with_parents(self.world, group.get("events") or []),
        )

    def stages(self, group, i, n, rng):
        """Dates for member `i`: each stage in its window, in order; `share` cuts later stages."""
        dates, previous, reason, cut = {}, None, "", False
        for stage in [*PIPELINE, "terminated"]:
            spec = _stage_spec(group["stages"].get(stage))
            if spec is None or (cut and stage != "terminated"):
                continue
            if "share" in spec and i >= round(spec["share"] * n):
                cut = stage != "terminated"
                continue
            start, end = spec["window"]
            dates[stage] = pick_date(rng, start, end, after=previous)
            previous = dates[stage]
            if stage == "terminated":
                reason = spec.get("reason") or "占位：项目终止"
        if "negotiating" not in dates and "signed" not in dates:
            raise SpecError(f"group {group['code']}: members need a negotiating or signed date")
        for earlier, later in zip(PIPELINE[1:], PIPELINE[2:], strict=False):
            if later in dates and earlier not in dates:
                raise SpecError(f"group {group['code']}: {later} without {earlier}")
        return dates, reason

    def plan_and_report(self, rows, plans, reports, rng, code):
        weights = [row.total_investment for row in rows]
        for year, total in plans.items():
            for row, part in zip(rows, apportion(total, weights, PLAN_UNIT), strict=True):
                row.plans[year] = part
        for months, total in reports:
            for row, part in zip(rows, apportion(total, weights, PLAN_UNIT), strict=True):
                started = row.stages.get("under_construction")
                if started is None or min(months) < started.replace(day=1):
                    raise SpecError(f"group {code}: {row.code} reports before it started")
                shares = apportion(part, random_weights(rng, len(months), 0.3), PLAN_UNIT)
                for month, share in zip(months, shares, strict=True):
                    row.reports[month] = row.reports.get(month, Decimal(0)) + share

    # ── relocated units ─────────────────────────────────────────────────────

    def add_unit_group(self, group, first_number):
        rng = self.rng(f"units:{group['code']}")
        n = self.count(group["count"], f"unit group {group['code']}")
        start, end = (as_date(d) for d in group["window"])
        for i in range(n):
            region, platform = self.world.places.place(str(_cycle(group["places"], i)))
            self.world.units.append(
                RelocatedUnitRow(
                    name=f"占位单位 {first_number + i:04d}",
                    kind=group["kind"],
                    origin=_cycle(group["origin"], i),
                    region=region,
                    platform=platform,
                    relocated_on=pick_date(rng, start, end),
                    provenance=PLACEHOLDER,
                )
            )
        return n


def _cycle(values, i):
    return values[i % len(values)] if isinstance(values, list) else values


def _attrs(group, i):
    attrs = {k: _cycle(v, i) for k, v in group["attrs"].items()}
    unknown = set(attrs) - set(ATTRS)
    if unknown:
        raise SpecError(f"group {group['code']}: unknown attrs {sorted(unknown)}")
    if attrs.get("build_type") and "under_construction" not in group["stages"]:
        raise SpecError(f"group {group['code']}: build_type without a start date")
    return attrs


def _chains(group, i, places):
    chains = _cycle(group["chains_cycle"], i) if "chains_cycle" in group else group.get("chains")
    for chain in chains or []:
        places.check_chain(chain, f"group {group['code']}")
    return list(chains or [])


def _stage_spec(spec):
    """A stage of a group: a day, a [start, end] window, or a mapping with share/reason."""
    if spec is None:
        return None
    if not isinstance(spec, dict):
        spec = {"window": spec}
    window = spec.get("window", spec.get("date"))
    if isinstance(window, list):
        start, end = (as_date(d) for d in window)
    else:
        start = end = as_date(window)
    return {**spec, "window": (start, end)}


def add_placeholders(world, figures, choices):
    """Every placeholder group and unit group of placeholders.yaml, in order."""
    solver = Solver(world, figures, choices)
    made = {}
    for group in choices["groups"]:
        made[group["code"]] = solver.add_group(group)
    number = 1
    for group in choices["relocated_unit_groups"]:
        number += solver.add_unit_group(group, number)
    return made
