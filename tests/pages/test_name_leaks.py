"""Issue 19, defect 9: names never tell a user what lies outside their scope."""

import pytest
from django.urls import reverse

from tests.factories import EnterpriseFactory, ProjectFactory
from tests.ledger.conftest import csv_bytes, preview, reasons
from tests.pages.conftest import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"  # the imports' files


OPTIONS = reverse("projects:enterprise_options")


def options(user, text):
    return client_for(user).get(OPTIONS, {"investor_name": text}).content.decode()


def test_suggestions_offer_only_enterprises_the_user_may_see(staff, admin, places):
    mine = EnterpriseFactory(name="北京氢能科技有限公司")
    theirs = EnterpriseFactory(name="天津氢能装备有限公司")
    idle = EnterpriseFactory(name="上海氢能研究院")  # invests in nothing yet
    ProjectFactory(investor=mine, region=places["luquan"], platform=places["platform_a"])
    ProjectFactory(investor=theirs, region=places["huanghua"], platform=places["platform_b"])

    seen = options(staff, "氢能")
    assert mine.name in seen
    assert theirs.name not in seen and idle.name not in seen
    everything = options(admin, "氢能")
    assert all(e.name in everything for e in (mine, theirs, idle))


def test_the_report_import_answers_alike_by_name_too(staff, project, other_project):
    headers = ["投资方", "项目名称", "承接平台", "月份", "当月完成投资（万元）"]
    rows = [
        {
            "投资方": other_project.investor.name,
            "项目名称": other_project.name,
            "承接平台": other_project.platform.name,
            "月份": "2023-07",
            "当月完成投资（万元）": "1",
        },
        {
            "投资方": "不存在的企业",
            "项目名称": "不存在的项目",
            "承接平台": other_project.platform.name,
            "月份": "2023-07",
            "当月完成投资（万元）": "1",
        },
    ]
    why = reasons(preview(staff, csv_bytes(rows, headers=headers), kind="reports"))
    assert why[2] == why[3]
    assert "在您的管辖范围内" in why[2][0]
