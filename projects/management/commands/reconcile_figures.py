import sys

from django.core.management.base import BaseCommand

from projects.figures import figures_reconcile, restatements_behind
from projects.models import FigureCheck


class Command(BaseCommand):
    help = (
        "Recompute every published figure and print the table; a figure quoted from a closed "
        "month is checked as reported (from its snapshot) too. Exits 1 when any figure does "
        "not match or cannot be computed (a figure the records cannot answer yet must be left "
        "out of the fixtures as pending, not loaded), unless it still matches as reported: "
        "those are listed with the restatements that moved them."
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
            if f.reported_month:
                rows[-1] = (*rows[-1][:-1], f"{rows[-1][-1]} {_as_reported(check)}")
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
        restated = [c for c in checks if c.restated]
        if restated:
            self.stdout.write(
                f"\n{len(restated)} figures current data no longer support, as reported still:"
            )
        for check in restated:
            self._restated(check)
        if any(_unexplained(c) for c in checks):
            sys.exit(1)

    def _restated(self, check):
        f = check.figure
        self.stdout.write(f"  {f.code} (reported {f.reported_month:%Y-%m}):")
        behind = restatements_behind(f)
        for r in behind:
            self.stdout.write(
                f"    {r.made_at:%Y-%m-%d %H:%M} {r.actor or '—'} {r.subject}：{r.reason}"
            )
        if not behind:
            self.stdout.write(
                "    (no restatement recorded: changes made while the month was open)"
            )


def _as_reported(check):
    value = "—" if check.reported_value is None else f"{check.reported_value.normalize():f}"
    text = f"[as reported {check.figure.reported_month:%Y-%m}: {value} {check.reported_status}]"
    if check.reported_explanation:
        text += f" {check.reported_explanation}"
    return text


def _unexplained(check):
    """A figure that fails now and is not explained by a restatement of its reported month,
    or one that its reported month's snapshot does not support."""
    if check.figure.reported_month and check.reported_status != FigureCheck.Status.MATCH:
        return True
    return not check.matches and not check.restated


def _width(text):
    # CJK characters take two columns in a terminal.
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in str(text))


def _pad(text, width):
    return str(text) + " " * (width - _width(text))
