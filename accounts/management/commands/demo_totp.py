"""Print the current two-factor code of a user's TOTP device (for demo accounts)."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from accounts.totp import totp_current_code, totp_device_confirmed


class Command(BaseCommand):
    help = (
        "Print the current 6-digit TOTP code of USERNAME's confirmed device, so a demo "
        "account can sign in without an authenticator app. A code is accepted once: for "
        "a second sign-in within 30 s wait for the next one."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"no user {username!r}")
        device = totp_device_confirmed(user)
        if device is None:
            raise CommandError(f"{username!r} has no confirmed two-factor device")
        self.stdout.write(totp_current_code(device))
