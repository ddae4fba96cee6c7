"""Documents: attach (type and size checked on the content), delete, and who may download.

Files go to the `documents` storage (settings.STORAGES) under a fresh name; the
record keeps the uploader's file name for the download. Documents feed no totals,
so nothing is marked stale; simple-history keeps who attached and removed what.
"""

import posixpath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from projects.access import require_reader, visible_projects
from projects.models import Document
from projects.records.filetypes import RefusedFile, detect


def _clean_name(name):
    """The uploader's file name without any path, as the download will offer it."""
    base = posixpath.basename(str(name).replace("\\", "/")).strip() or "file"
    return base[-200:]


def document_attach(*, actor, project, kind, upload, stage_entry=None, note=""):
    """Store `upload` for `project` (and a stage entry of it) if its content is allowed."""
    if upload.size == 0:
        raise ValidationError({"upload": _("文件是空的。")})
    if upload.size > settings.DOCUMENT_MAX_BYTES:
        raise ValidationError(
            {
                "upload": _("文件超过上限 %(max)s。")
                % {"max": filesizeformat(settings.DOCUMENT_MAX_BYTES)}
            }
        )
    try:
        filetype = detect(upload)
    except RefusedFile as e:
        raise ValidationError({"upload": str(e)}) from None
    document = Document(
        project=project,
        stage_entry=stage_entry,
        kind=kind,
        original_name=_clean_name(upload.name),
        extension=filetype.extension,
        content_type=filetype.content_type,
        size=upload.size,
        note=note,
        uploaded_by=actor,
    )
    document.full_clean(exclude=["file"])
    document._history_user = actor
    with transaction.atomic():
        document.file.save(document.original_name, upload, save=False)
        try:
            document.save()
        except Exception:
            document.file.delete(save=False)  # no record, no file
            raise
    return document


def document_delete(*, actor, document):
    """Remove a document; its record's history stays, the file goes once the removal commits."""
    storage, name = document.file.storage, document.file.name
    document._history_user = actor
    with transaction.atomic():
        document.delete()
        transaction.on_commit(lambda: storage.delete(name))


def get_document_for_user(user, pk):
    """A document of a project the user may see (reading is enough to download), else 404."""
    require_reader(user)
    document = (
        Document.objects.filter(pk=pk, project__in=visible_projects(user))
        .select_related("project")
        .first()
    )
    if document is None:
        raise Http404(_("没有这个文件，或它不在您的管辖范围内。"))
    return document
