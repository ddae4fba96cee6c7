"""Every form that POSTs is refused without the CSRF token."""

import pytest
from django.urls import reverse

from tests.pages.conftest import client_for
from tests.pages.matrix import ALLOWED, PAGES, payload, url_of

POSTED = sorted(name for name, (kind, _target) in PAGES.items() if "POST" in ALLOWED[kind])


@pytest.mark.parametrize("name", POSTED)
def test_project_forms_require_the_csrf_token(name, world, places):
    client = client_for(world["users"]["staff_in_scope"], enforce_csrf_checks=True)

    response = client.post(url_of(name, world), payload(name, world, places))

    assert response.status_code == 403


@pytest.mark.parametrize("url_name", ["login", "logout", "set_language"])
def test_site_forms_require_the_csrf_token(url_name, staff):
    client = client_for(staff if url_name != "login" else None, enforce_csrf_checks=True)

    response = client.post(reverse(url_name), {"username": "staff_a", "language": "en"})

    assert response.status_code == 403


def test_the_token_is_in_every_page_form(staff_client, project):
    html = staff_client.get(reverse("projects:detail", args=[project.pk])).content.decode()

    forms = html.count('method="post"')
    assert forms >= 7
    assert html.count('name="csrfmiddlewaretoken"') >= forms
