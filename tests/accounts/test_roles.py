"""三员分立: the system administrator, the security administrator and the auditor, each with
the rights of their job only, none a superuser. Every URL they use × every role."""

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.roles import AUDITOR, SECURITY_ADMIN, SYSTEM_ADMIN
from tests.pages.conftest import PASSWORD, client_for

# url name (args) → the roles that may open it; every other signed-in role gets 403
# (302 to the admin login for admin pages, which is how the admin refuses).
URLS = {
    ("admin:auth_user_changelist", ()): {SYSTEM_ADMIN, "superuser"},
    ("admin:auth_user_add", ()): {SYSTEM_ADMIN, "superuser"},
    ("admin:projects_unit_changelist", ()): {SYSTEM_ADMIN, "superuser"},
    ("admin:projects_membership_changelist", ()): {SYSTEM_ADMIN, "superuser"},
    ("admin:platforms_region_changelist", ()): {SYSTEM_ADMIN, "superuser"},
    ("admin:platforms_platform_changelist", ()): {SYSTEM_ADMIN, "superuser"},
    ("admin:axes_accessattempt_changelist", ()): {SECURITY_ADMIN, "superuser"},
    ("admin:otp_totp_totpdevice_changelist", ()): {SECURITY_ADMIN, "superuser"},
    ("accounts:security_policy", ()): {SECURITY_ADMIN, "superuser"},
    ("audit:events", ()): {AUDITOR, "superuser"},
    ("audit:export", ("csv",)): {AUDITOR, "superuser"},
    ("audit:export", ("xlsx",)): {AUDITOR, "superuser"},
    ("admin:projects_project_changelist", ()): {"superuser"},
    ("admin:auth_group_changelist", ()): {"superuser"},
}
ROLES = [SYSTEM_ADMIN, SECURITY_ADMIN, AUDITOR, "superuser", "staff", "official"]


@pytest.fixture
def role_users(db, django_user_model, staff, official, admin):
    users = {"superuser": admin, "staff": staff, "official": official}
    for n, role in enumerate((SYSTEM_ADMIN, SECURITY_ADMIN, AUDITOR)):
        user = django_user_model.objects.create_user(f"role{n}", password=PASSWORD)
        user.groups.add(Group.objects.get(name=role))
        users[role] = django_user_model.objects.get(pk=user.pk)
    return users


def test_no_role_holder_is_a_superuser(role_users):
    for role in (SYSTEM_ADMIN, SECURITY_ADMIN, AUDITOR):
        assert not role_users[role].is_superuser and role_users[role].is_staff


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("name", "args"), sorted(URLS))
def test_role_matrix(role_users, role, name, args):
    response = client_for(role_users[role]).get(reverse(name, args=args))

    if role in URLS[name, args]:
        assert response.status_code == 200, (name, role, response.status_code)
    elif name.startswith("admin:"):
        assert response.status_code in (302, 403), (name, role, response.status_code)
        if response.status_code == 302:
            assert response["Location"].startswith(reverse("admin:login"))
    else:
        assert response.status_code == 403, (name, role, response.status_code)


@pytest.mark.parametrize(("name", "args"), sorted(URLS))
def test_anonymous_users_are_sent_to_a_login_page(client, db, name, args):
    response = client.get(reverse(name, args=args))

    assert response.status_code == 302 and "login" in response["Location"]


def test_every_url_of_the_new_namespaces_is_in_the_matrix():
    from tests.pages.test_permissions import namespace_url_names

    for namespace in ("accounts", "audit"):
        covered = {name.split(":", 1)[1] for name, _args in URLS if name.startswith(namespace)}
        # The second-factor and password pages are every user's own: tests/accounts covers them.
        own = {"verify", "enrol", "password_change"} if namespace == "accounts" else set()
        assert namespace_url_names(namespace) == covered | own


def test_the_system_administrator_keeps_ordinary_users_only(role_users):
    client = client_for(role_users[SYSTEM_ADMIN])
    listing = client.get(reverse("admin:auth_user_changelist")).content.decode()

    assert "staff_a" in listing
    for other in ("root", "role1", "role2"):
        assert f">{other}<" not in listing
    for target in (role_users["superuser"], role_users[AUDITOR], role_users[SYSTEM_ADMIN]):
        url = reverse("admin:auth_user_change", args=[target.pk])
        assert client.get(url).status_code == 302  # the admin's "no such object" redirect


def test_the_system_administrator_cannot_give_rights(role_users):
    client = client_for(role_users[SYSTEM_ADMIN])
    staff = role_users["staff"]
    url = reverse("admin:auth_user_change", args=[staff.pk])
    form = client.get(url).content.decode()
    assert 'name="is_superuser"' not in form and 'name="groups"' not in form

    client.post(
        url,
        {
            "username": "staff_a",
            "is_active": "on",
            "is_superuser": "on",
            "is_staff": "on",
            "groups": [Group.objects.get(name=AUDITOR).pk],
        },
    )

    staff.refresh_from_db()
    assert not staff.is_superuser and not staff.is_staff and not staff.groups.exists()


def test_role_holders_start_at_their_own_pages(role_users):
    home = reverse("home")
    assert client_for(role_users[AUDITOR]).get(home)["Location"] == reverse("audit:events")
    for role in (SYSTEM_ADMIN, SECURITY_ADMIN):
        assert client_for(role_users[role]).get(home)["Location"] == reverse("admin:index")


def test_role_holders_need_the_second_factor(role_users):
    client = Client()
    client.post(reverse("login"), {"username": "role2", "password": PASSWORD})

    response = client.get(reverse("audit:events"))

    assert response["Location"].startswith(reverse("accounts:verify"))


def test_the_security_administrator_resets_a_second_factor(role_users):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from audit.models import AuditEvent

    device = TOTPDevice.objects.create(user=role_users["official"], name="phone")
    client = client_for(role_users[SECURITY_ADMIN])

    client.post(reverse("admin:otp_totp_totpdevice_delete", args=[device.pk]), {"post": "yes"})

    assert not TOTPDevice.objects.filter(pk=device.pk).exists()
    reset = AuditEvent.objects.get(action="otp_reset")
    assert reset.username == "role1" and reset.detail["device_user"] == "official"


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", ["accounts:password_change", "accounts:verify"])
def test_every_role_reaches_its_own_account_pages(role_users, role, name):
    client = client_for(role_users[role])
    has_device = TOTPDevice.objects.filter(user=role_users[role], confirmed=True).exists()

    response = client.get(reverse(name))

    if name == "accounts:verify" and not has_device:
        # Staff, who need no second factor, are offered to enrol one instead.
        assert response["Location"].startswith(reverse("accounts:enrol")), role
    else:
        assert response.status_code == 200, (name, role)


@pytest.mark.parametrize("role", ROLES)
def test_enrolling_a_second_device_needs_a_reset_first(role_users, role):
    client = client_for(role_users[role])
    if not TOTPDevice.objects.filter(user=role_users[role], confirmed=True).exists():
        # Staff (no second factor required) may enrol one of their own accord.
        assert client.get(reverse("accounts:enrol")).status_code == 200
        return

    response = client.get(reverse("accounts:enrol"))

    assert response.status_code == 302 and response["Location"].startswith(
        reverse("accounts:verify")
    )


@pytest.mark.parametrize("name", ["accounts:password_change", "accounts:verify", "accounts:enrol"])
def test_the_account_pages_need_a_sign_in(client, db, name):
    response = client.get(reverse(name))

    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_the_system_administrator_cannot_place_an_administrator_in_a_unit(role_users, places):
    from projects.models import Membership, Unit

    sysadmin = role_users[SYSTEM_ADMIN]
    unit = Unit.objects.create(name="某单位", scope_region=places["province"])
    client = client_for(sysadmin)

    response = client.post(
        reverse("admin:projects_membership_add"),
        {"user": sysadmin.pk, "unit": unit.pk, "role": Membership.Role.OFFICIAL},
    )

    assert response.status_code == 200  # the form refuses the choice
    assert not Membership.objects.filter(user=sysadmin).exists()
    listing = client.get(reverse("admin:projects_membership_changelist")).content.decode()
    assert "staff_a" in listing
