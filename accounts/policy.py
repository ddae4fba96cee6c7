"""Who must sign in with a second factor (GB/T 22239-2019 8.1.4.1 d)."""

from django.conf import settings

from projects.access import access_of
from projects.models import Membership


def requires_second_factor(user):
    """Admins (every holder of a separated-duty role is is_staff), officials; staff by setting.

    Reads nothing the page does not read anyway: the flags are on the user and the
    membership is the one `access_of` caches for the request.
    """
    if not user.is_authenticated:
        return False
    if user.is_superuser or user.is_staff:
        return True
    membership = access_of(user).membership
    if membership is None:
        return False
    if membership.role == Membership.Role.STAFF:
        return settings.OTP_REQUIRED_FOR_STAFF
    return True
