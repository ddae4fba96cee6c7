"""Stale marks for a whole import: one set of cells, one recompute queued on commit.

The cells are those projects/totals/marks.py marks for one record, collected over
the batch: every scope above the record's region and platform (both trees),
for each month a changed date, report or unit falls in, before and after the
change, in the totals table the change moves (StaleMark.Source).
"""

import datetime

from django.db import transaction

from projects.models import StaleMark
from projects.reporting.restatements import check_marks
from projects.totals.marks import queue_recompute

Source = StaleMark.Source


class Marks:
    def __init__(self, places):
        self.places = places
        self._months = {}  # (region_id, platform_id, source) -> {month or None}

    def add(self, region_id, platform_id, days, source=Source.ALL):
        """Mark the months of `days` (None: every month) of a place, in one table or all."""
        months = self._months.setdefault((region_id, platform_id, source), set())
        for day in days:
            months.add(None if day is None else datetime.date(day.year, day.month, 1))

    def cells(self):
        cells = set()
        for (region_id, platform_id, source), months in self._months.items():
            for scope in self.places.scopes(region_id, platform_id):
                cells.update((*scope, source, month) for month in months)
        return cells

    def write(self):
        """Write the marks in the caller's transaction and queue one recompute after it commits."""
        cells = sorted(self.cells(), key=lambda c: (*c[:3], c[3] or datetime.date.min))
        if not cells:
            return 0
        check_marks(cells)
        StaleMark.objects.bulk_create(
            [
                StaleMark(scope_kind=kind, scope_id=pk, source=source, month=month)
                for kind, pk, source, month in cells
            ],
            batch_size=2000,
        )
        transaction.on_commit(queue_recompute)
        return len(cells)
