from django.core.management.base import BaseCommand, CommandError
from django.db.models import Min

from platforms.models import Region
from projects.models import MonthSubmission
from projects.reporting.selectors import closings_of, month_board, scope_by_code
from projects.reporting.services import months_back
from projects.totals.reads import scope_key


class Command(BaseCommand):
    help = (
        "The reporting months of a region or platform (default: the province): whether each "
        "is closed, each unit's submission, and how many restatements moved its totals."
    )

    def add_arguments(self, parser):
        parser.add_argument("scope", nargs="?", help="region or platform code")
        parser.add_argument("--months", type=int, default=6, help="recent months to show")

    def handle(self, *args, scope=None, months=6, **options):
        place = self._place = self._scope(scope)
        shown = set(months_back(months))
        shown |= set(closings_of(place).values_list("month", flat=True))
        submitted = MonthSubmission.objects.order_by("-month").values_list("month", flat=True)
        shown |= set(submitted.distinct()[:24])
        self.stdout.write(f"{place}")
        for row in month_board(place, sorted(shown, reverse=True)):
            self._month(row)

    def _scope(self, code):
        if code:
            place = scope_by_code(code)
            if place is None:
                raise CommandError(f"no region or platform with code {code!r}")
            return place
        top = Region.objects.filter(level=Region.Level.PROVINCE).aggregate(m=Min("depth"))["m"]
        place = (
            Region.objects.filter(level=Region.Level.PROVINCE, depth=top).order_by("code").first()
        )
        if place is None:
            raise CommandError("no province loaded; name a scope code")
        return place

    def _month(self, row):
        if row.closing is None:
            state = "open"
        else:
            by = row.closing.closed_by or "command"
            state = f"closed {row.closing.closed_at:%Y-%m-%d} by {by}"
            if scope_key(self._place) != (row.closing.scope_kind, row.closing.scope_id):
                state += " (closed above)"
        counts = row.counts
        summary = ", ".join(f"{counts.get(s, 0)} {s.value}" for s in MonthSubmission.Status)
        self.stdout.write(
            f"  {row.month:%Y-%m}  {state}; units {len(row.units)}: {summary}, "
            f"{len(row.units) - sum(counts.values())} not submitted; "
            f"restatements {row.restatements}"
        )
        for unit in row.units:
            submission = row.submissions.get(unit.pk)
            status = submission.get_status_display() if submission else "未报送"
            self.stdout.write(f"      {unit.name}: {status}")
