"""The precomputed totals: marking cells stale, recomputing them, reading them.

- `marks`: which cells an edit invalidates, written in the edit's transaction;
- `recompute`: the set-based SQL that rebuilds every cell or only the stale ones;
- `reads`: flows, stocks and the other measures every dashboard and figure reads.

Callers use this package's names; the modules behind them are its own business.
"""

from projects.totals.marks import (
    mark_event_stale,
    mark_place_stale,
    mark_plan_stale,
    mark_project_stale,
    mark_report_stale,
    queue_recompute,
)
from projects.totals.reads import (
    WHOLE,
    Slice,
    Total,
    active,
    completed,
    event_total,
    flow,
    is_month_end,
    is_month_start,
    latest_flow_month,
    planned,
    relocated_units,
    scope_key,
    stock,
    stocks_now,
)
from projects.totals.recompute import (
    aggregates_rebuild,
    aggregates_recompute_stale,
    aggregates_verify,
    latest_run,
    lock_totals,
    scope_generation,
    stale_count,
    totals_status,
)

__all__ = [
    "WHOLE",
    "Slice",
    "Total",
    "active",
    "aggregates_rebuild",
    "aggregates_recompute_stale",
    "aggregates_verify",
    "completed",
    "event_total",
    "flow",
    "is_month_end",
    "is_month_start",
    "latest_flow_month",
    "latest_run",
    "lock_totals",
    "mark_event_stale",
    "mark_place_stale",
    "mark_plan_stale",
    "mark_project_stale",
    "mark_report_stale",
    "planned",
    "queue_recompute",
    "relocated_units",
    "scope_generation",
    "scope_key",
    "stale_count",
    "stock",
    "stocks_now",
    "totals_status",
]
