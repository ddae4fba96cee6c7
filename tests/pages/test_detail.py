"""The detail page: every attribute, the stage timeline, events and the audit history."""

import datetime

from django.urls import reverse

from projects import services
from tests.factories import ChainFactory, EnterpriseFactory
from tests.pages.test_project_form import edit_data


def test_it_shows_every_attribute(official_client, project, chain):
    html = official_client.get(project.get_absolute_url()).content.decode()

    for text in [
        project.code,
        "鹿泉生物医药基地",
        "北京某医药有限公司",
        "鹿泉区",
        "河北鹿泉经济开发区",
        "生物医药",
        "产业类",
        "5.20</strong> 亿元",
        "52,000 万元",
        "录入",
    ]:
        assert text in html, text


def test_officials_see_no_actions(official_client, project):
    response = official_client.get(project.get_absolute_url())

    assert "forms" not in response.context
    assert reverse("projects:advance", args=[project.pk]) not in response.content.decode()


def test_the_timeline_shows_dates_and_who(staff, staff_client, project):
    services.project_advance_stage(
        actor=staff, project=project, on=datetime.date(2023, 3, 1), note="签约"
    )
    services.project_correct_stage(
        actor=staff, project=project, stage="signed", on=datetime.date(2023, 3, 2), reason="录错"
    )

    response = staff_client.get(project.get_absolute_url())

    assert ("signed", datetime.date(2023, 3, 2)) in response.context["timeline"]
    [entry] = response.context["entries"]
    assert (entry.stage, entry.recorded_by) == ("signed", staff)
    [correction] = response.context["corrections"]
    html = response.content.decode()
    assert "2023-03-01 → 2023-03-02" in html and "录错" in html
    assert correction.corrected_by == staff


def test_the_history_says_who_changed_what_from_what_to_what(staff, staff_client, project, places):
    new_investor = EnterpriseFactory(name="天津新投资方")
    url = reverse("projects:edit", args=[project.pk])
    staff_client.post(
        url,
        edit_data(
            project,
            investor_name=new_investor.name,
            platform=places["park_a1"].pk,
            total_investment_0="6",
            total_investment_1="yi",
        ),
    )

    response = staff_client.get(project.get_absolute_url())

    latest = response.context["history"][0]
    assert latest.who == staff
    changes = {c.label: (c.old, c.new) for c in latest.changes}
    assert changes == {
        "投资方": ("北京某医药有限公司", "天津新投资方"),
        "承接平台": ("河北鹿泉经济开发区", "鹿泉产业园"),
        "总投资（万元）": ("5.20亿元（52,000.00万元）", "6.00亿元（60,000.00万元）"),
    }
    created = response.context["history"][-1]
    assert created.kind == "创建"
    assert {c.label: c.new for c in created.changes} == {
        "项目名称": "鹿泉生物医药基地",
        "投资方": "北京某医药有限公司",
        "来源地": "北京",
        "所在地区": "鹿泉区",
        "承接平台": "河北鹿泉经济开发区",
        "总投资（万元）": "5.20亿元（52,000.00万元）",
        "洽谈日期": "2023-02-01",
    }


def test_the_history_says_which_chains_a_project_moved_between(staff_client, project, chain):
    chips = ChainFactory(code="ic", name="集成电路")
    steel = ChainFactory(code="steel", name="钢铁")
    url = reverse("projects:edit", args=[project.pk])
    staff_client.post(url, edit_data(project, chains=[chips.pk, steel.pk]))

    history = staff_client.get(project.get_absolute_url()).context["history"]

    assert history[0].note == "产业链：生物医药 → 集成电路、钢铁"
    assert (
        "产业链：生物医药 → 集成电路、钢铁"
        in staff_client.get(project.get_absolute_url()).content.decode()
    )


def test_a_new_projects_history_names_its_chains(staff, places, chain):
    project = services.project_create(
        actor=staff,
        entered_on=datetime.date(2023, 3, 1),
        name="新项目",
        investor=EnterpriseFactory(),
        origin="beijing",
        region=places["luquan"],
        category="industrial",
        total_investment=1000,
        chains=[chain],
    )

    assert project.history.get().history_change_reason == "产业链：生物医药"


def test_the_history_includes_plans_and_reports(staff, staff_client, project):
    project.started_on = datetime.date(2023, 5, 1)
    project.signed_on = project.landed_on = datetime.date(2023, 4, 1)
    project.save()
    services.annual_plan_set(actor=staff, project=project, year=2023, planned_investment=100)
    services.investment_report(
        actor=staff, project=project, month=datetime.date(2023, 6, 1), completed_investment=5
    )

    history = staff_client.get(project.get_absolute_url()).context["history"]

    whats = [item.what for item in history]
    assert "2023年度计划投资" in whats and "2023-06完成投资" in whats


def test_it_lists_the_events(official_client, project, event):
    html = official_client.get(project.get_absolute_url()).content.decode()

    assert event.name in html and event.get_absolute_url() in html
