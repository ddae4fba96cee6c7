from django.core.management.base import BaseCommand, CommandError

from platforms.models import Platform, Region
from projects import figures, search, totals
from projects.models import ScopeKind, StaleMark


class Command(BaseCommand):
    help = (
        "Recompute the totals tables (all, or one region/platform by code) and reconcile figures."
    )

    def add_arguments(self, parser):
        parser.add_argument("--scope", help="region or platform code; default: everything")
        parser.add_argument("--stale", action="store_true", help="only the cells marked stale")

    def handle(self, *args, scope=None, stale=False, **options):
        if scope:
            node = (
                Region.objects.filter(code=scope).first()
                or Platform.objects.filter(code=scope).first()
            )
            if node is None:
                raise CommandError(f"no region or platform with code {scope!r}")
            kind = ScopeKind.REGION if isinstance(node, Region) else ScopeKind.PLATFORM
            # One scope is recomputed by marking it and everything under it wholly stale
            # (a scope's totals are summed from its children's): the same path as an edit.
            StaleMark.objects.bulk_create(
                StaleMark(scope_kind=kind, scope_id=pk, month=None)
                for pk in type(node).objects.subtree(node).values_list("pk", flat=True)
            )
            stale = True
        if stale:
            runs = 0
            while totals.aggregates_recompute_stale() is not None:
                runs += 1
            self.stdout.write(f"recomputed stale cells in {runs} run(s)")
        else:
            run = totals.aggregates_rebuild()
            self.stdout.write(f"full rebuild in {run.seconds:.2f} s")
            # Records loaded around the services lack their search texts too.
            search.search_refresh()
            self.stdout.write("rewrote the search texts")
        checks = figures.figures_reconcile()
        bad = sum(not c.matches for c in checks)
        self.stdout.write(f"reconciled {len(checks)} published figures, {bad} not matching")
