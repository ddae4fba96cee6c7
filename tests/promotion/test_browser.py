"""A bureau's week in headless Chromium: what to follow up, which problems are red, and a lead
that becomes a project."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from projects.models import Project
from promotion.models import LeadStatus, ProblemStatus
from tests.pages.test_browser import SCREENSHOTS, sign_in
from tests.promotion.conftest import make_lead


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_staff_run_their_week_from_my_deadlines(live_server, page, staff, places, problem):
    lead = make_lead(staff, places["luquan"], places["platform_a"], title="氢能储运意向")
    base = live_server.url
    sign_in(page, base, "staff_a")

    page.click("nav.main-nav >> text=招商工作")
    expect(page.locator("h1")).to_have_text("我的期限")
    row = page.locator("tr", has_text="氢能储运意向")
    expect(row.locator(".light-red")).to_have_text("红灯")  # received 2023, never answered
    expect(page.locator("tr", has_text=problem.title).locator(".light-red")).to_be_visible()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / "promotion_deadlines.png", full_page=True)

    row.locator("a").click()
    page.fill("#id_follow-on", "2023-03-02")
    page.fill("#id_follow-note", "电话联系，企业同意来访")
    page.click("#action-follow button[type=submit]")
    expect(page.locator(".message")).to_have_text("跟进已记录。")

    page.click("text=转为项目")
    page.fill("#id_entered_on", "2023-03-20")
    page.select_option("#id_category", "industrial")
    page.fill("#id_total_investment_0", "2")
    page.click("form.project-form button[type=submit]")
    expect(page.locator(".message")).to_contain_text("线索已转为项目")
    expect(page.locator("#h-promotion + p a")).to_have_text("氢能储运意向")

    page.goto(f"{base}{problem.get_absolute_url()}")
    page.fill("#id_close-note", "协调自然资源局落实用地指标")
    page.click("section.actions button[type=submit]")
    expect(page.locator(".message")).to_have_text("问题已销号。")
    assert page.console_errors == []

    lead.refresh_from_db()
    problem.refresh_from_db()
    assert lead.status == LeadStatus.CONVERTED
    assert lead.project == Project.objects.get(name="氢能储运意向")
    assert problem.status == ProblemStatus.CLOSED
    assert problem.closed_on == timezone.localdate()
