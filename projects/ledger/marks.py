"""Stale marks for a whole import: one set of (scope, month) cells, one recompute on commit.

The cells are those projects/stale.py marks for each record, collected over
the batch: every scope above the record's region and platform, for each month
a changed date, report or unit falls in, before and after the change.
"""

import datetime

from django.db import transaction

from projects.models import StaleMark
from projects.stale import queue_recompute


class Marks:
    def __init__(self, places):
        self.places = places
        self._months = {}  # (region_id, platform_id) -> {month}

    def add(self, region_id, platform_id, days):
        months = self._months.setdefault((region_id, platform_id), set())
        for day in days:
            if day is not None:
                months.add(datetime.date(day.year, day.month, 1))

    def cells(self):
        cells = set()
        for (region_id, platform_id), months in self._months.items():
            for scope in self.places.scopes(region_id, platform_id):
                cells.update((*scope, month) for month in months)
        return cells

    def write(self):
        """Write the marks in the caller's transaction and queue one recompute after it commits."""
        cells = sorted(self.cells())
        if not cells:
            return 0
        StaleMark.objects.bulk_create(
            [StaleMark(scope_kind=kind, scope_id=pk, month=month) for kind, pk, month in cells],
            batch_size=2000,
        )
        transaction.on_commit(queue_recompute)
        return len(cells)
