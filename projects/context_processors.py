"""What every page's header and footer show: who is signed in, and how fresh the totals are."""

from django.utils.functional import SimpleLazyObject

from projects import totals
from projects.access import access_of


def registry(request):
    """`access` (membership, role, scope) and `totals_status` (last recompute, cells pending)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "access": SimpleLazyObject(lambda: access_of(user)),
        "totals_status": SimpleLazyObject(lambda: totals.totals_status(request)),
    }
