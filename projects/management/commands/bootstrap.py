"""Set up a working registry: fixtures, totals, demo accounts. Safe to run again."""

import secrets
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
from projects import aggregates, figures
from projects.models import Membership, Project, Unit

FIXTURES_DIR = Path(settings.BASE_DIR) / "fixtures"
LOGINS_FILE = Path(settings.BASE_DIR) / "var" / "demo-logins.txt"


class Command(BaseCommand):
    help = (
        "Load the fixtures (once), rebuild the totals, create demo accounts and print their logins."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--reload", action="store_true", help="load the fixtures even if loaded"
        )
        parser.add_argument("--no-demo", action="store_true", help="skip the demo accounts")

    def handle(self, *args, reload=False, no_demo=False, **options):
        fixtures = sorted(FIXTURES_DIR.glob("*.json"))
        if fixtures and (reload or not Region.objects.exists()):
            call_command("loaddata", *map(str, fixtures), verbosity=0)
            self.stdout.write(f"loaded {len(fixtures)} fixture files")
        run = aggregates.aggregates_rebuild()
        checks = figures.figures_reconcile()
        bad = sum(not c.matches for c in checks)
        self.stdout.write(
            f"{Project.objects.count()} projects; totals rebuilt in {run.seconds:.1f} s; "
            f"{len(checks)} published figures, {bad} not matching"
        )
        if not no_demo:
            self._demo_accounts()

    def _demo_accounts(self):
        province = Region.objects.filter(level=Region.Level.PROVINCE).order_by("path").first()
        platform = (
            Platform.objects.filter(code=settings.DEMO_STAFF_PLATFORM).first()
            or Platform.objects.order_by("path").first()
        )
        if province is None or platform is None:
            self.stdout.write("no regions or platforms loaded: only the admin account is created")
        saved = _saved_logins()
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
        lines = []
        with transaction.atomic():
            for username, unit, role in accounts:
                password = saved.get(username, [None])[0] or secrets.token_urlsafe(12)
                user = _ensure_user(username, password, unit, role)
                saved[username] = [password, *_demo_totp_field(user)]
                scope = unit.scope if unit else "全部（管理员）"
                shown = saved[username] if user.check_password(password) else ["(密码已由用户修改)"]
                lines.append(f"  {username:<9} {' '.join(shown)}   {scope}")
        LOGINS_FILE.parent.mkdir(parents=True, exist_ok=True)
        LOGINS_FILE.write_text("".join(f"{u} {' '.join(f)}\n" for u, f in saved.items()))
        self.stdout.write(
            "\nDemo logins (http://127.0.0.1:8000/; user password [totp:SECRET]):\n"
            + "\n".join(lines)
            + "\nAccounts with totp: sign in with the password, then the code of an "
            "authenticator app given SECRET, or of `manage.py demo_totp USERNAME`.\n"
        )


def _saved_logins():
    """username → [password, "totp:SECRET"?] as var/demo-logins.txt keeps them."""
    if not LOGINS_FILE.exists():
        return {}
    fields = (line.split() for line in LOGINS_FILE.read_text().splitlines())
    return {f[0]: f[1:2] for f in fields if len(f) >= 2}


def _demo_totp_field(user):
    """A demo account that must use two-factor sign-in gets one TOTP device, once."""
    if not requires_second_factor(user):
        return []
    device = totp_device_confirmed(user)
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="demo", confirmed=True)
    return [f"totp:{totp_secret(device)}"]


def _ensure_user(username, password, unit, role):
    """Create the demo user with `password`; an existing user's password is never reset."""
    user, created = get_user_model().objects.get_or_create(username=username)
    if created:
        user.set_password(password)
    user.is_staff = user.is_superuser = unit is None
    user.save()
    if unit is not None:
        unit, _created = Unit.objects.update_or_create(
            name=unit.name,
            defaults={"scope_region": unit.scope_region, "scope_platform": unit.scope_platform},
        )
        Membership.objects.update_or_create(user=user, defaults={"unit": unit, "role": role})
    return get_user_model().objects.get(pk=user.pk)
