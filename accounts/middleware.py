"""Request-level controls: the second-factor gate and the security headers."""

from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpResponseRedirect
from django.urls import Resolver404, resolve, reverse
from django.utils.cache import add_never_cache_headers, patch_cache_control

from accounts.policy import requires_second_factor

# Pages a signed-in user may reach before the second factor: the factor's own pages,
# signing out and the language switch.
BEFORE_SECOND_FACTOR = {"accounts:verify", "accounts:enrol", "logout", "set_language", "login"}


def _url_name(request):
    try:
        return resolve(request.path_info).view_name
    except Resolver404:
        return None


class SecondFactorMiddleware:
    """Send a user who needs a second factor and has not given one to the verify page.

    Comes after django_otp's OTPMiddleware, which tells whether the session is verified.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            user.is_authenticated
            and not user.is_verified()
            and requires_second_factor(user)
            and _url_name(request) not in BEFORE_SECOND_FACTOR
        ):
            target = reverse("accounts:verify")
            if request.method == "GET":
                target += "?" + urlencode({"next": request.get_full_path()})
            response = HttpResponseRedirect(target)
            if getattr(request, "htmx", False):
                response["HX-Redirect"] = target
            return response
        return self.get_response(request)


class SecurityHeadersMiddleware:
    """No-store for signed-in pages and every download; Permissions-Policy everywhere.

    Signed-in pages show data of a scope; a shared or proxy cache must not keep them,
    nor the browser's back button after sign-out.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        signed_in = getattr(request, "user", None) is not None and request.user.is_authenticated
        download = "attachment" in response.get("Content-Disposition", "")
        if signed_in or download:
            add_never_cache_headers(response)
            patch_cache_control(response, no_store=True, private=True)
        response.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response
