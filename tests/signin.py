"""Signing in through the real form in headless Chromium, second factor included."""

from django.contrib.auth import get_user_model
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.policy import requires_second_factor
from accounts.totp import totp_current_code, totp_device_confirmed


def sign_in(page, base, username, password):
    """The login form, then the code of the user's authenticator app when the site asks for
    one (admins and officials: issue 19); the user gets a device first if it has none."""
    user = get_user_model().objects.get(username=username)
    device = None
    if requires_second_factor(user):
        device = totp_device_confirmed(user) or TOTPDevice.objects.create(
            user=user, name="phone", confirmed=True
        )
    page.goto(f"{base}/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.press("input[name=password]", "Enter")
    page.wait_for_load_state("networkidle")
    if device is not None and "/account/two-factor/" in page.url:
        page.fill("input[name=token]", totp_current_code(device))
        page.press("input[name=token]", "Enter")
        page.wait_for_load_state("networkidle")
