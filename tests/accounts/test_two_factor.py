"""Two-factor sign-in: who must use it, enrolment, verification after the password."""

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.policy import requires_second_factor
from accounts.roles import AUDITOR
from accounts.totp import totp_current_code, totp_secret
from audit.models import AuditEvent
from tests.pages.conftest import PASSWORD


def sign_in(username):
    client = Client()
    response = client.post(reverse("login"), {"username": username, "password": PASSWORD})
    assert response.status_code == 302, response.content.decode()[:500]
    return client


def test_an_admin_cannot_use_the_registry_with_the_password_alone(admin):
    client = sign_in("root")

    for url in (reverse("dashboards:home"), reverse("projects:list"), "/admin/"):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("accounts:verify"))
    # Without a device the verify step sends the admin to enrol one.
    response = client.get(reverse("accounts:verify"))
    assert response["Location"].startswith(reverse("accounts:enrol"))


def test_an_admin_enrols_an_app_and_is_then_let_in(admin):
    client = sign_in("root")

    page = client.get(reverse("accounts:enrol") + "?next=/projects/")
    html = page.content.decode()
    device = TOTPDevice.objects.get(user=admin, confirmed=False)
    assert totp_secret(device) in html and "<svg" in html
    response = client.post(
        reverse("accounts:enrol"), {"token": totp_current_code(device), "next": "/projects/"}
    )

    assert response.status_code == 302 and response["Location"] == "/projects/"
    assert TOTPDevice.objects.get(pk=device.pk).confirmed
    assert client.get(reverse("projects:list")).status_code == 200
    assert AuditEvent.objects.filter(action="otp_enrol", result="success", user=admin).exists()


def test_a_wrong_code_does_not_enrol(admin):
    client = sign_in("root")
    client.get(reverse("accounts:enrol"))
    device = TOTPDevice.objects.get(user=admin)
    wrong = f"{(int(totp_current_code(device)) + 1) % 1_000_000:06d}"

    response = client.post(reverse("accounts:enrol"), {"token": wrong})

    assert response.status_code == 200 and "验证码不正确" in response.content.decode()
    assert not TOTPDevice.objects.get(pk=device.pk).confirmed
    assert client.get(reverse("projects:list")).status_code == 302


def test_an_official_signs_in_with_password_then_code(official, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # the 1 s wait after a wrong code is tested below
    device = TOTPDevice.objects.create(user=official, name="phone", confirmed=True)
    client = sign_in("official")
    assert client.get(reverse("projects:list"))["Location"].startswith(reverse("accounts:verify"))

    wrong = client.post(reverse("accounts:verify"), {"token": "000000", "next": "/projects/"})
    assert wrong.status_code == 200 and "验证码不正确" in wrong.content.decode()
    right = client.post(
        reverse("accounts:verify"), {"token": totp_current_code(device), "next": "/projects/"}
    )

    assert right["Location"] == "/projects/"
    assert client.get(reverse("projects:list")).status_code == 200
    results = list(
        AuditEvent.objects.filter(action="otp_verify").order_by("pk").values_list("result")
    )
    assert results == [("failure",), ("success",)]


def test_a_code_is_accepted_only_once(official):
    device = TOTPDevice.objects.create(user=official, name="phone", confirmed=True)
    code = totp_current_code(device)
    first = sign_in("official")
    assert first.post(reverse("accounts:verify"), {"token": code}).status_code == 302

    second = sign_in("official")
    response = second.post(reverse("accounts:verify"), {"token": code})

    assert response.status_code == 200


def test_the_verify_page_refuses_an_outside_next(official):
    device = TOTPDevice.objects.create(user=official, name="phone", confirmed=True)
    client = sign_in("official")

    response = client.post(
        reverse("accounts:verify"),
        {"token": totp_current_code(device), "next": "https://evil.example/"},
    )

    assert response["Location"] == reverse("home")


def test_staff_need_no_second_factor_unless_the_setting_asks(staff, settings):
    client = sign_in("staff_a")
    assert client.get(reverse("projects:list")).status_code == 200

    settings.OTP_REQUIRED_FOR_STAFF = True
    response = client.get(reverse("projects:list"))
    assert response["Location"].startswith(reverse("accounts:verify"))


def test_who_must_use_a_second_factor(staff, official, admin, nobody, settings):
    assert requires_second_factor(admin) and requires_second_factor(official)
    assert not requires_second_factor(staff) and not requires_second_factor(nobody)
    settings.OTP_REQUIRED_FOR_STAFF = True
    assert requires_second_factor(type(staff).objects.get(pk=staff.pk))


def test_a_role_holder_becomes_an_admin_site_user_and_needs_the_factor(nobody):
    from django.contrib.auth.models import Group

    nobody.groups.add(Group.objects.get(name=AUDITOR))
    nobody.refresh_from_db()

    assert nobody.is_staff and requires_second_factor(nobody)


def test_an_htmx_request_is_sent_to_the_verify_page_as_a_whole_page(official):
    client = sign_in("official")

    response = client.get(reverse("projects:list"), headers={"HX-Request": "true"})

    assert response["HX-Redirect"].startswith(reverse("accounts:verify"))


def test_signing_out_needs_no_second_factor(admin):
    client = sign_in("root")

    response = client.post(reverse("logout"))

    assert response.status_code == 302 and response["Location"] == reverse("login")


@pytest.mark.django_db
def test_force_login_in_tests_counts_as_verified(admin_client):
    assert admin_client.get(reverse("projects:list")).status_code == 200


def test_a_wrong_code_makes_the_next_try_wait(official):
    device = TOTPDevice.objects.create(user=official, name="phone", confirmed=True)
    client = sign_in("official")
    client.post(reverse("accounts:verify"), {"token": "000000"})

    response = client.post(reverse("accounts:verify"), {"token": totp_current_code(device)})

    assert response.status_code == 200 and "错误次数过多" in response.content.decode()
