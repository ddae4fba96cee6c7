"""Defect 13: `bootstrap` never resets a password; demo accounts that need a second factor
get a TOTP device once, its secret in var/demo-logins.txt, and `demo_totp` prints its code."""

import io

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.management.commands import bootstrap


@pytest.fixture
def logins_file(tmp_path, monkeypatch, places, settings):
    settings.DEMO_STAFF_PLATFORM = places["platform_a"].code
    path = tmp_path / "demo-logins.txt"
    monkeypatch.setattr(bootstrap, "LOGINS_FILE", path)
    return path


def run_demo_accounts():
    command = bootstrap.Command(stdout=io.StringIO())
    lines = command._demo_accounts()
    return command.stdout.getvalue() + "\n".join(lines)


def logins(path):
    return {line.split()[0]: line.split()[1:] for line in path.read_text().splitlines()}


def test_a_changed_password_survives_another_bootstrap(logins_file, django_user_model):
    run_demo_accounts()
    staff = django_user_model.objects.get(username="staff")
    staff.set_password("changed by its user 2024")
    staff.save()

    output = run_demo_accounts()

    staff.refresh_from_db()
    assert staff.check_password("changed by its user 2024")
    assert "(密码已由用户修改或不在记录中，未重置" in output


def test_the_printed_passwords_sign_in(logins_file):
    run_demo_accounts()
    saved = logins(logins_file)

    assert set(saved) == {"admin", "staff", "official"}
    for username, fields in saved.items():
        response = Client().post(reverse("login"), {"username": username, "password": fields[0]})
        assert response.status_code == 302, username


def test_accounts_needing_a_second_factor_get_one_device_once(logins_file):
    run_demo_accounts()
    first = logins(logins_file)
    run_demo_accounts()
    second = logins(logins_file)

    assert first == second
    assert len(first["admin"]) == 2 and first["admin"][1].startswith("totp:")
    assert len(first["official"]) == 2 and first["official"][1].startswith("totp:")
    assert first["staff"] == first["staff"][:1]  # staff need none by default
    assert TOTPDevice.objects.count() == 2


def test_a_demo_login_works_with_demo_totp(logins_file):
    run_demo_accounts()
    password = logins(logins_file)["official"][0]
    client = Client()
    client.post(reverse("login"), {"username": "official", "password": password})
    out = io.StringIO()
    call_command("demo_totp", "official", stdout=out)

    response = client.post(reverse("accounts:verify"), {"token": out.getvalue().strip()})

    assert response.status_code == 302
    assert client.get(reverse("projects:list")).status_code == 200


def test_demo_totp_explains_an_unknown_user(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="no user"):
        call_command("demo_totp", "ghost")
