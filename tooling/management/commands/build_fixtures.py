"""Regenerate fixtures/*.json from fixtures/spec/*.yaml, or check that they are current."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from tooling import fixturegen

FIXTURES_DIR = Path(settings.BASE_DIR) / "fixtures"


class Command(BaseCommand):
    help = (
        "Build the fixtures from fixtures/spec (deterministic). With --check, write nothing and "
        "exit non-zero when the committed JSON differs from what the spec produces."
    )

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true", help="compare instead of writing")
        parser.add_argument("--spec-dir", default=str(FIXTURES_DIR / "spec"))
        parser.add_argument("--out-dir", default=str(FIXTURES_DIR))

    def handle(self, *args, check=False, spec_dir=None, out_dir=None, **options):
        try:
            result = fixturegen.build(spec_dir)
        except fixturegen.SpecError as e:
            raise CommandError(str(e)) from e
        self._report(result)
        if check:
            stale = fixturegen.differences(result, out_dir)
            if stale:
                raise CommandError(
                    f"out of date in {out_dir}: {', '.join(stale)} — run manage.py build_fixtures"
                )
            self.stdout.write("fixtures are up to date")
            return
        fixturegen.write(result, out_dir)
        self.stdout.write(f"wrote {len(result.files)} files to {out_dir}")

    def _report(self, result):
        for name, count in result.counts().items():
            self.stdout.write(f"  {name:<22} {count:>6} objects")
        world = result.world
        stand_ins = sum(p.provenance == "placeholder" for p in world.projects)
        self.stdout.write(
            f"{len(world.projects)} projects ({stand_ins} placeholders), {len(world.units)} "
            f"relocated units; {len(result.figures)} figures, all reproduced"
        )
        if result.pending:
            self.stdout.write(f"{len(result.pending)} figures left out (pending):")
            for code, reason in result.pending:
                self.stdout.write(f"  {code}: {reason}")
