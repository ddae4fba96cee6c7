"""In headless Chromium: a token made on the page reads what its user sees; the docs render."""

import pytest
from django.test import Client
from playwright.sync_api import expect

from tests.pages.test_browser import sign_in


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_token_made_in_the_browser_reads_what_its_user_sees(
    live_server, page, staff, project, other_project
):
    base = live_server.url
    sign_in(page, base, "staff_a")

    page.click(".who a:has-text('API 令牌')")
    page.fill("#id_name", "大屏")
    page.select_option("#id_scope", "read")
    page.click("form.token-form button[type=submit]")
    secret = page.locator("#new-token").inner_text()
    page.goto(f"{base}/projects/")
    seen = sorted(page.locator("table.projects tbody tr td a").all_inner_texts())

    api = Client(HTTP_AUTHORIZATION=f"Bearer {secret}")
    rows = api.get("/api/v1/projects").json()["items"]

    assert [r["name"] for r in rows] == [project.name]
    assert project.name in seen and other_project.name not in seen
    assert page.console_errors == []


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_docs_render_from_the_vendored_swagger_ui(live_server, page, staff):
    base = live_server.url
    sign_in(page, base, "staff_a")
    outside = []
    page.on("request", lambda r: None if r.url.startswith(base) else outside.append(r.url))

    page.goto(f"{base}/api/v1/docs/")

    expect(page.locator(".swagger-ui .info .title")).to_contain_text("京津冀承接项目库 API")
    expect(page.locator(".opblock-summary-path").first).to_be_visible()
    assert outside == []
    assert page.console_errors == []
