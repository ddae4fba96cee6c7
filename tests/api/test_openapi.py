"""The OpenAPI document: valid OpenAPI 3, described in Chinese, equal to the committed copy;
the docs page runs on the vendored Swagger UI, loading nothing from another site."""

import json
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from openapi_spec_validator import validate

from tests.pages.conftest import client_for

COMMITTED = Path(settings.BASE_DIR) / "docs" / "openapi.json"
CJK = re.compile(r"[\u4e00-\u9fff]")

pytestmark = pytest.mark.django_db


def _served():
    response = Client().get("/api/v1/openapi.json")
    assert response.status_code == 200
    return response.json()


def test_it_is_valid_openapi_3():
    schema = _served()

    validate(schema)
    assert schema["openapi"].startswith("3.")


def test_it_equals_the_committed_schema():
    """A change of the API shows as a diff of docs/openapi.json: regenerate it with
    `.venv/bin/python manage.py export_openapi` and commit it with the change."""
    assert _served() == json.loads(COMMITTED.read_text(encoding="utf-8"))


def test_every_operation_is_described_in_chinese():
    for path, methods in _served()["paths"].items():
        for method, operation in methods.items():
            assert CJK.search(operation["summary"]), (method, path)
            assert CJK.search(operation["description"]), (method, path)


def test_the_docs_page_loads_nothing_from_elsewhere(staff):
    response = client_for(staff).get(reverse("api:docs"))

    html = response.content.decode()
    assert response.status_code == 200
    assert "vendor/swagger-ui/swagger-ui-bundle.js" in html
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", html)
    assert "<script>" not in html and "style=" not in html  # no inline code (CSP)
    assert 'data-openapi-url="/api/v1/openapi.json"' in html
