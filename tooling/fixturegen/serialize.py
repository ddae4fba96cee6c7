"""The World as Django fixture files: natural keys, stable order, fixed timestamps."""

import json

from tooling.fixturegen.places import depth
from tooling.fixturegen.records import PLACEHOLDER

# auto_now / auto_now_add columns get this fixed value: loaddata saves raw.
LOADED_AT = "2024-07-01T00:00:00+08:00"
STAGE_FIELDS = {
    "negotiating": "negotiating_on",
    "signed": "signed_on",
    "landed": "landed_on",
    "under_construction": "started_on",
    "in_production": "producing_on",
    "terminated": "terminated_on",
}


def _key(code):
    return [code] if code is not None else None


def _money(wan):
    return f"{wan:.2f}"


def _obj(model, fields, pk=None):
    obj = {"model": model}
    if pk is not None:
        obj["pk"] = pk
    obj["fields"] = {k: v for k, v in fields.items() if v is not None}
    return obj


class Pks:
    """Sequential primary keys for the models without natural keys."""

    def __init__(self):
        self.next = {}

    def __call__(self, model):
        self.next[model] = self.next.get(model, 0) + 1
        return self.next[model]


def places_objects(places):
    objects = []
    for code in sorted(places.regions, key=lambda c: places.region_path[c]):
        r = places.regions[code]
        path = places.region_path[code]
        fields = {"code": code, "name": r["name"], "path": path, "depth": depth(path)}
        fields |= {"level": r["level"], "parent": _key(r.get("parent"))}
        fields |= {
            "administrative_parent": _key(r.get("administrative_parent")),
            "province_administered": r.get("province_administered", False),
        }
        objects.append(_obj("platforms.region", fields))
    for code in sorted(places.platforms, key=lambda c: places.platform_path[c]):
        p = places.platforms[code]
        path = places.platform_path[code]
        fields = {"code": code, "name": p["name"], "path": path, "depth": depth(path)}
        fields |= {"tier": p["tier"], "region": [p["region"]], "parent": _key(p.get("parent"))}
        objects.append(_obj("platforms.platform", fields))
    for code, c in places.chains.items():
        fields = {"code": code, "name": c["name"], "kind": c["kind"]}
        objects.append(_obj("platforms.industrychain", fields | {"region": _key(c.get("region"))}))
    return objects


def enterprise_object(e):
    fields = {"name": e.name, "origin": e.origin, "provenance": e.provenance}
    return _obj("projects.enterprise", fields | {"created_at": LOADED_AT})


def project_object(p):
    fields = {
        "code": p.code,
        "name": p.name,
        "investor": [p.investor],
        "origin": p.origin,
        "region": [p.region],
        "platform": _key(p.platform),
        "category": p.category,
        "strategic_emerging": p.strategic_emerging,
        "key_level": p.key_level or None,
        "build_type": p.build_type or None,
        "total_investment": _money(p.total_investment),
        "description": p.description or None,
    }
    for stage, field in STAGE_FIELDS.items():
        day = p.stages.get(stage)
        fields[field] = day.isoformat() if day else None
    fields |= {
        "termination_reason": p.termination_reason or None,
        "provenance": p.provenance,
        "source_note": p.source_note,
        "created_at": LOADED_AT,
        "updated_at": LOADED_AT,
        "chains": [[c] for c in p.chains] or None,
    }
    return _obj("projects.project", fields)


def project_detail_objects(projects, pks):
    """StageEntry rows (one per stage entered), annual plans and monthly reports."""
    entries, plans, reports = [], [], []
    for p in projects:
        for stage in STAGE_FIELDS:
            if stage in p.stages:
                fields = {"project": [p.code], "stage": stage}
                fields |= {"entered_on": p.stages[stage].isoformat(), "note": p.stage_notes[stage]}
                entries.append(
                    _obj("projects.stageentry", fields | {"recorded_at": LOADED_AT}, pks("entry"))
                )
        for year in sorted(p.plans):
            fields = {
                "project": [p.code],
                "year": year,
                "planned_investment": _money(p.plans[year]),
            }
            plans.append(_obj("projects.annualplan", fields, pks("plan")))
        for month in sorted(p.reports):
            fields = {"project": [p.code], "month": month.isoformat()}
            fields |= {"completed_investment": _money(p.reports[month]), "reported_at": LOADED_AT}
            reports.append(_obj("projects.investmentreport", fields, pks("report")))
    return entries, plans, reports


def unit_object(u, pks):
    fields = {"name": u.name, "kind": u.kind, "origin": u.origin, "region": [u.region]}
    fields |= {"platform": _key(u.platform), "relocated_on": u.relocated_on.isoformat()}
    return _obj("projects.relocatedunit", fields | {"provenance": u.provenance}, pks("unit"))


def merchant_object(m, pks):
    fields = {"source_market": m.source_market, "origin": m.origin, "region": [m.region]}
    fields |= {"platform": _key(m.platform), "merchants": m.merchants, "people": m.people}
    fields |= {"recorded_on": m.recorded_on.isoformat(), "note": m.note or None}
    return _obj(
        "projects.merchantrelocation", fields | {"provenance": m.provenance}, pks("merchant")
    )


def event_objects(world, pks):
    objects = []
    for e in world.events.values():
        fields = {"code": e.code, "name": e.name, "kind": e.kind, "held_on": e.held_on.isoformat()}
        fields |= {"region": [e.region], "platform": _key(e.platform), "description": e.description}
        fields |= {"projects": [[c] for c in e.projects], "provenance": "article"}
        objects.append(_obj("projects.event", fields))
    for r in world.reviews.values():
        fields = {"code": r.code, "title": r.title, "held_on": r.held_on.isoformat()}
        fields |= {"region": [r.region], "platform": _key(r.platform), "max_score": r.max_score}
        objects.append(
            _obj("projects.expertreview", fields | {"online": r.online, "provenance": "article"})
        )
        for c in r.candidates:
            pk = pks("candidate")
            fields = {"review": [r.code], "name": c.name, "project": _key(c.project)}
            objects.append(_obj("projects.reviewcandidate", fields, pk))
            for expert, score in c.scores:
                fields = {"candidate": pk, "expert": expert, "score": f"{score:.2f}"}
                objects.append(_obj("projects.reviewscore", fields, pks("score")))
    return objects


def figure_object(f):
    kind, code = f.scope
    fields = {"code": f.code, "group": f.group, "label": f.label}
    fields |= {"scope_region": [code] if kind == "region" else None}
    fields |= {"scope_platform": [code] if kind == "platform" else None}
    fields |= {"measure": f.measure, "definition": f.definition, "value": str(f.value)}
    fields |= {"qualifier": f.qualifier, "source": f.source, "quote": f.quote, "note": f.note}
    return _obj("projects.publishedfigure", fields)


def fixture_files(world, figures):
    """{filename: objects}: places, named records, placeholders, events, figures.

    02 holds what the articles name (with the stand-in investors they need), 03
    every placeholder record and all plans and reports (their amounts are
    chosen, never reported); 04 the events and the review, after all projects.
    """
    pks = Pks()
    named = [p for p in world.projects if p.provenance != PLACEHOLDER]
    needed = {p.investor for p in named}
    records, plans_and_reports = _records(world, named, needed, pks)
    return {
        "01_places.json": places_objects(world.places),
        "02_records.json": records,
        "03_placeholders.json": _placeholders(world, needed, plans_and_reports, pks),
        "04_events.json": event_objects(world, pks),
        "05_figures.json": [figure_object(f) for f in figures],
        "06_promotion.json": _promotion(world),
    }


def _promotion(world):
    from tooling.promotion_fixtures import promotion_objects

    return promotion_objects(world)


def _records(world, named, needed, pks):
    enterprises = world.enterprises.values()
    objects = [e for e in enterprises if e.name in needed or e.provenance != PLACEHOLDER]
    objects = [enterprise_object(e) for e in objects]
    objects += [project_object(p) for p in named]
    entries, plans, reports = project_detail_objects(named, pks)
    objects += entries
    objects += [unit_object(u, pks) for u in world.units if u.provenance != PLACEHOLDER]
    objects += [merchant_object(m, pks) for m in world.merchants if m.provenance != PLACEHOLDER]
    return objects, (plans, reports)


def _placeholders(world, needed, named_plans_and_reports, pks):
    enterprises = world.enterprises.values()
    objects = [e for e in enterprises if e.name not in needed and e.provenance == PLACEHOLDER]
    objects = [enterprise_object(e) for e in objects]
    stand_ins = [p for p in world.projects if p.provenance == PLACEHOLDER]
    objects += [project_object(p) for p in stand_ins]
    entries, plans, reports = project_detail_objects(stand_ins, pks)
    named_plans, named_reports = named_plans_and_reports
    objects += entries + named_plans + plans + named_reports + reports
    objects += [unit_object(u, pks) for u in world.units if u.provenance == PLACEHOLDER]
    objects += [merchant_object(m, pks) for m in world.merchants if m.provenance == PLACEHOLDER]
    return objects


def source_objects(spec):
    """The articles the figures quote (spec/sources.yaml), by their seed file (natural key)."""
    return [
        {
            "model": "projects.figuresource",
            "fields": {
                "file": s["file"],
                "title": s["title"],
                "publisher": s.get("publisher") or "",
                "published_on": str(s["published_on"]) if s.get("published_on") else None,
                "note": s.get("note") or "",
            },
        }
        for s in spec["sources"]
    ]


def dump(objects):
    """One object a line: small diffs, stable bytes."""
    lines = [json.dumps(o, ensure_ascii=False, separators=(", ", ": ")) for o in objects]
    return "[\n" + ",\n".join(lines) + "\n]\n"
