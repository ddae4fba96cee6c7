import sys

from django.core.management.base import BaseCommand

from projects.figures import figures_reconcile
from projects.models import FigureCheck


class Command(BaseCommand):
    help = (
        "Recompute every published figure and print the table. Exits 1 when any figure does "
        "not match or cannot be computed (a figure the records cannot answer yet must be left "
        "out of the fixtures as pending, not loaded)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--only-problems", action="store_true")

    def handle(self, *args, only_problems=False, **options):
        checks = figures_reconcile()
        rows = [("figure", "scope", "published", "computed", "status", "difference")]
        for check in checks:
            if only_problems and check.matches:
                continue
            f = check.figure
            rows.append(
                (
                    f.code,
                    str(f.scope),
                    f"{f.value.normalize():f} ({f.get_qualifier_display()})",
                    "—"
                    if check.computed_value is None
                    else f"{check.computed_value.normalize():f}",
                    check.status,
                    "—" if check.difference is None else f"{check.difference.normalize():+f}",
                )
            )
            if check.explanation:
                rows[-1] = (*rows[-1][:-1], f"{rows[-1][-1]} {check.explanation}")
        widths = [max(_width(r[i]) for r in rows) for i in range(len(rows[0]))]
        for row in rows:
            self.stdout.write("  ".join(_pad(cell, w) for cell, w in zip(row, widths, strict=True)))
        by_status = {s: [c for c in checks if c.status == s] for s in FigureCheck.Status}
        self.stdout.write(
            f"\n{len(checks)} figures: "
            + ", ".join(f"{len(by_status[s])} {s.value}" for s in FigureCheck.Status)
        )
        for check in by_status[FigureCheck.Status.UNCOMPUTABLE]:
            self.stdout.write(f"  uncomputable {check.figure.code}: {check.explanation}")
        if len(by_status[FigureCheck.Status.MATCH]) != len(checks):
            sys.exit(1)


def _width(text):
    # CJK characters take two columns in a terminal.
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in str(text))


def _pad(text, width):
    return str(text) + " " * (width - _width(text))
