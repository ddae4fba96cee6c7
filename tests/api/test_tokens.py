"""Personal API tokens: made and revoked on the user's page, shown once, stored hashed,
expiring, read-only or read-write, rate limited, their use recorded."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from api.models import ApiToken, hash_secret
from tests.api.conftest import api_client, token_for
from tests.pages.conftest import client_for

pytestmark = pytest.mark.django_db


def test_it_creates_a_token_and_shows_it_once(staff):
    client = client_for(staff)

    response = client.post(
        reverse("api:tokens"), {"name": "大屏", "scope": "read", "valid_days": "90"}
    )

    assert response.status_code == 200
    secret = response.context["secret"]
    assert secret.startswith("jjj_") and secret in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    token = ApiToken.objects.get()
    assert token.secret_hash == hash_secret(secret) and secret not in token.secret_hash
    assert token.hint == secret[:8] and token.scope == ApiToken.Scope.READ
    assert abs(token.expires_at - timezone.now() - datetime.timedelta(days=90)).total_seconds() < 60
    # Shown once: the page lists the token afterwards without its secret.
    assert secret not in client.get(reverse("api:tokens")).content.decode()


def test_the_token_reads_as_its_user(staff, project, other_project):
    response = api_client(staff).get("/api/v1/projects")

    assert response.status_code == 200
    assert [row["id"] for row in response.json()["items"]] == [project.pk]


def test_it_refuses_a_wrong_token_with_401(project):
    response = Client(HTTP_AUTHORIZATION="Bearer jjj_not-a-token").get("/api/v1/projects")

    assert response.status_code == 401
    assert response.json()["code"] == "invalid_token"


def test_it_requires_authentication(project):
    response = Client().get("/api/v1/projects")

    assert response.status_code == 401
    assert response.json()["code"] == "unauthenticated"


def test_a_revoked_token_stops_working(staff, project):
    secret = token_for(staff)
    token = ApiToken.objects.get()
    client = client_for(staff)

    response = client.post(reverse("api:token_revoke", args=[token.pk]))

    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    api = Client(HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert api.get("/api/v1/projects").status_code == 401


def test_it_checks_ownership_of_a_revoke(staff, outsider):
    token_for(staff)
    token = ApiToken.objects.get()

    response = client_for(outsider).post(reverse("api:token_revoke", args=[token.pk]))

    assert response.status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_an_expired_token_stops_working(staff, project):
    secret = token_for(staff)
    ApiToken.objects.update(expires_at=timezone.now() - datetime.timedelta(seconds=1))

    response = Client(HTTP_AUTHORIZATION=f"Bearer {secret}").get("/api/v1/projects")

    assert response.status_code == 401


def test_a_deactivated_users_token_stops_working(staff, project):
    secret = token_for(staff)
    staff.is_active = False
    staff.save()

    response = Client(HTTP_AUTHORIZATION=f"Bearer {secret}").get("/api/v1/projects")

    assert response.status_code == 401


def test_a_read_only_token_cannot_write(world):
    project = world["project"]
    client = api_client(world["users"]["staff_in_scope"], scope=ApiToken.Scope.READ)

    response = client.post(
        f"/api/v1/projects/{project.pk}/reports",
        {"month": "2023-06", "completed_investment": "120"},
        content_type="application/json",
    )

    assert response.status_code == 403
    assert response.json()["code"] == "token_read_only"
    assert not project.investment_reports.exists()


def test_it_records_the_last_use(staff, project):
    client = api_client(staff)
    assert ApiToken.objects.get().last_used_at is None

    client.get("/api/v1/regions")

    assert ApiToken.objects.get().last_used_at is not None


def test_it_limits_the_rate_per_token(staff, project, settings):
    settings.API_RATE_LIMIT_PER_MINUTE = 3
    client, other = api_client(staff), api_client(staff)

    statuses = [client.get("/api/v1/regions").status_code for _ in range(4)]

    assert statuses[:3] == [200, 200, 200]
    assert statuses[3] == 429
    refused = client.get("/api/v1/regions")
    assert refused.json()["code"] == "rate_limited" and 0 < int(refused["Retry-After"]) <= 60
    assert other.get("/api/v1/regions").status_code == 200  # another token has its own budget


def test_the_session_works_for_same_origin_reads(staff, project):
    response = client_for(staff).get("/api/v1/projects")

    assert response.status_code == 200


def test_a_session_write_needs_the_csrf_token(world):
    project = world["project"]
    client = Client(enforce_csrf_checks=True)
    client.force_login(world["users"]["staff_in_scope"])
    url = f"/api/v1/projects/{project.pk}/reports"
    body = {"month": "2023-06", "completed_investment": "120"}

    refused = client.post(url, body, content_type="application/json")
    client.get(reverse("api:tokens"))  # a page sets the CSRF cookie
    csrf = client.cookies["csrftoken"].value
    accepted = client.post(url, body, content_type="application/json", HTTP_X_CSRFTOKEN=csrf)

    assert refused.status_code == 403 and refused.json()["code"] == "csrf_failed"
    assert accepted.status_code == 200, accepted.content
    assert project.investment_reports.count() == 1


def test_the_token_page_requires_login():
    response = Client().get(reverse("api:tokens"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_an_admin_sees_and_revokes_tokens_in_the_admin(staff, admin):
    token_for(staff)
    token = ApiToken.objects.get()
    client = client_for(admin)

    listed = client.get(reverse("admin:api_apitoken_changelist"))
    revoked = client.post(
        reverse("admin:api_apitoken_changelist"),
        {"action": "revoke", "_selected_action": [token.pk]},
    )

    assert listed.status_code == 200 and token.hint in listed.content.decode()
    assert revoked.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None


@pytest.mark.parametrize("name", ["tokens", "token_revoke"])
def test_the_token_pages_forms_require_the_csrf_token(name, staff):
    token_for(staff)
    token = ApiToken.objects.get()
    client = client_for(staff, enforce_csrf_checks=True)
    url = reverse(f"api:{name}", args=[token.pk] if name == "token_revoke" else [])

    response = client.post(url, {"name": "x", "scope": "read", "valid_days": "30"})

    assert response.status_code == 403
    assert ApiToken.objects.count() == 1 and ApiToken.objects.get().revoked_at is None


@pytest.mark.parametrize("action", ["reports", "advance"])
def test_every_session_write_requires_the_csrf_token(action, world):
    project = world["project"]
    client = client_for(world["users"]["staff_in_scope"], enforce_csrf_checks=True)
    body = {"month": "2023-06", "completed_investment": "1", "on": "2023-06-01", "version": 1}

    response = client.post(
        f"/api/v1/projects/{project.pk}/{action}", body, content_type="application/json"
    )

    assert response.status_code == 403
    assert response.json()["code"] == "csrf_failed"


def test_making_using_and_revoking_a_token_is_in_the_audit_log(staff):
    from audit.models import AuditEvent

    client = client_for(staff)
    client.post(reverse("api:tokens"), {"name": "大屏", "scope": "read", "valid_days": "30"})
    token = ApiToken.objects.get()
    secret = client.post(  # a second token, whose secret the test keeps
        reverse("api:tokens"), {"name": "接口", "scope": "read", "valid_days": "30"}
    ).context["secret"]
    for _ in range(3):  # three calls within a minute: one record of use
        Client(HTTP_AUTHORIZATION=f"Bearer {secret}").get("/api/v1/projects")
    client.post(reverse("api:token_revoke", args=[token.pk]))

    events = list(AuditEvent.objects.order_by("pk").values_list("action", "username"))
    actions = [a for a, _user in events if a.startswith("api_token")]
    assert actions == ["api_token_create", "api_token_create", "api_token_use", "api_token_revoke"]
    assert {user for a, user in events if a.startswith("api_token")} == {staff.username}
    use = AuditEvent.objects.get(action="api_token_use")
    assert use.detail == {"method": "GET", "path": "/api/v1/projects"}
