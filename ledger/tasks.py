"""The ledger's Celery tasks: a background import, and the sweep of jobs gone quiet.

The task names keep their first spelling ("projects.…"): queued tasks and the
beat schedule of a running installation still find them.
"""

from celery import shared_task
from django.conf import settings

from ledger import job_runner


def dispatch(job_id, action):
    """Start the job away from the request: a Celery worker, or a limited child process."""
    if settings.CELERY_TASK_ALWAYS_EAGER and settings.LEDGER_EMBEDDED_WORKER == "subprocess":
        job_runner.spawn(job_id, action)
    else:
        import_ledger.delay(job_id, action)


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
    job_runner.run_limited(job_id, action, eager=bool(self.request.is_eager))


@shared_task(name="projects.expire_ledger_jobs")
def expire_ledger_jobs():
    """Fail the import jobs gone quiet and drop the files of those long left."""
    job_runner.ledger_jobs_expire()
