"""Build fixtures/*.json from the hand-checked spec in fixtures/spec/*.yaml.

    spec ──► places, named records (+ choices) ──► placeholder groups (solver)
         ──► every figure proved on the in-memory records ──► fixture files

The output depends only on the spec: no clock, no database, randomness only
from random.Random seeded per group.
"""

from dataclasses import dataclass, field
from pathlib import Path

from tooling.fixturegen import records
from tooling.fixturegen.evaluate import evaluate
from tooling.fixturegen.placeholders import add_placeholders
from tooling.fixturegen.places import load_places
from tooling.fixturegen.published import load_figures
from tooling.fixturegen.serialize import dump, fixture_files, source_objects
from tooling.fixturegen.spec import SpecError, load_spec
from tooling.fixturegen.world import World
from tooling.promotion_fixtures import add_promotion

__all__ = ["Build", "SpecError", "build", "differences", "write"]


@dataclass
class Build:
    files: dict  # filename -> JSON text
    world: World
    figures: list
    pending: list  # [(figure code, reason)]
    failures: list = field(default_factory=list)  # [(figure, computed)]

    def counts(self):
        return {name: text.count("\n") - 2 for name, text in self.files.items()}


def build(spec_dir):
    """Generate every fixture file from the spec; raise SpecError if any figure fails."""
    spec = load_spec(spec_dir)
    choices = spec["placeholders"]
    world = World(load_places(spec["places"]))
    rec = spec["records"]
    event_kinds = {e["code"]: e["kind"] for e in rec["events"]}
    figures, pending = load_figures(spec["figures"], world.places, event_kinds)
    records.add_enterprises(world, rec, choices.get("enterprise_choices") or {})
    records.add_events(world, rec)
    records.add_projects(world, rec, choices.get("named_choices") or {})
    records.add_relocated_units(world, rec, choices.get("unit_choices") or {})
    records.add_merchants(world, choices.get("merchant_relocations") or [])
    made = add_placeholders(world, figures, choices)
    review = choices["review"]
    candidates = [p.code for p in made.get(review.get("candidate_group"), [])]
    records.add_review(world, rec, review, candidates)
    add_promotion(world, spec["promotion"], figures)
    failures = prove(world, figures)
    if failures:
        lines = [
            f"  {f.code}: published {f.value} ({f.qualifier}), computed {c}" for f, c in failures
        ]
        raise SpecError("figures that the generated records do not reproduce:\n" + "\n".join(lines))
    objects = fixture_files(world, figures)
    objects["07_sources.json"] = source_objects(spec["sources"])
    files = {name: dump(objects) for name, objects in objects.items()}
    return Build(files, world, figures, pending)


def prove(world, figures):
    """[(figure, computed)] for every figure the records do not reproduce."""
    from projects.figures import compare

    failures = []
    for figure in figures:
        computed = evaluate(world, figure)
        if not compare(figure.value, computed, figure.qualifier, figure.places):
            failures.append((figure, computed))
    return failures


def differences(result, out_dir):
    """Names of the fixture files in `out_dir` that differ from `result` (or are extra)."""
    out_dir = Path(out_dir)
    wrong = [
        name
        for name, text in result.files.items()
        if not (out_dir / name).exists() or (out_dir / name).read_text(encoding="utf-8") != text
    ]
    extra = sorted(p.name for p in out_dir.glob("[0-9][0-9]_*.json") if p.name not in result.files)
    return wrong + extra


def write(result, out_dir):
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    for name, text in result.files.items():
        (out_dir / name).write_text(text, encoding="utf-8")
