"""The main pages in headless Chromium under the Content-Security-Policy: no violation.

Every refused script, style or style attribute fires `securitypolicyviolation` (and a
console error); both are collected while a staff member, an official (through the
two-factor step) and an admin walk the main pages.
"""

import datetime

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from accounts.totp import totp_current_code
from projects import totals
from projects.models import Project
from tests.pages.conftest import PASSWORD

RECORD_VIOLATIONS = """
window.__csp = [];
document.addEventListener('securitypolicyviolation', e =>
    window.__csp.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`));
"""

STAFF_PAGES = [
    "/projects/",
    "/projects/board/",
    "/events/",
    "/projects/new/",
    "/promotion/",
    "/promotion/leads/",
    "/promotion/problems/",
    "/ledger/",
    "/account/password/",
]
OFFICIAL_PAGES = ["/dashboards/", "/projects/", "/projects/board/"]
ADMIN_PAGES = ["/admin/", "/admin/projects/project/", "/audit/", "/account/security-policy/"]


def sign_in(page, base, username, device=None):
    page.goto(f"{base}/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("form button[type=submit].primary")
    if device is not None:
        expect(page.locator("h1")).to_have_text("双因素验证")
        page.fill("input[name=token]", totp_current_code(device))
        page.click("form button[type=submit].primary")
    expect(page.locator(".who .user")).to_have_text(username)


def visit(page, base, paths):
    seen = []
    for path in paths:
        response = page.goto(f"{base}{path}")
        assert response.status == 200, path
        page.wait_for_load_state("networkidle")
        seen += [f"{path}: {v}" for v in page.evaluate("window.__csp")]
    return seen


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_main_pages_break_no_content_security_policy(
    live_server, page, staff, official, admin, project, event
):
    Project.objects.filter(pk=project.pk).update(signed_on=datetime.date(2023, 3, 1))
    totals.aggregates_rebuild()
    page.context.add_init_script(RECORD_VIOLATIONS)
    base = live_server.url
    header = page.context.request.get(f"{base}/login/").headers["content-security-policy"]
    assert "unsafe-inline" not in header

    sign_in(page, base, "staff_a")
    violations = visit(page, base, [*STAFF_PAGES, project.get_absolute_url()])
    page.click(".who button")

    device = TOTPDevice.objects.create(user=official, name="phone", confirmed=True)
    sign_in(page, base, "official", device)
    violations += visit(page, base, OFFICIAL_PAGES)
    # Hover the charts of the official's dashboard: their tooltips must not need inline styles.
    page.goto(f"{base}/dashboards/")
    page.wait_for_selector("html[data-charts-drawn]", state="attached")
    for canvas in page.locator(".chart-canvas canvas").all()[:4]:
        canvas.hover()
        page.wait_for_timeout(300)
    violations += [f"dashboard hover: {v}" for v in page.evaluate("window.__csp")]
    page.click(".who button")

    device = TOTPDevice.objects.create(user=admin, name="phone", confirmed=True)
    sign_in(page, base, "root", device)
    violations += visit(page, base, ADMIN_PAGES)

    assert violations == []
    assert [e for e in page.console_errors if "Content Security Policy" in e] == []
    assert page.console_errors == []
