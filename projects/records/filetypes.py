"""What an uploaded file really is, read from its first bytes and (for zip formats) its
table of contents, never from its name: an executable called contract.pdf is refused.

Allowed: PDF, JPEG, PNG, WebP, Word/Excel (.docx/.xlsx, without macros) and OFD (the
Chinese electronic-document format of e-licences and e-invoices).
"""

import zipfile
from dataclasses import dataclass

from django.utils.translation import gettext as _

HEAD = 16


@dataclass(frozen=True)
class FileType:
    extension: str
    content_type: str
    label: str


PDF = FileType("pdf", "application/pdf", "PDF")
JPEG = FileType("jpg", "image/jpeg", "JPEG")
PNG = FileType("png", "image/png", "PNG")
WEBP = FileType("webp", "image/webp", "WebP")
DOCX = FileType(
    "docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "Word"
)
XLSX = FileType(
    "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "Excel"
)
OFD = FileType("ofd", "application/ofd", "OFD")
ALLOWED = [PDF, JPEG, PNG, WEBP, DOCX, XLSX, OFD]


class RefusedFile(ValueError):
    """The file is not one of the allowed types (the message says which are)."""


def allowed_labels():
    return "、".join(t.label for t in ALLOWED)


def detect(upload):
    """The FileType of an uploaded file, from its content; RefusedFile if none fits."""
    upload.seek(0)
    head = upload.read(HEAD)
    upload.seek(0)
    kind = _by_magic(head) or (_by_zip_contents(upload) if head.startswith(b"PK\x03\x04") else None)
    upload.seek(0)
    if kind is None:
        raise RefusedFile(
            _("不支持这种文件（按文件内容判断，而非扩展名）。可上传：%(types)s。")
            % {"types": allowed_labels()}
        )
    return kind


def _by_magic(head):
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return WEBP
    return None


def _by_zip_contents(upload):
    try:
        with zipfile.ZipFile(upload) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    if any(name.lower().endswith("vbaproject.bin") for name in names):
        return None  # macro-enabled Office files are refused
    if "[Content_Types].xml" in names and "word/document.xml" in names:
        return DOCX
    if "[Content_Types].xml" in names and "xl/workbook.xml" in names:
        return XLSX
    if "OFD.xml" in names:
        return OFD
    return None
