"""Issue 19, defects 1, 6 and 7: what an upload may expand to, where it is read, what is left of it."""

import io
import time
import zipfile
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from ledger import job_runner, jobs
from projects.models import ImportJob
from tests.ledger.conftest import csv_bytes, project_row, upload, xlsx_bytes

pytestmark = pytest.mark.django_db
MiB = 1024 * 1024


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


SST = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
STRINGS_TYPE = b"application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
STRINGS_REL = b"http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"


def rewrite(data, replace=None, drop_dimension=False, pad_strings=0):
    """The .xlsx `data` with parts replaced, <dimension> removed, or shared strings added."""
    replace = dict(replace or {})
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as target,
    ):
        for info in source.infolist():
            body = replace.get(info.filename, source.read(info))
            if drop_dimension and info.filename.startswith("xl/worksheets/"):
                body = body.replace(body[body.find(b"<dimension") :].split(b"/>")[0] + b"/>", b"")
            if pad_strings and info.filename == "[Content_Types].xml":
                body = body.replace(
                    b"</Types>",
                    b'<Override PartName="/xl/sharedStrings.xml" ContentType="%s"/></Types>'
                    % STRINGS_TYPE,
                )
            if pad_strings and info.filename == "xl/_rels/workbook.xml.rels":
                body = body.replace(
                    b"</Relationships>",
                    b'<Relationship Type="%s" Target="sharedStrings.xml" Id="rId99"/>'
                    b"</Relationships>" % STRINGS_REL,
                )
            target.writestr(info.filename, body)
        if pad_strings:
            _shared_strings(target, pad_strings)
    return out.getvalue()


def _shared_strings(target, size):
    """Shared strings that expand to `size` bytes, written a chunk at a time (never held whole)."""
    filler = b"<si><t>" + b"A" * 1000 + b"</t></si>"
    chunk = filler * 1024
    count = size // len(chunk) * 1024
    with target.open("xl/sharedStrings.xml", "w", force_zip64=True) as part:
        part.write(b'<sst xmlns="%s" count="%d" uniqueCount="%d">' % (SST.encode(), count, count))
        for _ in range(size // len(chunk)):
            part.write(chunk)
        part.write(b"</sst>")


def memory():
    """(resident now, peak since the last reset) in bytes, from /proc (Linux)."""
    values = {}
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            key, _, rest = line.partition(":")
            if key in ("VmRSS", "VmHWM"):
                values[key] = int(rest.split()[0]) * 1024
    return values["VmRSS"], values["VmHWM"]


def reset_peak():
    with open("/proc/self/clear_refs", "w", encoding="ascii") as clear:
        clear.write("5")


def stored_files(settings):
    root = Path(settings.MEDIA_ROOT)
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def post(client, data, name="台账.xlsx"):
    return client.post(reverse("ledger:index"), {"kind": "projects", "file": upload(data, name)})


def test_a_shared_strings_bomb_is_refused_quickly_within_bounded_memory(staff, settings):
    bomb = rewrite(xlsx_bytes([project_row()]), pad_strings=400 * MiB)
    assert len(bomb) < 3 * MiB  # 400 MB of strings in an upload of a few hundred KB
    client = client_for(staff)
    reset_peak()
    resident, _ = memory()
    started = time.perf_counter()
    response = post(client, bomb)
    elapsed = time.perf_counter() - started
    _, peak = memory()
    assert response.status_code == 302
    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.FAILED
    assert "压缩比异常" in job.message or "解压后过大" in job.message
    assert elapsed < 2, elapsed
    assert peak - resident < 50 * MiB, (peak - resident) / MiB
    assert stored_files(settings) == []
    assert job.message in client.get(response["Location"]).content.decode()


def test_expanded_size_is_bounded_without_the_ratio(staff, settings):
    settings.LEDGER_XLSX_MAX_RATIO = 10**6
    settings.LEDGER_XLSX_MAX_STRINGS_BYTES = 8 * MiB
    bomb = rewrite(xlsx_bytes([project_row()]), pad_strings=20 * MiB)
    post(client_for(staff), bomb)
    job = ImportJob.objects.get()
    assert (job.status, "解压后过大" in job.message) == (ImportJob.Status.FAILED, True)
    assert "sharedStrings.xml" in job.message


def test_what_is_read_is_capped_whatever_the_directory_says(staff, settings):
    """measure() counts the bytes actually inflated, so a part that outgrows its cap stops."""
    from ledger import xlsx_guard
    from ledger.errors import LedgerFileError

    data = rewrite(xlsx_bytes([project_row()]), pad_strings=6 * MiB)
    settings.LEDGER_XLSX_MAX_RATIO = 10**6
    settings.LEDGER_XLSX_MAX_BYTES = 4 * MiB  # below the sum, above each part's own size check
    settings.LEDGER_XLSX_MAX_PART_BYTES = settings.LEDGER_XLSX_MAX_STRINGS_BYTES = 64 * MiB
    with pytest.raises(LedgerFileError, match="解压后过大"):
        xlsx_guard.measure(io.BytesIO(data))


def test_rows_are_counted_by_streaming_not_from_dimension(
    staff, settings, django_capture_on_commit_callbacks
):
    settings.LEDGER_ASYNC_ROWS = 5
    rows = [project_row(项目名称=f"项目{n}") for n in range(12)]
    data = rewrite(xlsx_bytes(rows), drop_dimension=True)
    assert b"<dimension" not in zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet1.xml")
    client = client_for(staff)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        post(client, data)
        job = ImportJob.objects.get()
        # Not read in the request: 13 rows (header included) are more than 5.
        assert (job.status, job.total_rows) == (ImportJob.Status.PENDING, 13)
    assert len(callbacks) == 1
    job.refresh_from_db()
    assert (job.status, job.created_count) == (ImportJob.Status.PREVIEWED, 12), job.message


def test_a_file_too_large_to_count_in_the_request_goes_to_a_worker(
    staff, settings, django_capture_on_commit_callbacks
):
    settings.LEDGER_INLINE_BYTES = 1000
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        post(client_for(staff), xlsx_bytes([project_row()]))
    job = ImportJob.objects.get()
    assert (job.status, job.total_rows, len(callbacks)) == (ImportJob.Status.PENDING, 0, 1)


def test_the_embedded_mode_reads_a_large_file_in_a_limited_child_process(
    staff, settings, monkeypatch, django_capture_on_commit_callbacks
):
    settings.LEDGER_EMBEDDED_WORKER = "subprocess"
    settings.LEDGER_ASYNC_ROWS = 0
    started = []
    monkeypatch.setattr(job_runner.subprocess, "Popen", lambda cmd, **kw: started.append((cmd, kw)))
    with django_capture_on_commit_callbacks(execute=True):
        post(client_for(staff), csv_bytes([project_row()]), "台账.csv")
    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.PENDING  # the request did not read it
    (command, options), *_ = started
    assert command[-3:] == ["run_ledger_job", str(job.pk), "preview"]
    assert options["preexec_fn"] is job_runner._cpu_limit and options["start_new_session"]


def test_the_worker_command_previews_the_job(staff):
    from django.core.management import call_command

    job = jobs.ledger_job_create(
        actor=staff, kind="projects", upload=upload(csv_bytes([project_row()]))
    )
    call_command("run_ledger_job", str(job.pk), "preview")
    job.refresh_from_db()
    assert (job.status, job.created_count) == (ImportJob.Status.PREVIEWED, 1)


def test_the_memory_limit_stops_an_allocation_and_is_lifted_after():
    with pytest.raises(MemoryError), job_runner.memory_limit(64 * MiB):
        bytearray(512 * MiB)
    assert len(bytearray(128 * MiB)) == 128 * MiB


def test_a_memory_error_fails_the_job_with_a_message(staff, monkeypatch):
    def exhausted(*args, **kwargs):
        raise MemoryError

    monkeypatch.setattr(jobs, "build_plan", exhausted)
    job = jobs.ledger_job_create(
        actor=staff, kind="projects", upload=upload(csv_bytes([project_row()]))
    )
    jobs.ledger_job_start(job, jobs.PREVIEW)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.FAILED and "内存上限" in job.message


def test_the_task_has_time_limits(settings):
    from ledger.tasks import import_ledger

    assert import_ledger.soft_time_limit == settings.LEDGER_TASK_SOFT_SECONDS
    assert import_ledger.time_limit == settings.LEDGER_TASK_HARD_SECONDS


@pytest.mark.parametrize(
    "part", ["[Content_Types].xml", "xl/workbook.xml", "xl/_rels/workbook.xml.rels", "_rels/.rels"]
)
def test_a_malformed_part_gets_a_message_and_leaves_no_file(staff, settings, part):
    data = rewrite(xlsx_bytes([project_row()]), replace={part: b"<Types><broken"})
    client = client_for(staff)
    response = post(client, data)
    assert response.status_code == 302
    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.FAILED
    assert part in job.message and "内部结构有误" in job.message
    assert stored_files(settings) == [] and not job.file
    page = client.get(response["Location"]).content.decode()
    assert "内部结构有误" in page and reverse("ledger:job_refresh", args=[job.pk]) not in page


def test_an_entity_declaration_is_refused(staff):
    evil = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><Types>&a;</Types>'
    post(
        client_for(staff),
        rewrite(xlsx_bytes([project_row()]), replace={"[Content_Types].xml": evil}),
    )
    assert "内部结构有误" in ImportJob.objects.get().message


def test_the_file_of_a_refused_ledger_is_removed(staff, settings):
    job = jobs.ledger_job_create(
        actor=staff, kind="projects", upload=upload(csv_bytes([{"名称": "x"}], headers=["名称"]))
    )
    jobs.ledger_job_start(job, jobs.PREVIEW)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.FAILED and "缺少必需的列" in job.message
    assert stored_files(settings) == [] and not job.file


def _stale(job, status, seconds):
    from datetime import timedelta

    from django.utils import timezone

    then = timezone.now() - timedelta(seconds=seconds)
    ImportJob.objects.filter(pk=job.pk).update(status=status, heartbeat_at=then, finished_at=then)


def test_a_stuck_job_fails_stops_polling_and_can_be_retried(staff, settings):
    settings.LEDGER_JOB_TIMEOUT_SECONDS = 600
    job = jobs.ledger_job_create(
        actor=staff, kind="projects", upload=upload(csv_bytes([project_row()]))
    )
    _stale(job, ImportJob.Status.PARSING, 601)
    client = client_for(staff)
    progress = client.get(reverse("ledger:job_progress", args=[job.pk]))
    assert progress["HX-Refresh"] == "true"
    page = client.get(reverse("ledger:job", args=[job.pk])).content.decode()
    assert "hx-trigger" not in page and "没有进展" in page
    job.refresh_from_db()
    assert job.status == ImportJob.Status.FAILED
    client.post(reverse("ledger:job_refresh", args=[job.pk]))
    job.refresh_from_db()
    assert (job.status, job.created_count) == (ImportJob.Status.PREVIEWED, 1)


def test_a_stuck_write_can_be_cancelled(staff, settings):
    job = jobs.ledger_job_create(
        actor=staff, kind="projects", upload=upload(csv_bytes([project_row()]))
    )
    _stale(job, ImportJob.Status.APPLYING, settings.LEDGER_JOB_TIMEOUT_SECONDS + 1)
    assert job_runner.ledger_jobs_expire() == 1
    client_for(staff).post(reverse("ledger:job_cancel", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == ImportJob.Status.CANCELLED and stored_files(settings) == []


def test_a_job_with_recent_progress_is_left_running(staff, settings):
    job = jobs.ledger_job_create(
        actor=staff, kind="projects", upload=upload(csv_bytes([project_row()]))
    )
    _stale(job, ImportJob.Status.PARSING, settings.LEDGER_JOB_TIMEOUT_SECONDS - 60)
    assert job_runner.ledger_jobs_expire() == 0


def test_abandoned_previews_lose_their_file(staff, settings):
    job = jobs.ledger_job_create(
        actor=staff, kind="projects", upload=upload(csv_bytes([project_row()]))
    )
    jobs.ledger_job_start(job, jobs.PREVIEW)
    _stale(job, ImportJob.Status.PREVIEWED, settings.LEDGER_ABANDONED_HOURS * 3600 + 1)
    job_runner.ledger_jobs_expire()
    job.refresh_from_db()
    assert job.status == ImportJob.Status.CANCELLED and not job.file
    assert stored_files(settings) == []


def _lie_about(data, name, size):
    """The zip `data` with `name`'s uncompressed size stated as `size` in both its headers."""
    import struct

    buffer = bytearray(data)
    encoded = name.encode()
    central = buffer.find(b"PK\x01\x02")
    while central != -1:
        name_length = struct.unpack_from("<H", buffer, central + 28)[0]
        if bytes(buffer[central + 46 : central + 46 + name_length]) == encoded:
            struct.pack_into("<I", buffer, central + 24, size)
            local = struct.unpack_from("<I", buffer, central + 42)[0]
            struct.pack_into("<I", buffer, local + 22, size)
        central = buffer.find(b"PK\x01\x02", central + 4)
    return bytes(buffer)


def test_a_directory_that_understates_a_part_is_refused(staff, settings):
    """Declared 1 KB, inflating to 12 MB: reading stops at what was declared and the file is bad."""
    source = io.BytesIO()
    with zipfile.ZipFile(source, "w", zipfile.ZIP_DEFLATED) as archive:
        with zipfile.ZipFile(io.BytesIO(xlsx_bytes([project_row()]))) as original:
            for info in original.infolist():
                archive.writestr(info.filename, original.read(info))
        archive.writestr("xl/media/filler.xml", b"<x>" + b"A" * (12 * MiB) + b"</x>")
    data = _lie_about(source.getvalue(), "xl/media/filler.xml", 1000)
    assert zipfile.ZipFile(io.BytesIO(data)).getinfo("xl/media/filler.xml").file_size == 1000
    started = time.perf_counter()
    post(client_for(staff), data)
    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.FAILED and "不是有效的 .xlsx" in job.message
    assert time.perf_counter() - started < 2 and stored_files(settings) == []
