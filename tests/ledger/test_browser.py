"""A bureau's ledger from a spreadsheet to the registry through the real pages (headless Chromium)."""

import pytest
from playwright.sync_api import expect

from projects.models import ImportJob, Project
from tests.ledger.conftest import csv_bytes, project_row
from tests.pages.conftest import PASSWORD


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_upload_preview_and_confirm_a_ledger(live_server, page, staff, places):
    base = live_server.url
    page.goto(f"{base}/login/")
    page.fill("input[name=username]", "staff_a")
    page.fill("input[name=password]", PASSWORD)
    page.click("form button[type=submit].primary")
    expect(page.locator(".who .user")).to_have_text("staff_a")

    page.click("nav.main-nav >> text=导入台账")
    expect(page.locator("h1")).to_have_text("导入台账")
    rows = [
        project_row(项目名称="台账一号项目"),
        project_row(项目名称="台账二号项目", **{"总投资（万元）": "12,000"}),
        project_row(项目名称="越界项目", 所在地区="黄骅市", 承接平台="渤海新区黄骅市"),
    ]
    data = csv_bytes(rows, encoding="gb18030")
    page.select_option("#id_kind", "projects")
    page.set_input_files(
        "#id_file", files=[{"name": "台账.csv", "mimeType": "text/csv", "buffer": data}]
    )
    page.click("form.ledger-upload button[type=submit]")

    expect(page.locator("#count-created")).to_have_text("2")
    expect(page.locator("#count-rejected")).to_have_text("1")
    expect(page.locator(".rejected-rows")).to_contain_text(
        "不在您的管辖范围（河北鹿泉经济开发区）内。"
    )
    assert not Project.objects.exists()

    page.click("#confirm-import")
    expect(page.locator("#job-applied")).to_contain_text("新增 2 条")
    assert ImportJob.objects.get().status == ImportJob.Status.APPLIED

    page.click("#job-applied >> text=查看项目清单")
    expect(page.locator("table.projects")).to_contain_text("台账二号项目")
    assert page.console_errors == []
