"""Defect 13 (second half): users change their own password; passwords are hashed with Argon2."""

from django.urls import reverse

from audit.models import AuditEvent
from tests.pages.conftest import PASSWORD, client_for

NEW = "a brand new passphrase 2024"


def test_a_user_changes_their_own_password(staff):
    client = client_for(staff)

    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": PASSWORD, "new_password1": NEW, "new_password2": NEW},
    )

    assert response.status_code == 302
    staff.refresh_from_db()
    assert staff.check_password(NEW)
    assert client.get(reverse("projects:list")).status_code == 200  # still signed in
    assert AuditEvent.objects.filter(action="password_change", result="success").count() == 1


def test_a_wrong_old_password_changes_nothing(staff):
    client = client_for(staff)

    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": "wrong", "new_password1": NEW, "new_password2": NEW},
    )

    assert response.status_code == 200 and "旧密码不正确" in response.content.decode()
    staff.refresh_from_db()
    assert staff.check_password(PASSWORD)
    assert AuditEvent.objects.filter(action="password_change", result="failure").exists()


def test_a_weak_password_is_refused(staff):
    response = client_for(staff).post(
        reverse("accounts:password_change"),
        {"old_password": PASSWORD, "new_password1": "12345678", "new_password2": "12345678"},
    )

    assert response.status_code == 200 and "密码只包含数字" in response.content.decode()


def test_the_page_is_linked_from_the_header(staff):
    html = client_for(staff).get(reverse("projects:list")).content.decode()

    assert reverse("accounts:password_change") in html


def test_passwords_are_hashed_with_argon2(db, django_user_model, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.Argon2PasswordHasher"]
    user = django_user_model.objects.create_user("hashed", password=NEW)

    assert user.password.startswith("argon2$argon2id$")
