"""records.yaml: the enterprises, projects, events, units and review the seed articles name.

Where an article leaves a value open (an amount, a day, an origin) the choice is
taken from placeholders.yaml `named_choices` and flagged on the record, so that
nothing invented passes for reported.
"""

import datetime
from decimal import Decimal

from tooling.fixturegen.spec import SpecError, amount_to_wan, as_date, as_month, yi_to_wan
from tooling.fixturegen.world import (
    PIPELINE,
    STAGES,
    CandidateRow,
    EventRow,
    MerchantRow,
    ProjectRow,
    RelocatedUnitRow,
    ReviewRow,
)

ARTICLE = "article"
PLACEHOLDER = "placeholder"
STAND_IN_SUFFIX = "（投资方全称未载）"
BACKFILL_DAYS = 30
BASIS_NOTES = {
    "stated": "据报道",
    "implied": "据报道（日期推定）",
    "assumed": "占位：推定日期",
    "public_record": "占位：公开资料日期",
    "chosen": "占位：生成器选定日期",
    "backfilled": "占位：补足前序阶段",
}


def source_note(source, quote, limit=120):
    """A seed file and a short quote, as Project.source_note."""
    quote = " ".join(str(quote).split())
    short = quote if len(quote) <= limit else quote[:limit] + "…"
    return f"{source}：「{short}」"


def add_enterprises(world, records, choices):
    """Every enterprise records.yaml names, its origin chosen where the article gives none."""
    for spec in records["enterprises"]:
        origin = spec.get("origin") or (choices.get(spec["name"]) or {}).get("origin")
        if not origin:
            raise SpecError(f"enterprise {spec['name']}: no origin; add it to enterprise_choices")
        world.add_enterprise(spec["name"], origin, ARTICLE)


def add_events(world, records):
    for spec in records["events"]:
        region, platform = world.places.place(str(spec["scope"]))
        world.events[spec["code"]] = EventRow(
            code=spec["code"],
            name=spec["name"],
            kind=spec["kind"],
            held_on=as_date(spec["date"]),
            region=region,
            platform=platform,
            description=f"{' '.join(spec['quote'].split())}（{spec['source']}）",
            parent=spec.get("parent_event"),
        )
    for event in world.events.values():
        if event.parent and event.parent not in world.events:
            raise SpecError(f"event {event.code}: unknown parent {event.parent!r}")


def with_parents(world, codes):
    """Event codes with the city-wide events their sessions belong to, in a stable order."""
    out = []
    for code in codes:
        if code not in world.events:
            raise SpecError(f"unknown event {code!r}")
        while code and code not in out:
            out.append(code)
            code = world.events[code].parent
    return out


def add_projects(world, records, choices):
    for spec in records["projects"]:
        world.add_project(named_project(world, spec, choices.get(spec["code"]) or {}))
    for spec in records.get("unnamed_records") or []:
        if spec.get("stages"):  # only the unnamed records that are projects
            choice = choices.get(spec["code"]) or {}
            world.add_project(named_project(world, _unnamed_as_project(spec, choice), choice))


def _unnamed_as_project(spec, choice):
    return {
        "code": spec["code"],
        "name": choice["name"],
        "investor": None,
        "region": spec["region"],
        "platform": spec.get("platform"),
        "category": choice.get("category", "industrial"),
        "chains": spec.get("chains") or [],
        "total_investment": None,
        "stages": spec["stages"],
        "stage_as_of": spec.get("stage_as_of"),
        "events": [],
        "source": spec["source"],
        "quote": spec["quote"],
    }


def named_project(world, spec, choice):
    """A project as the article names it, completed with the choices for what it leaves open."""
    code = spec["code"]
    region, platform = str(spec["region"]), spec.get("platform")
    _check_place(world.places, code, region, platform)
    amount, described = _named_amount(spec, choice)
    investor, origin = _investor(world, spec, choice)
    stages, notes = named_stages(code, spec.get("stages") or {}, choice.get("stages") or {})
    for chain in spec.get("chains") or []:
        world.places.check_chain(chain, f"project {code}")
    se = choice.get("strategic_emerging", spec.get("strategic_emerging"))
    row = ProjectRow(
        code=code,
        name=spec["name"],
        investor=investor,
        origin=choice.get("origin", origin),
        region=region,
        platform=platform,
        category=spec.get("category") or choice["category"],
        total_investment=amount,
        provenance=ARTICLE,
        source_note=source_note(spec["source"], spec["quote"]),
        description=described,
        strategic_emerging=bool(se),
        key_level=spec.get("key_level") or "",
        build_type=spec.get("build_type") or "",
        stages=stages,
        stage_notes=notes,
        chains=list(spec.get("chains") or []),
        events=with_parents(world, spec.get("events") or []),
        plans={int(y): yi_to_wan(v) for y, v in (choice.get("plans") or {}).items()},
        reports={as_month(m): yi_to_wan(v) for m, v in (choice.get("reports") or {}).items()},
    )
    _check_stage_as_of(row, spec.get("stage_as_of"))
    return row


def _named_amount(spec, choice):
    """(万元, description): the reported amount, or the chosen one flagged as such."""
    amount = amount_to_wan(spec.get("total_investment"))
    if amount is not None:
        return amount, ""
    if "total_investment" not in choice:
        raise SpecError(f"project {spec['code']}: no amount; add it to named_choices")
    chosen = choice["total_investment"]
    return yi_to_wan(chosen), f"报道未载总投资，{chosen}亿元为占位取值。"


def _check_place(places, code, region, platform):
    if region not in places.regions:
        raise SpecError(f"project {code}: unknown region {region!r}")
    if platform is not None:
        if platform not in places.platforms:
            raise SpecError(f"project {code}: unknown platform {platform!r}")
        if not places.region_within(region, places.platforms[platform]["region"]):
            raise SpecError(f"project {code}: region outside its platform's region")


def _investor(world, spec, choice):
    """(enterprise name, origin): the named investor, or a stand-in marked as such."""
    if spec.get("investor"):
        name = spec["investor"]
        if name not in world.enterprises:
            raise SpecError(f"project {spec['code']}: investor {name} is not in enterprises")
        return name, world.enterprises[name].origin
    stand_in = choice.get("investor") or {}
    name = stand_in.get("name") or f"{spec['name']}{STAND_IN_SUFFIX}"
    origin = stand_in.get("origin", "hebei")
    world.add_enterprise(name, origin, PLACEHOLDER)
    return name, origin


def named_stages(code, stages, chosen):
    """Stage dates and notes of a named project; earlier stages backfilled as constraints need."""
    dates, notes = {}, {}
    for stage in STAGES:
        spec = stages.get(stage)
        if stage in chosen:
            dates[stage], notes[stage] = as_date(chosen[stage]), BASIS_NOTES["chosen"]
        elif spec is not None:
            if spec.get("date") is None:
                raise SpecError(f"project {code}: {stage} has no date; add it to named_choices")
            dates[stage] = as_date(spec["date"])
            notes[stage] = BASIS_NOTES[spec.get("basis", "stated")]
        if stage in dates and spec:
            _check_window(code, stage, dates[stage], spec.get("window"))
    _backfill(code, dates, notes)
    return dates, notes


def _check_window(code, stage, day, window):
    if not window:
        return
    start, end = as_date(window[0]), as_date(window[1])
    if (start and day < start) or (end and day > end):
        raise SpecError(f"project {code}: {stage} {day} outside its window {window}")


def _backfill(code, dates, notes):
    """Give the stages between signing and the latest one a date, 30 days apart."""
    reached = [s for s in PIPELINE if s in dates]
    if not reached:
        raise SpecError(f"project {code}: no stage dates; add some to named_choices")
    latest = PIPELINE.index(reached[-1])
    for index in range(latest - 1, 0, -1):
        stage = PIPELINE[index]
        if stage not in dates:
            later = dates[PIPELINE[index + 1]]
            dates[stage] = later - datetime.timedelta(days=BACKFILL_DAYS)
            notes[stage] = BASIS_NOTES["backfilled"]
    ordered = [dates[s] for s in PIPELINE if s in dates]
    if ordered != sorted(ordered):
        raise SpecError(f"project {code}: stage dates out of order {dates}")


def _check_stage_as_of(row, as_of):
    if not as_of or not as_of.get("stage"):
        return
    actual = row.stage_on(as_date(as_of["date"]))
    if actual != as_of["stage"]:
        raise SpecError(
            f"project {row.code}: stage on {as_of['date']} is {actual}, spec says {as_of['stage']}"
        )


def add_relocated_units(world, records, choices):
    for spec in records.get("relocated_units") or []:
        choice = choices.get(spec["name"]) or {}
        day = as_date(choice.get("date") or spec["relocated_on"].get("date"))
        kind = choice.get("kind") or spec.get("kind")
        if day is None or kind is None:
            raise SpecError(f"relocated unit {spec['name']}: add date/kind to unit_choices")
        world.units.append(
            RelocatedUnitRow(
                name=spec["name"],
                kind=kind,
                origin=spec["origin"],
                region=str(spec["region"]),
                platform=spec.get("platform"),
                relocated_on=day,
                provenance=ARTICLE,
            )
        )


def add_merchants(world, rows):
    for spec in rows:
        region, platform = world.places.place(str(spec["place"]))
        world.merchants.append(
            MerchantRow(
                source_market=spec["source_market"],
                origin=spec["origin"],
                region=region,
                platform=platform,
                merchants=int(spec["merchants"]),
                people=int(spec.get("people") or 0),
                recorded_on=as_date(spec["recorded_on"]),
                note=spec.get("note", ""),
                provenance=spec["provenance"],
            )
        )


def add_review(world, records, choice, candidate_projects):
    """The expert review; candidates linked to their placeholder projects by position."""
    spec = next(r for r in records["expert_reviews"] if r["code"] == choice["code"])
    region, platform = str(spec["region"]), spec.get("platform")
    experts = choice["experts"]
    if len(experts) != spec["reviewers"]["count"]:
        raise SpecError("review: expert count differs from records.yaml")
    if len(choice["candidates"]) != spec["candidates"]["count"]:
        raise SpecError("review: candidate count differs from records.yaml")
    review = ReviewRow(
        code=spec["code"],
        title=spec["title"],
        held_on=as_date(spec["date"]),
        region=region,
        platform=platform,
        max_score=int(spec["max_score"]),
        online=bool(spec.get("online", True)),
    )
    for index, candidate in enumerate(choice["candidates"]):
        scores = [Decimal(str(s)) for s in candidate["scores"]]
        if len(scores) != len(experts):
            raise SpecError(f"review candidate {candidate['name']}: one score per expert")
        project = candidate_projects[index] if index < len(candidate_projects) else None
        review.candidates.append(
            CandidateRow(candidate["name"], project, list(zip(experts, scores, strict=True)))
        )
    world.reviews[review.code] = review
