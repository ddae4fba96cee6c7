"""Run one ledger import job's preview or apply (the embedded mode's worker process)."""

from django.core.management.base import BaseCommand

from ledger import job_runner
from ledger.jobs import APPLY, PREVIEW


class Command(BaseCommand):
    help = "Preview or apply one ledger import job, under the worker's memory limit."

    def add_arguments(self, parser):
        parser.add_argument("job_id", type=int)
        parser.add_argument("action", choices=[PREVIEW, APPLY])

    def handle(self, *args, job_id, action, **options):
        job_runner.run_limited(job_id, action)
