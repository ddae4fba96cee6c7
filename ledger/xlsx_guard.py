"""What an .xlsx may expand to, checked before any of its XML is parsed.

An .xlsx is a zip: 2 MB of upload can hold 1 GB of shared strings, which
openpyxl loads whole. So, before openpyxl sees the file:

1. the zip directory's declared sizes are bounded — each part, the shared
   strings, the whole — and so is each large part's compression ratio;
2. the small parts openpyxl reads first ([Content_Types].xml, the workbook,
   the relationships) are read with a cap and parsed here, so a malformed one
   is a message naming it, not a 500;
3. `measure()` reads every part as a stream, counting the bytes actually
   inflated and stopping at the cap, so a directory that lies does not help;
4. rows are counted by streaming the sheet's XML for `<row` tags (never
   from `<dimension>`, which a tool may write wrong or leave out).

Everything refused is a LedgerFileError whose message is for the user.
"""

import re
import zipfile
from dataclasses import dataclass
from xml.etree import ElementTree

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from ledger.errors import LedgerFileError

CHUNK = 1 << 20
MAX_PARTS = 5000
METADATA_MAX_BYTES = 8 * 1024 * 1024
RATIO_FROM_BYTES = 1 << 20  # small parts (styles, themes) may compress very well, harmlessly
CONTENT_TYPES = "[Content_Types].xml"
METADATA = (CONTENT_TYPES, "_rels/.rels", "xl/workbook.xml", "xl/_rels/workbook.xml.rels")
REQUIRED = (CONTENT_TYPES, "xl/workbook.xml")
_ROW = re.compile(rb"<(?:\w+:)?row[\s>/]")
_DOCTYPE = (b"<!DOCTYPE", b"<!ENTITY")


@dataclass(frozen=True)
class XlsxSize:
    declared_bytes: int  # the parts' sizes as the zip directory states them


def _corrupt():
    return LedgerFileError(_("文件不是有效的 .xlsx 工作簿（可能已损坏，或是其他格式改了扩展名）。"))


def _too_big(part, size, limit):
    return LedgerFileError(
        _(
            "工作簿解压后过大（%(part)s 为 %(size)s，上限 %(max)s），为保护系统没有读取。"
            "请删除多余的内容、拆分成多个文件，或另存为 CSV 后再导入。"
        )
        % {"part": part, "size": filesizeformat(size), "max": filesizeformat(limit)}
    )


def _limit_of(name):
    if name.lower().endswith("sharedstrings.xml"):
        return min(settings.LEDGER_XLSX_MAX_STRINGS_BYTES, settings.LEDGER_XLSX_MAX_PART_BYTES)
    if name in METADATA or name.endswith(".rels"):
        return METADATA_MAX_BYTES
    return settings.LEDGER_XLSX_MAX_PART_BYTES


def _open(fileobj):
    try:
        return zipfile.ZipFile(fileobj)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        raise _corrupt() from None


def check(fileobj):
    """Check the directory and parse the small parts; the declared size of the whole."""
    fileobj.seek(0)
    with _open(fileobj) as archive:
        infos = archive.infolist()
        if len(infos) > MAX_PARTS:
            raise _corrupt()
        total = 0
        for info in infos:
            _check_declared(info)
            total += info.file_size
        if total > settings.LEDGER_XLSX_MAX_BYTES:
            raise _too_big(_("整个工作簿"), total, settings.LEDGER_XLSX_MAX_BYTES)
        names = {info.filename for info in infos}
        for name in REQUIRED:
            if name not in names:
                raise _malformed(name)
        for name in METADATA:
            if name in names:
                _parse(name, _read(archive, archive.getinfo(name)))
    fileobj.seek(0)
    return XlsxSize(total)


def _check_declared(info):
    if info.flag_bits & 0x1:
        raise LedgerFileError(_("工作簿设置了密码，无法读取。请取消密码保护后再导入。"))
    limit = _limit_of(info.filename)
    if info.file_size > limit:
        raise _too_big(info.filename, info.file_size, limit)
    ratio = info.file_size / max(info.compress_size, 1)
    if info.file_size > RATIO_FROM_BYTES and ratio > settings.LEDGER_XLSX_MAX_RATIO:
        raise LedgerFileError(
            _(
                "工作簿中的 %(part)s 压缩比异常（约 %(ratio)s 倍，上限 %(max)s 倍），"
                "可能是恶意构造的文件，没有读取。请在 Excel 中另存一份后重试。"
            )
            % {"part": info.filename, "ratio": int(ratio), "max": settings.LEDGER_XLSX_MAX_RATIO}
        )


def _chunks(archive, info, limit):
    """The part's inflated bytes, in chunks, refused past `limit` whatever the directory says."""
    read = 0
    try:
        with archive.open(info) as source:
            while chunk := source.read(CHUNK):
                read += len(chunk)
                if read > limit:
                    raise _too_big(info.filename, read, limit)
                yield chunk
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError):
        raise _corrupt() from None


def _read(archive, info):
    return b"".join(_chunks(archive, info, _limit_of(info.filename)))


def _malformed(name):
    return LedgerFileError(
        _(
            "工作簿的内部结构有误（%(part)s 缺失或无法解析），文件可能已损坏。"
            "请在 Excel 或 WPS 中打开后“另存为” .xlsx 再导入。"
        )
        % {"part": name}
    )


def _parse(name, data):
    if any(marker in data for marker in _DOCTYPE):
        raise _malformed(name)  # OOXML never declares a DTD; entities are an attack
    try:
        ElementTree.fromstring(data)
    except ElementTree.ParseError:
        raise _malformed(name) from None


def measure(fileobj):
    """Inflate every part as a stream with its cap (nothing kept); refuse what grows too large."""
    fileobj.seek(0)
    with _open(fileobj) as archive:
        total = 0
        for info in archive.infolist():
            _check_declared(info)
            tail = b""
            for chunk in _chunks(archive, info, _limit_of(info.filename)):
                total += len(chunk)
                if total > settings.LEDGER_XLSX_MAX_BYTES:
                    raise _too_big(_("整个工作簿"), total, settings.LEDGER_XLSX_MAX_BYTES)
                if info.filename.endswith((".xml", ".rels")) and any(
                    marker in tail + chunk for marker in _DOCTYPE
                ):
                    raise _malformed(info.filename)
                tail = chunk[-16:]
    fileobj.seek(0)
    return total


def count_rows(fileobj, path=None):
    """The `<row>` elements of the sheet at `path` (the largest sheet when None), streamed."""
    fileobj.seek(0)
    with _open(fileobj) as archive:
        if path is None:
            sheets = [i for i in archive.infolist() if i.filename.startswith("xl/worksheets/")]
            if not sheets:
                return 0
            info = max(sheets, key=lambda i: i.file_size)
        else:
            info = archive.getinfo(path.lstrip("/"))
        count, tail = 0, b""
        for chunk in _chunks(archive, info, _limit_of(info.filename)):
            block = tail + chunk
            count += len(_ROW.findall(block))
            # Keep the last few bytes (a tag may straddle chunks) but never count them twice.
            cut = max(len(block) - 64, 0)
            count -= len(_ROW.findall(block[cut:]))
            tail = block[cut:]
        count += len(_ROW.findall(tail))
    fileobj.seek(0)
    return count
