import sys

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from projects.models import SnapshotInvestmentCell, SnapshotStageCell, StaleMark
from projects.reporting import snapshot
from projects.reporting.selectors import parse_month, scope_by_code
from projects.reporting.services import period_close, units_not_accepted


class Command(BaseCommand):
    help = (
        "Close a month for a region or platform and everything under it, freezing its totals "
        "(按上报口径). Closing a closed month says so and changes nothing. Exits 1, listing "
        "why, while totals wait for a recompute or (without --force) units are not accepted."
    )

    def add_arguments(self, parser):
        parser.add_argument("scope", help="region or platform code, e.g. 130000 or xiongan")
        parser.add_argument("month", help="YYYY-MM")
        parser.add_argument("--force", action="store_true", help="close without acceptances")
        parser.add_argument("--note", default="", help="a note kept with the closing")

    def handle(self, *args, scope, month, force=False, note="", **options):
        place = scope_by_code(scope)
        if place is None:
            raise CommandError(f"no region or platform with code {scope!r}")
        first = parse_month(month)
        if first is None:
            raise CommandError(f"month must be YYYY-MM, not {month!r}")
        try:
            closing, closed_now = period_close(
                actor=None, scope=place, month=first, note=note, force=force
            )
        except ValidationError as e:
            self.stderr.write("; ".join(e.messages))
            self._why(place, first, e)
            sys.exit(1)
        label = f"{place} {first:%Y-%m}"
        if not closed_now:
            self.stdout.write(
                f"{label} is already closed (since {closing.closed_at:%Y-%m-%d %H:%M})."
            )
            return
        stages = SnapshotStageCell.objects.filter(closing=closing).count()
        investment = SnapshotInvestmentCell.objects.filter(closing=closing).count()
        scopes = len(snapshot.scopes_under(place))
        self.stdout.write(
            f"Closed {label}: froze {stages} stage cells and {investment} investment cells "
            f"for {scopes} scopes."
        )

    def _why(self, place, month, error):
        if error.code == "stale":
            marks = StaleMark.objects.filter(snapshot.scopes_q(snapshot.scopes_under(place)))
            for mark in marks.order_by("scope_kind", "scope_id", "month")[:50]:
                when = "—" if mark.month is None else f"{mark.month:%Y-%m}"
                self.stderr.write(
                    f"  stale: {mark.scope_kind}{mark.scope_id} {mark.get_source_display()} {when}"
                )
            self.stderr.write("  run `manage.py recompute_aggregates` first.")
        elif error.code == "not_accepted":
            for unit in units_not_accepted(place, month):
                self.stderr.write(f"  not accepted: {unit.name} ({unit.scope})")
            self.stderr.write("  (--force closes anyway)")
