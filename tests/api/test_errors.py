"""Errors are JSON {code, message} in the request's language."""

import pytest

from tests.api.conftest import api_client

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "language, message",
    [
        ("zh-hans", "该 API 令牌为只读，不能修改数据。"),
        ("en", "This API token is read-only and cannot change data."),
    ],
)
def test_the_message_is_in_the_requests_language(world, language, message):
    client = api_client(world["users"]["staff_in_scope"], scope="read")

    response = client.post(
        f"/api/v1/projects/{world['project'].pk}/advance",
        {"on": "2023-06-01", "version": 1},
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE=language,
    )

    assert response.status_code == 403
    assert response.json() == {"code": "token_read_only", "message": message}


def test_a_services_refusal_is_translated_too(world):
    client = api_client(world["users"]["staff_in_scope"], HTTP_ACCEPT_LANGUAGE="en")

    response = client.post(
        f"/api/v1/projects/{world['project'].pk}/advance",
        {"on": "2099-01-01", "version": world["project"].version},  # in range, not yet
        content_type="application/json",
    )

    assert response.status_code == 400
    assert response.json()["message"] == "The date cannot be later than today."
    assert response["Content-Type"].startswith("application/json")


def test_an_unknown_project_is_404_in_english(world):
    response = api_client(world["users"]["official"], HTTP_ACCEPT_LANGUAGE="en").get(
        "/api/v1/projects/999999"
    )

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
    assert "scope" in response.json()["message"]
