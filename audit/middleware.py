"""Every download (a response sent as an attachment) leaves an audit record."""

from urllib.parse import unquote

from audit.models import AuditEvent
from audit.services import audit_record


def _filename(disposition):
    for part in disposition.split(";"):
        key, _sep, value = part.strip().partition("=")
        if key == "filename*":
            return unquote(value.split("''", 1)[-1])
        if key == "filename":
            return value.strip('"')
    return ""


class DownloadAuditMiddleware:
    """One home for "exports and downloads": the ledger's exports, the rejected rows,
    the templates, the quarterly report and the audit log's own exports alike."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        disposition = response.get("Content-Disposition", "")
        if response.status_code == 200 and disposition.startswith("attachment"):
            audit_record(
                request=request,
                action=AuditEvent.Action.DOWNLOAD,
                detail={
                    "path": request.path,
                    "query": request.GET.urlencode()[:1000],
                    "filename": _filename(disposition),
                },
            )
        return response
