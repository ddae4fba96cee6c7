"""Import jobs: upload → preview → confirm, each step a service the views and the task call.

The preview reads and checks the whole file and stores what confirming would
do (counts, rejected rows with reasons, samples) and a digest of the plan.
Confirming reads the file again against the registry as it is then: if the
plan differs from the one previewed, nothing is written and the new preview
is shown; otherwise the plan is written in one transaction — all or nothing.
A file above LEDGER_ASYNC_ROWS rows, or above LEDGER_INLINE_BYTES unpacked (its
rows then unknown to the request), is never read in the request: it runs in a
worker (ledger.job_runner) with time and memory limits and reports
progress on the job row, which the page polls. Applying holds one lock for all
imports and plans inside it, so of two confirms at once the second sees what
the first wrote and is refused with a new preview. A file refused as a file is
removed at once; those of jobs left unconfirmed are removed by the expiry sweep.
"""

import logging

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ledger import job_runner, tasks, xlsx_guard
from ledger.marks import Marks
from ledger.places import Places
from ledger.project_rows import ProjectRows
from ledger.project_write import PlanOutdated, write_projects
from ledger.reading import XLSX_MAGIC, LedgerFileError, open_ledger
from ledger.report_rows import ReportRows, write_reports
from ledger.unit_rows import UnitRows, write_units
from platforms.models import Platform
from projects.access import access_of
from projects.models import ImportJob
from projects.reporting.restatements import REASON_FIELD as RESTATEMENT_REASON
from projects.reporting.restatements import restating

log = logging.getLogger(__name__)
Status = ImportJob.Status
Kind = ImportJob.Kind
PREVIEW, APPLY = "preview", "apply"
PROGRESS_EVERY = 1000
IMPORT_LOCK = 0x4C454447  # pg_advisory_xact_lock key held while an import is written
# Set in a job's preview when its write was refused for want of a restatement reason.
NEEDS_REASON = "needs_restatement_reason"
ROWS = {Kind.PROJECTS: ProjectRows, Kind.REPORTS: ReportRows, Kind.RELOCATED_UNITS: UnitRows}


def ledger_job_create(*, actor, kind, upload):
    """Store an uploaded ledger as a job in the uploader's scope (not yet read)."""
    scope = access_of(actor).scope
    job = ImportJob(
        kind=kind,
        original_name=upload.name[:255],
        uploaded_by=actor,
        scope_platform=scope if isinstance(scope, Platform) else None,
        scope_region=None if isinstance(scope, Platform) else scope,
    )
    suffix = ".xlsx" if upload.name.lower().endswith((".xlsx", ".xlsm")) else ".csv"
    job.file.save(f"ledger{suffix}", upload, save=False)
    try:
        job.total_rows = estimate_rows(job)
    except LedgerFileError as e:
        # Refused as a file: the job says why, and the file is not kept.
        job.file.delete(save=False)
        job.status, job.message, job.finished_at = Status.FAILED, str(e), timezone.now()
    except BaseException:
        job.file.delete(save=False)
        raise
    job.heartbeat_at = timezone.now()
    job.save()
    return job


def unpacked_bytes(job):
    """What the file expands to, from the zip directory (an .xlsx) or its size (a .csv)."""
    with job.file.open("rb") as f:
        if f.read(4) != XLSX_MAGIC:
            return job.file.size
        return xlsx_guard.check(f).declared_bytes


def estimate_rows(job):
    """Rows counted by streaming a file small enough for the request; 0 (unknown) otherwise."""
    if unpacked_bytes(job) > settings.LEDGER_INLINE_BYTES:
        return 0  # a worker counts them
    with job.file.open("rb") as f:
        if f.read(4) == XLSX_MAGIC:
            return xlsx_guard.count_rows(f)
        f.seek(0)
        return sum(chunk.count(b"\n") for chunk in iter(lambda: f.read(1 << 20), b""))


def runs_in_background(job):
    """Whether the request may not read this file: too many rows, or too large to count."""
    if job.total_rows > settings.LEDGER_ASYNC_ROWS:
        return True
    try:
        return unpacked_bytes(job) > settings.LEDGER_INLINE_BYTES
    except LedgerFileError:
        return False  # read in the request, which refuses it with the message


def ledger_job_start(job, action):
    """Run `action` now for a small file, or queue it (on commit) for a large one."""
    if runs_in_background(job):
        transaction.on_commit(lambda: _queue(job.pk, action))
    else:
        run(job.pk, action)


def _queue(job_id, action):
    """Hand the job to a worker; if the broker is down, say so on the job instead of failing."""
    try:
        tasks.dispatch(job_id, action)
    except Exception:  # noqa: BLE001 - any broker error: the job must not stay "running"
        log.warning("could not queue ledger import %s", job_id, exc_info=True)
        back = Status.PREVIEWED if action == APPLY else Status.FAILED
        _finish(
            ImportJob(pk=job_id),
            back,
            _(
                "后台任务暂时无法启动，没有写入任何数据。请稍后再试（预览页上点“重新预览”或“确认导入”）。"
            ),
        )


def ledger_job_confirm(job, restatement_reason=""):
    """Claim a previewed job for writing; False when it is not (or no longer) previewed.

    `restatement_reason` (更正说明) lets the import restate closed months; it is kept in
    the job's preview until the write reads it.
    """
    claimed = ImportJob.objects.filter(pk=job.pk, status=Status.PREVIEWED).update(
        status=Status.APPLYING, message="", heartbeat_at=timezone.now()
    )
    if claimed:
        preview = {**job.preview, RESTATEMENT_REASON: (restatement_reason or "").strip()[:500]}
        ImportJob.objects.filter(pk=job.pk).update(preview=preview)
        job.preview = preview
    return bool(claimed)


def ledger_job_refresh(job):
    """Read the file again (after the registry or the user's scope changed, or a failure)."""
    if not job.file:
        return False  # refused as a file, or abandoned: nothing left to read
    ready = (Status.PREVIEWED, Status.FAILED)
    return bool(
        ImportJob.objects.filter(pk=job.pk, status__in=ready).update(
            status=Status.PENDING, processed_rows=0, message="", heartbeat_at=timezone.now()
        )
    )


def ledger_job_cancel(job):
    claimed = ImportJob.objects.filter(
        pk=job.pk, status__in=(Status.PREVIEWED, Status.FAILED)
    ).update(status=Status.CANCELLED, finished_at=timezone.now())
    if claimed:
        drop_file(job)
    return bool(claimed)


def drop_file(job):
    """Remove the job's file from storage and from the job."""
    job.file.delete(save=False)
    ImportJob.objects.filter(pk=job.pk).update(file="")


def run(job_id, action):
    """The task's body: preview or apply; safe to run twice."""
    if action == PREVIEW:
        ImportJob.objects.filter(pk=job_id, status=Status.PENDING).update(
            status=Status.PARSING, heartbeat_at=timezone.now()
        )
        job = ImportJob.objects.filter(pk=job_id, status=Status.PARSING).first()
        if job is not None:
            _guarded(job, _preview, Status.FAILED)
    elif action == APPLY:
        job = ImportJob.objects.filter(pk=job_id, status=Status.APPLYING).first()
        if job is not None:
            _guarded(job, _apply, Status.PREVIEWED)


def _guarded(job, step, on_error):
    """Run a step; any failure leaves the registry untouched and the job saying why."""
    try:
        step(job)
    except LedgerFileError as e:
        if _finish(job, Status.FAILED, str(e)):
            drop_file(job)  # a bad file stays bad: it is not kept
    except (MemoryError, SoftTimeLimitExceeded) as e:
        log.warning("ledger import %s stopped at its limit: %r", job.pk, e)
        _finish(job, Status.FAILED, job_runner.limit_message(e))
    except PlanOutdated as e:
        _finish(job, Status.PREVIEWED, str(e))
    except ValidationError as e:
        if RESTATEMENT_REASON in getattr(e, "error_dict", {}):
            _needs_reason(job, on_error, e)
        else:
            log.exception("ledger import %s was refused", job.pk)
            _finish(job, Status.FAILED, _("导入失败，没有写入任何数据。请检查文件，或联系管理员。"))
    except (IntegrityError, DatabaseError):
        log.exception("ledger import %s could not be written", job.pk)
        _finish(
            job,
            on_error,
            _(
                "写入时发生冲突（可能有人同时录入了相同的项目），没有写入任何数据。请重新预览后再试。"
            ),
        )
    except Exception:
        log.exception("ledger import %s failed", job.pk)
        _finish(job, Status.FAILED, _("导入失败，没有写入任何数据。请检查文件，或联系管理员。"))


def _needs_reason(job, status, error):
    """The file moves totals of a closed month: nothing is written until a reason is given."""
    message = " ".join(error.error_dict[RESTATEMENT_REASON][0].messages)
    preview = {**job.preview, NEEDS_REASON: True}
    ImportJob.objects.filter(pk=job.pk).update(preview=preview)
    _finish(job, status, _("没有写入任何数据：%(why)s") % {"why": message})


def _finish(job, status, message):
    """End a running job (not one that the expiry sweep or a cancel ended meanwhile)."""
    running = (Status.PENDING, Status.PARSING, Status.APPLYING)
    return ImportJob.objects.filter(pk=job.pk, status__in=running).update(
        status=status, message=message, finished_at=timezone.now()
    )


def _actor(job):
    actor = job.uploaded_by
    if actor is None or not access_of(actor).can_write:
        raise LedgerFileError(_("上传人的账号已无权导入台账。"))
    return actor


def build_plan(job, actor):
    """Read and check the whole file against the registry as it is now."""

    def progress(done):
        ImportJob.objects.filter(pk=job.pk).update(processed_rows=done, heartbeat_at=timezone.now())

    places = Places(actor)
    with job.file.open("rb") as f:
        sheet = open_ledger(f, job.kind, max_rows=settings.LEDGER_MAX_ROWS)
        if sheet.estimated_rows:
            ImportJob.objects.filter(pk=job.pk).update(total_rows=sheet.estimated_rows)
        rows = ROWS[job.kind](places=places, columns=sheet.columns, today=timezone.localdate())
        plan = rows.plan(sheet.rows, progress)
    if not plan.rows:
        raise LedgerFileError(_("“%(sheet)s”中在列标题下面没有数据行。") % {"sheet": sheet.name})
    plan.details.update(
        sheet=sheet.name,
        header_row=sheet.header_row,
        headers=sheet.headers,
        ignored=sheet.ignored,
        encoding=sheet.encoding,
    )
    return plan, places


def _store(job, plan, status, message=""):
    counts = plan.counts()
    job.status = status
    job.message = message
    job.total_rows = job.processed_rows = plan.rows
    job.created_count = counts["created"]
    job.updated_count = counts["updated"]
    job.unchanged_count = counts["unchanged"]
    job.rejected_count = counts["rejected"]
    job.row_errors = plan.errors()
    job.preview = {**plan.details, "digest": plan.digest()}
    job.finished_at = timezone.now()
    job.save()


def _preview(job):
    plan, _places = build_plan(job, _actor(job))
    with transaction.atomic():
        locked = ImportJob.objects.select_for_update().get(pk=job.pk)
        if locked.status == Status.PARSING:  # not expired or cancelled meanwhile
            _store(locked, plan, Status.PREVIEWED)


WRITERS = {
    Kind.PROJECTS: write_projects,
    Kind.REPORTS: write_reports,
    Kind.RELOCATED_UNITS: write_units,
}


def _lock_imports(job):
    """Hold, until the transaction ends, the one lock every import's writing takes."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [IMPORT_LOCK])
    # On SQLite (and as the row lock on PostgreSQL) this write takes the database's write lock.
    ImportJob.objects.filter(pk=job.pk).update(
        processed_rows=job.total_rows, heartbeat_at=timezone.now()
    )


def _apply(job):
    actor = _actor(job)
    reason = _("台账导入 #%(id)s") % {"id": job.pk}
    with transaction.atomic():
        _lock_imports(job)
        locked = ImportJob.objects.select_for_update().get(pk=job.pk)
        if locked.status != Status.APPLYING:
            return
        # Planned under the lock: what another import wrote just before is seen here.
        plan, places = build_plan(job, actor)
        if plan.digest() != job.preview.get("digest"):
            message = _(
                "预览之后，文件所涉及的数据发生了变化，没有写入任何数据。请核对下面的新预览后再确认。"
            )
            _store(locked, plan, Status.PREVIEWED, message)
            return
        marks = Marks(places)
        kwargs = {"actor": actor, "places": places, "marks": marks, "reason": reason[:100]}
        if job.kind == Kind.PROJECTS:
            kwargs["source_note"] = (_("台账导入：%(name)s") % {"name": job.original_name})[:500]
        with restating(
            actor=actor,
            reason=job.preview.get(RESTATEMENT_REASON, ""),
            subject=_("台账导入 #%(id)s：%(name)s") % {"id": job.pk, "name": job.original_name},
            subject_url=job.get_absolute_url(),
        ):
            WRITERS[job.kind](plan, **kwargs)
            marks.write()
        _store(locked, plan, Status.APPLIED)
        locked.applied_at = locked.finished_at
        locked.save(update_fields=["applied_at"])
