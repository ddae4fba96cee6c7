"""Celery tasks: thin, explicitly named, safe to run twice.

Recomputes acknowledge late and are re-queued when a worker dies, and the
stale marks they clear are removed only with the rows they write, so a lost
task loses no work: the sweep finds whatever is left.
"""

from celery import shared_task
from django.conf import settings
from django.contrib.auth.models import Group

from projects import aggregates, figures

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
    while aggregates.aggregates_recompute_stale() is not None:
        ran = True
    if ran:
        figures.figures_reconcile()


@shared_task(name="projects.rebuild_aggregates", **RECOMPUTE)
def rebuild_aggregates():
    aggregates.aggregates_rebuild()
    figures.figures_reconcile()


@shared_task(name="projects.verify_aggregates", **RECOMPUTE)
def verify_aggregates():
    aggregates.aggregates_verify()


@shared_task(
    name="projects.import_ledger",
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    soft_time_limit=settings.LEDGER_TASK_SOFT_SECONDS,
    time_limit=settings.LEDGER_TASK_HARD_SECONDS,
)
def import_ledger(self, job_id, action):
    """Preview or write an uploaded ledger; a re-delivered task finds the job's state and resumes."""
    from projects.ledger import job_runner

    job_runner.run_limited(job_id, action, eager=bool(self.request.is_eager))


@shared_task(name="projects.expire_ledger_jobs")
def expire_ledger_jobs():
    """Fail the import jobs gone quiet and drop the files of those long left."""
    from projects.ledger import job_runner

    job_runner.ledger_jobs_expire()


@shared_task(name="registry.touch_group")
def touch_group(name):
    """A probe for the real-stack smoke test: its only effect is one Group row."""
    Group.objects.get_or_create(name=name)
