"""Set up a working registry: fixtures, totals, demo accounts. Safe to run again.

Each step prints what it did, with counts and seconds, as it goes. Demo accounts are
created once with random passwords, which are printed and kept in var/demo-logins.txt
(`user password [totp:SECRET]`); an existing account keeps its password unless
--reset-demo-passwords is given. Accounts that must sign in with a second factor get one
TOTP device, once, whose secret is printed beside the password.

It lives in `accounts`, the app above the others: it sets up places, projects, totals and
accounts together.
"""

import secrets
import time
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.policy import requires_second_factor
from accounts.totp import totp_device_confirmed, totp_secret
from platforms.models import Platform, Region
from projects import figures, search, totals
from projects.models import Membership, Project, Unit
from projects.search import search_refresh

FIXTURES_DIR = Path(settings.BASE_DIR) / "fixtures"
LOGINS_FILE = Path(settings.BASE_DIR) / "var" / "demo-logins.txt"
KEPT = "(密码已由用户修改或不在记录中，未重置；bootstrap --reset-demo-passwords 可重设)"


class Command(BaseCommand):
    help = (
        "Load the fixtures (once), rebuild the totals, create demo accounts and print their logins."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--reload", action="store_true", help="load the fixtures even if loaded"
        )
        parser.add_argument("--no-demo", action="store_true", help="skip the demo accounts")
        parser.add_argument(
            "--reset-demo-passwords",
            action="store_true",
            help="give the demo accounts new passwords even if they exist",
        )

    def handle(self, *args, reload=False, no_demo=False, reset_demo_passwords=False, **options):
        fixtures = sorted(FIXTURES_DIR.glob("*.json"))
        if fixtures and (reload or not Region.objects.exists()):
            with self.step(f"loading {len(fixtures)} fixture files"):
                call_command("loaddata", *map(str, fixtures), verbosity=0)
                search_refresh()  # the fixtures hold no search texts: they are derived
                self.done(f"{Project.objects.count()} projects")
        with self.step("rebuilding the totals tables and the search texts"):
            totals.aggregates_rebuild()
            search.search_refresh()  # fixtures are loaded around the services that keep them
            self.done(f"{Project.objects.count()} projects counted")
        with self.step("reconciling the published figures"):
            checks = figures.figures_reconcile()
            self.done(f"{len(checks)} figures, {sum(not c.matches for c in checks)} not matching")
        if not no_demo:
            with self.step("demo accounts"):
                lines = self._demo_accounts(reset=reset_demo_passwords)
                self.done(f"{len(lines)} accounts")
            self.stdout.write(
                "\nDemo logins (also in var/demo-logins.txt; user password [totp:SECRET]):\n"
                + "\n".join(lines)
                + "\nAccounts with totp: sign in with the password, then the code of an "
                "authenticator app given SECRET, or of `manage.py demo_totp USERNAME`.\n"
            )

    @contextmanager
    def step(self, what):
        self.stdout.write(f"bootstrap: {what} …")
        self.stdout.flush()
        self._started, self._result = time.monotonic(), ""
        yield
        seconds = time.monotonic() - self._started
        self.stdout.write(f"bootstrap: {what}: {self._result} ({seconds:.1f} s)")

    def done(self, result):
        self._result = result

    def _demo_accounts(self, *, reset=False):
        accounts = demo_accounts()
        if len(accounts) == 1:
            self.stdout.write("no regions or platforms loaded: only the admin account is created")
        saved = saved_logins()
        lines = []
        with transaction.atomic():
            for username, unit, role in accounts:
                user, password = demo_user_ensure(
                    username=username,
                    password=saved.get(username, [None])[0],
                    unit=unit,
                    role=role,
                    reset=reset,
                )
                totp = demo_totp_field(user)
                if password:
                    saved[username] = [password, *totp]
                else:
                    saved.pop(username, None)
                scope = unit.scope if unit else "全部（管理员）"
                shown = " ".join([password, *totp]) if password else KEPT
                lines.append(f"  {username:<9} {shown}   {scope}")
        LOGINS_FILE.parent.mkdir(parents=True, exist_ok=True)
        LOGINS_FILE.write_text("".join(f"{u} {' '.join(f)}\n" for u, f in saved.items()))
        return lines


def demo_accounts():
    """(username, unit or None for the admin, role) of each demo account."""
    province = Region.objects.filter(level=Region.Level.PROVINCE).order_by("path").first()
    platform = (
        Platform.objects.filter(code=settings.DEMO_STAFF_PLATFORM).first()
        or Platform.objects.order_by("path").first()
    )
    accounts = [("admin", None, None)]
    if province and platform:
        accounts += [
            (
                "staff",
                Unit(name=f"{platform.name}招商局", scope_platform=platform),
                Membership.Role.STAFF,
            ),
            (
                "official",
                Unit(name=f"{province.name}领导", scope_region=province),
                Membership.Role.OFFICIAL,
            ),
        ]
    return accounts


def saved_logins():
    """username → [password, "totp:SECRET"?] as var/demo-logins.txt keeps them."""
    if not LOGINS_FILE.exists():
        return {}
    fields = (line.split() for line in LOGINS_FILE.read_text().splitlines())
    return {f[0]: f[1:] for f in fields if len(f) >= 2}


def demo_totp_field(user):
    """A demo account that must use two-factor sign-in gets one TOTP device, once."""
    if not requires_second_factor(user):
        return []
    device = totp_device_confirmed(user)
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="demo", confirmed=True)
    return [f"totp:{totp_secret(device)}"]


def demo_user_ensure(*, username, password, unit, role, reset):
    """Create or update a demo account; returns it and its password, or None if not known.

    An existing account keeps its password (its owner may have changed it), unless `reset`;
    the saved `password` is returned only while it still opens the account.
    """
    user, created = get_user_model().objects.get_or_create(username=username)
    if created or reset:
        password = (password if created else None) or secrets.token_urlsafe(12)
        user.set_password(password)
    elif password and not user.check_password(password):
        password = None
    user.is_staff = user.is_superuser = unit is None
    user.save()
    if unit is not None:
        unit, _created = Unit.objects.update_or_create(
            name=unit.name,
            defaults={"scope_region": unit.scope_region, "scope_platform": unit.scope_platform},
        )
        Membership.objects.update_or_create(user=user, defaults={"unit": unit, "role": role})
    return get_user_model().objects.get(pk=user.pk), password
