"""What every page's header and footer show: who is signed in, and how fresh the totals are."""

from django.utils.functional import SimpleLazyObject

from projects import aggregates
from projects.access import access_of


def _totals_status(request):
    # Cached on the request: one read per request however many templates render.
    if not hasattr(request, "_registry_totals_status"):
        run = aggregates.latest_run()
        request._registry_totals_status = {
            "finished_at": run.finished_at if run else None,
            "stale": aggregates.stale_count(),
        }
    return request._registry_totals_status


def registry(request):
    """`access` (membership, role, scope) and `totals_status` (last recompute, cells pending)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "access": SimpleLazyObject(lambda: access_of(user)),
        "totals_status": SimpleLazyObject(lambda: _totals_status(request)),
    }
