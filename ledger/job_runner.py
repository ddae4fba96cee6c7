"""Where a background import runs, within what limits, and what happens to one that went quiet.

With a broker, a Celery worker runs it (the task has soft and hard time
limits; the worker child's address space is capped while it reads). In the
embedded mode (no broker, where Celery tasks would run inside the request)
it runs in a child process, `manage.py run_ledger_job`, with a CPU-time limit
and the same memory limit: the web process never reads a
large file, and a file that defeats every check costs a child, not the server.
LEDGER_EMBEDDED_WORKER=inline runs it in-process instead (the tests' setting).

A job that shows no progress for LEDGER_JOB_TIMEOUT_SECONDS (its worker was
killed, the hard limit struck, the broker lost it) is failed by
`ledger_jobs_expire`, so its page stops polling and it can be retried or
cancelled; jobs left unconfirmed for LEDGER_ABANDONED_HOURS lose their file.
"""

import contextlib
import logging
import os
import subprocess
import sys
from datetime import timedelta

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from projects.models import ImportJob

log = logging.getLogger(__name__)
Status = ImportJob.Status
RUNNING = (Status.PENDING, Status.PARSING, Status.APPLYING)


def spawn(job_id, action):
    """Run the job in `manage.py run_ledger_job`, a child with CPU-time and memory limits."""
    manage = settings.BASE_DIR / "manage.py"
    command = [sys.executable, str(manage), "run_ledger_job", str(job_id), action]
    return subprocess.Popen(  # noqa: S603 - our own interpreter and command, no shell
        command,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        start_new_session=True,  # not killed with the request, not a zombie of the server
        preexec_fn=_cpu_limit,  # noqa: PLW1509 - only sets a resource limit
        close_fds=True,
    )


def _cpu_limit():
    """In the child before it runs: killed after LEDGER_TASK_HARD_SECONDS of CPU time."""
    import resource

    seconds = settings.LEDGER_TASK_HARD_SECONDS
    resource.setrlimit(resource.RLIMIT_CPU, (seconds, seconds + 5))


def _address_space():
    """This process's address space in bytes (Linux), or None where it cannot be read."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmSize:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        return None
    return None


@contextlib.contextmanager
def memory_limit(growth):
    """Cap this process's address space at what it uses now plus `growth`, for the block."""
    try:
        import resource
    except ImportError:  # not POSIX
        yield
        return
    used = _address_space()
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    if used is None:
        yield
        return
    cap = used + growth
    if hard != resource.RLIM_INFINITY:
        cap = min(cap, hard)
    resource.setrlimit(resource.RLIMIT_AS, (cap, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


def limit_message(error):
    if isinstance(error, MemoryError):
        return _(
            "读取文件时超出了内存上限，已停止，没有写入任何数据。请把文件拆分成较小的几份后再导入。"
        )
    return _(
        "读取文件超过了时间上限（%(s)s 秒），已停止，没有写入任何数据。请把文件拆分后再导入。"
    ) % {"s": settings.LEDGER_TASK_SOFT_SECONDS}


def stuck_message():
    minutes = max(1, settings.LEDGER_JOB_TIMEOUT_SECONDS // 60)
    return _(
        "导入任务超过 %(m)s 分钟没有进展，已停止（后台任务可能中断了），没有写入任何数据。"
        "可以点“重新预览”重试，或取消。"
    ) % {"m": minutes}


def ledger_jobs_expire(*, now=None, jobs=None):
    """Fail the running jobs gone quiet; drop the files of jobs long left; how many failed."""
    now = now or timezone.now()
    jobs = ImportJob.objects.all() if jobs is None else jobs
    quiet = now - timedelta(seconds=settings.LEDGER_JOB_TIMEOUT_SECONDS)
    # A conditional update: a job that finished meanwhile (it held its row) keeps its result.
    stuck = jobs.filter(
        Q(heartbeat_at__lt=quiet) | Q(heartbeat_at__isnull=True, created_at__lt=quiet),
        status__in=RUNNING,
    )
    count = stuck.update(status=Status.FAILED, message=stuck_message(), finished_at=now)
    _drop_abandoned(jobs, now)
    return count


def _drop_abandoned(jobs, now):
    left = now - timedelta(hours=settings.LEDGER_ABANDONED_HOURS)
    old = jobs.filter(status__in=(Status.PREVIEWED, Status.FAILED), finished_at__lt=left)
    from ledger.jobs import drop_file

    for job in old.exclude(file="").only("pk", "file"):
        drop_file(job)
    message = _("超过 %(h)s 小时没有确认，已取消，文件已删除。") % {
        "h": settings.LEDGER_ABANDONED_HOURS
    }
    old.filter(status=Status.PREVIEWED).update(status=Status.CANCELLED, message=message)


def run_limited(job_id, action, *, eager=False):
    """The worker's body: the job under the memory limit (none when run inside a request)."""
    from ledger import jobs

    guard = contextlib.nullcontext() if eager else memory_limit(settings.LEDGER_TASK_MEMORY_BYTES)
    with guard:
        jobs.run(job_id, action)
    if not eager:
        log.info("ledger job %s %s done in pid %s", job_id, action, os.getpid())
