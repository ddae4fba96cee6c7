import time

from django.core.management.base import BaseCommand

from projects import figures, totals
from tooling import synthetic


class Command(BaseCommand):
    help = "Add N synthetic projects (marked SYN-…, provenance synthetic) in bulk, then rebuild the totals."

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, required=True)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--delete", action="store_true", help="first remove all synthetic projects"
        )
        parser.add_argument("--no-rebuild", action="store_true")

    def handle(self, *args, count, seed, delete, no_rebuild, **options):
        if delete:
            self.stdout.write(f"deleted {synthetic.delete_synthetic()} synthetic rows")
        started = time.monotonic()
        synthetic.generate_projects(count=count, seed=seed, log=self.stdout.write)
        self.stdout.write(f"generated {count:,} projects in {time.monotonic() - started:.1f} s")
        if not no_rebuild:
            run = totals.aggregates_rebuild()
            figures.figures_reconcile()
            self.stdout.write(f"totals rebuilt in {run.seconds:.1f} s")
