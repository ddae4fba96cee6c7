"""The TOTP devices of users: creating one, showing its secret, reading its current code."""

import time
from base64 import b32encode

import segno
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice


def totp_device_pending(user):
    """The user's unconfirmed device (created on first call): the one being enrolled."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    return device or TOTPDevice.objects.create(user=user, name="default", confirmed=False)


def totp_device_confirmed(user):
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def totp_secret(device):
    """The base32 secret an authenticator app takes when typed in by hand."""
    return b32encode(device.bin_key).decode()


def totp_qr_svg(device):
    """The otpauth:// URL as an inline SVG QR code (no style attributes: CSP allows it)."""
    return segno.make(device.config_url, error="m").svg_inline(scale=4, border=2)


def totp_current_code(device):
    """The code the device's app shows now (for demo accounts and tests)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    return f"{totp.token():0{device.digits}d}"
