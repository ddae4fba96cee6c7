"""Defect 11: lockout per user name and per client address, the address read behind a proxy."""

import pytest
from django.test import Client
from django.urls import reverse

from audit.models import AuditEvent
from tests.pages.conftest import PASSWORD

PROXY = "10.0.0.2"


@pytest.fixture
def behind_one_proxy(settings):
    settings.TRUSTED_PROXY_COUNT = 1


def attempt(username, password, *, client_ip, proxy=True):
    meta = {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": client_ip} if proxy else {}
    if not proxy:
        meta["REMOTE_ADDR"] = client_ip
    return Client().post(reverse("login"), {"username": username, "password": password}, **meta)


def test_one_client_trying_many_names_is_locked_out(behind_one_proxy, staff, settings):
    for n in range(settings.AXES_FAILURE_LIMIT):
        attempt(f"guess{n}", "wrong", client_ip="203.0.113.7")

    # Another client behind the same proxy is not locked out with it...
    assert attempt("staff_a", PASSWORD, client_ip="198.51.100.9").status_code == 302
    # ...while the guessing client is, even with a right password.
    assert attempt("staff_a", PASSWORD, client_ip="203.0.113.7").status_code == 429


def test_one_name_guessed_from_many_addresses_is_locked_out(behind_one_proxy, staff, settings):
    for n in range(settings.AXES_FAILURE_LIMIT):
        attempt("staff_a", "wrong", client_ip=f"203.0.113.{n + 1}")

    assert attempt("staff_a", PASSWORD, client_ip="198.51.100.9").status_code == 429
    assert AuditEvent.objects.filter(action="lockout", result="denied").exists()


def test_the_audit_log_records_the_real_client_behind_the_proxy(behind_one_proxy, staff):
    attempt("staff_a", "wrong", client_ip="203.0.113.7")

    event = AuditEvent.objects.get(action="login_failed")
    assert event.ip_address == "203.0.113.7" and event.detail == {"username": "staff_a"}


def test_without_a_trusted_proxy_a_forged_header_is_ignored(staff, settings):
    assert settings.TRUSTED_PROXY_COUNT == 0
    for n in range(settings.AXES_FAILURE_LIMIT):
        # Each try claims another address; the one that counts is REMOTE_ADDR.
        Client().post(
            reverse("login"),
            {"username": f"guess{n}", "password": "wrong"},
            REMOTE_ADDR="192.0.2.50",
            HTTP_X_FORWARDED_FOR=f"203.0.113.{n + 1}",
        )

    assert attempt("staff_a", PASSWORD, client_ip="192.0.2.50", proxy=False).status_code == 429


@pytest.mark.parametrize(
    ("count", "trusted", "remote", "forwarded", "client"),
    [
        (0, [], "192.0.2.1", "203.0.113.7", "192.0.2.1"),
        (1, [], PROXY, "203.0.113.7", "203.0.113.7"),
        (1, [], PROXY, "6.6.6.6, 203.0.113.7", "203.0.113.7"),  # a forged entry on the left
        (2, [], PROXY, "6.6.6.6, 203.0.113.7, 10.0.0.1", "203.0.113.7"),
        (2, [], PROXY, "203.0.113.7", PROXY),  # fewer hops than proxies: not believed
        (1, ["10.0.0.0/8"], PROXY, "203.0.113.7", "203.0.113.7"),
        (1, ["10.0.0.0/8"], "192.0.2.1", "203.0.113.7", "192.0.2.1"),  # not via our proxy
        (1, [], PROXY, "not-an-ip", PROXY),
    ],
)
def test_the_client_address_behind_proxies(settings, rf, count, trusted, remote, forwarded, client):
    from accounts.network import client_ip

    settings.TRUSTED_PROXY_COUNT = count
    settings.TRUSTED_PROXY_IPS = trusted
    request = rf.get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)

    assert client_ip(request) == client
