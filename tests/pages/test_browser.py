"""A staff user's day in headless Chromium: enter a project, move it on, find it on the board.

Uses the `page` fixture of tests/conftest.py (a zh-CN page that collects console
errors) and pytest-django's `live_server`.
"""

import re
from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import expect

from projects.models import Project
from tests.pages.conftest import PASSWORD

SCREENSHOTS = Path(settings.BASE_DIR) / "var" / "screenshots"


def sign_in(page, base, username):
    page.goto(f"{base}/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("form button[type=submit].primary")
    expect(page.locator(".who .user")).to_have_text(username)


def sign_out(page):
    page.click(".who button")
    expect(page.locator("h1")).to_have_text("登录")


def advance(page, stage_label):
    page.click(f"summary:has-text('推进到「{stage_label}」')")
    page.click("#action-advance button[type=submit]")
    expect(page.locator(".message")).to_have_text("项目已推进到下一阶段。")
    expect(page.locator("h1 .stage")).to_have_text(stage_label)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_staff_enter_a_project_and_move_it_to_landed(live_server, page, staff, outsider, places):
    base = live_server.url
    sign_in(page, base, "staff_a")

    page.click("text=录入项目")
    page.fill("#id_name", "浏览器录入的氢能项目")
    page.fill("#id_investor_name", "北京浏览器科技有限公司")
    page.select_option("#id_origin", "beijing")
    page.fill("#id_total_investment_0", "3.25")
    page.select_option("#id_total_investment_1", "yi")
    page.select_option("#id_category", "industrial")
    page.click("form.project-form button[type=submit]")

    expect(page.locator(".message")).to_have_text("项目“浏览器录入的氢能项目”已录入。")
    project = Project.objects.get(name="浏览器录入的氢能项目")
    assert page.url == f"{base}{project.get_absolute_url()}"
    assert project.platform == places["platform_a"] and project.total_investment == 32500

    advance(page, "签约")
    advance(page, "落地")
    expect(page.locator(".history-list > li")).to_have_count(3)

    page.click("nav.main-nav >> text=看板")
    card = page.locator(".column-landed .card", has_text="浏览器录入的氢能项目")
    expect(card).to_be_visible()
    expect(page.locator(".column-landed .column-totals")).to_have_text(
        re.compile(r"1 个 · 3.25 亿元")
    )
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / "pages_board.png", full_page=True)
    card.locator("a.card-title").click()
    expect(page.locator("h1")).to_contain_text("浏览器录入的氢能项目")
    page.screenshot(path=SCREENSHOTS / "pages_detail.png", full_page=True)
    assert page.console_errors == []

    sign_out(page)
    sign_in(page, base, "staff_b")
    response = page.goto(f"{base}{project.get_absolute_url()}")
    assert response.status == 404
    expect(page.locator("h1")).to_have_text("未找到")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_filters_update_the_list_without_a_reload(live_server, page, staff, project, places):
    sign_in(page, live_server.url, "staff_a")
    page.goto(f"{live_server.url}/projects/")
    page.evaluate("window.notReloaded = true")

    page.select_option("#id_stage", "signed")

    expect(page.locator(".totals")).to_contain_text("共 0 个项目")
    assert page.evaluate("window.notReloaded") is True
    assert page.url.endswith("stage=signed") or "stage=signed" in page.url
    assert page.console_errors == []


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_keyword_search_marks_what_matched(live_server, page, staff, project, places):
    sign_in(page, live_server.url, "staff_a")
    page.goto(f"{live_server.url}/projects/?q=生物")

    expect(page.locator("table.projects td a mark")).to_have_text("生物")
    expect(page.locator(".totals")).to_contain_text("共 1 个项目")
    assert page.console_errors == []


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_investor_box_suggests_existing_enterprises(live_server, page, staff, project):
    sign_in(page, live_server.url, "staff_a")
    page.goto(f"{live_server.url}/projects/new/")

    page.locator("#id_investor_name").press_sequentially("某医药")

    expect(page.locator("#investor-options option")).to_have_attribute(
        "value", "北京某医药有限公司"
    )
    assert page.console_errors == []
