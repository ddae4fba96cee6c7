"""Documents: content-checked uploads (an executable renamed .pdf is refused), size limit,
scope-checked downloads, history, and the file removed with its record."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from projects.models import Document
from projects.records import documents
from projects.records.filetypes import DOCX, JPEG, OFD, PDF, PNG, XLSX, RefusedFile, detect
from tests.pages.conftest import client_for

PDF_BYTES = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
EXE_BYTES = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 64


def zipped(names, extra=()):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in [*names, *extra]:
            archive.writestr(name, "<x/>")
    return buffer.getvalue()


def new_documents(world):
    """Documents besides the photo the page tests' world starts with."""
    return Document.objects.exclude(pk=world["document"].pk)


def upload(name, content):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (PDF_BYTES, PDF),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF" + b"\x00" * 8, JPEG),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 8, PNG),
        (zipped(["[Content_Types].xml", "word/document.xml"]), DOCX),
        (zipped(["[Content_Types].xml", "xl/workbook.xml"]), XLSX),
        (zipped(["OFD.xml", "Doc_0/Document.xml"]), OFD),
    ],
)
def test_allowed_types_are_known_by_their_content(content, expected):
    assert detect(upload("whatever.bin", content)) == expected


@pytest.mark.parametrize(
    "content",
    [
        EXE_BYTES,  # a Windows executable
        b"\x7fELF\x02\x01\x01" + b"\x00" * 16,  # a Linux one
        b"#!/bin/sh\nrm -rf /\n",
        b"<html><script>alert(1)</script></html>",
        zipped(["[Content_Types].xml", "word/document.xml"], ["word/vbaProject.bin"]),  # macros
        zipped(["payload.exe"]),
        b"PK\x03\x04 not really a zip",
    ],
)
def test_other_content_is_refused_whatever_its_name(content):
    with pytest.raises(RefusedFile):
        detect(upload("合同.pdf", content))


def test_an_executable_renamed_pdf_is_refused_in_the_browser(world, staff_client):
    project = world["project"]

    response = staff_client.post(
        reverse("projects:document_upload", args=[project.pk]),
        {"document-kind": "contract", "document-upload": upload("投资合同.pdf", EXE_BYTES)},
    )

    assert response.status_code == 200
    assert "按文件内容判断" in response.content.decode()
    assert not new_documents(world).exists()
    stored = storages["documents"].listdir(f"projects/{project.pk}")[1]
    assert stored == [world["document"].file.name.rsplit("/", 1)[1]]


def test_a_contract_is_attached_to_the_signing_and_downloaded(world, staff_client):
    from projects.models import StageEntry

    project = world["project"]
    signing = StageEntry.objects.create(
        project=project, stage="signed", entered_on=project.signed_on
    )

    response = staff_client.post(
        reverse("projects:document_upload", args=[project.pk]),
        {
            "document-kind": "contract",
            "document-stage_entry": signing.pk,
            "document-upload": upload("..\\..\\投资合同.pdf", PDF_BYTES),
            "document-note": "正式签约文本",
        },
    )

    assert response.status_code == 302
    document = new_documents(world).get()
    assert (document.original_name, document.extension, document.stage_entry) == (
        "投资合同.pdf",
        "pdf",
        signing,
    )
    assert document.file.name.startswith(f"projects/{project.pk}/")
    assert "投资合同" not in document.file.name  # stored under a fresh name
    download = staff_client.get(document.get_absolute_url())
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF_BYTES
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"].startswith("attachment")
    assert download["X-Content-Type-Options"] == "nosniff"
    assert document.history.get().history_user.username == "staff_a"


def test_a_document_outside_the_scope_is_404(world, outsider, official, staff):
    document = documents.document_attach(
        actor=staff, project=world["project"], kind="photo", upload=upload("现场.pdf", PDF_BYTES)
    )

    assert client_for(outsider).get(document.get_absolute_url()).status_code == 404
    assert client_for(official).get(document.get_absolute_url()).status_code == 200  # reads


def test_the_size_limit(world, staff, settings):
    settings.DOCUMENT_MAX_BYTES = len(PDF_BYTES) - 1

    with pytest.raises(ValidationError) as e:
        documents.document_attach(
            actor=staff, project=world["project"], kind="other", upload=upload("a.pdf", PDF_BYTES)
        )

    assert "超过上限" in " ".join(e.value.messages)


def test_a_stage_entry_of_another_project_is_refused(world, other_project, staff):
    from projects.models import StageEntry

    foreign = StageEntry.objects.create(
        project=other_project, stage="negotiating", entered_on=other_project.negotiating_on
    )

    with pytest.raises(ValidationError):
        documents.document_attach(
            actor=staff,
            project=world["project"],
            kind="other",
            stage_entry=foreign,
            upload=upload("a.pdf", PDF_BYTES),
        )
    assert not new_documents(world).exists()


def test_deleting_removes_the_file_and_keeps_the_history(
    world, staff, staff_client, django_capture_on_commit_callbacks
):
    project = world["project"]
    document = documents.document_attach(
        actor=staff, project=project, kind="licence", upload=upload("执照.pdf", PDF_BYTES)
    )
    name = document.file.name

    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(
            reverse("projects:document_delete", args=[project.pk]),
            {"undocument-document": document.pk},
        )

    assert response.status_code == 302
    assert not new_documents(world).exists()
    assert not storages["documents"].exists(name)
    assert Document.history.filter(history_type="-").exists()
