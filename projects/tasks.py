"""Celery tasks: thin, explicitly named, safe to run twice.

Recomputes acknowledge late and are re-queued when a worker dies, and the
stale marks they clear are removed only with the rows they write, so a lost
task loses no work: the sweep finds whatever is left.
"""

from celery import shared_task

from projects import figures, totals

RECOMPUTE = {
    "acks_late": True,
    "reject_on_worker_lost": True,
    "autoretry_for": (Exception,),
    "retry_backoff": 5,
    "retry_backoff_max": 300,
    "max_retries": 5,
}


@shared_task(name="projects.recompute_stale", **RECOMPUTE)
def recompute_stale():
    """Recompute the stale cells, then the published figures they may feed."""
    ran = False
    while totals.aggregates_recompute_stale() is not None:
        ran = True
    if ran:
        figures.figures_reconcile()


@shared_task(name="projects.rebuild_aggregates", **RECOMPUTE)
def rebuild_aggregates():
    totals.aggregates_rebuild()
    figures.figures_reconcile()


@shared_task(name="projects.verify_aggregates", **RECOMPUTE)
def verify_aggregates():
    totals.aggregates_verify()
