"""The promotion pages: forms write through the services, bad input is refused with a message."""

import datetime

import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse

from projects.models import Enterprise, Project
from promotion.models import (
    FollowUp,
    Lead,
    LeadStatus,
    Meeting,
    Problem,
    ProblemStatus,
    UnitProfile,
)
from tests.pages.conftest import client_for
from tests.promotion.conftest import make_lead

pytestmark = pytest.mark.django_db


def lead_form(places, **overrides):
    data = {
        "title": "数字液压生产线",
        "investor_name": " 北京液压  科技有限公司 ",
        "origin": "beijing",
        "source": "fair",
        "actor_kind": "bureau",
        "region": places["luquan"].pk,
        "platform": places["platform_a"].pk,
        "received_on": "2023-04-03",
        "expected_investment_0": "2.5",
        "expected_investment_1": "yi",
    }
    return {**data, **overrides}


def test_staff_record_a_lead_for_their_own_unit(staff, staff_client, places):
    response = staff_client.post(reverse("promotion:lead_create"), lead_form(places))

    lead = Lead.objects.get()
    assert response.status_code == 302 and response["Location"] == lead.get_absolute_url()
    assert lead.unit == staff.membership.unit and lead.created_by == staff
    assert lead.enterprise.name == "北京液压 科技有限公司"
    assert lead.expected_investment == 25000
    assert lead.next_due_on == datetime.date(2023, 4, 6)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("received_on", "2999-01-01", "日期不能晚于今天"),
        ("expected_investment_0", "两百", "不是有效的金额"),
        ("region", "999999", "选择一个有效的选项"),
        ("title", "", "这个字段是必填项"),
    ],
)
def test_bad_lead_input_is_refused_with_a_message(staff_client, places, field, value, message):
    response = staff_client.post(
        reverse("promotion:lead_create"), lead_form(places, **{field: value})
    )

    assert response.status_code == 200
    assert message in response.content.decode()
    assert (
        not Lead.objects.exists() and not Enterprise.objects.filter(name__contains="液压").exists()
    )


def test_a_lead_becomes_a_project_and_the_project_shows_its_source(promo, staff_client, places):
    lead = promo["lead"]
    form = staff_client.get(reverse("promotion:lead_convert", args=[lead.pk]))
    assert form.status_code == 200 and lead.enterprise.name in form.content.decode()
    data = {
        "name": "鹿泉生物医药研发中心",
        "investor_name": lead.enterprise.name,
        "origin": "beijing",
        "category": "industrial",
        "region": places["luquan"].pk,
        "platform": places["platform_a"].pk,
        "key_level": "",
        "total_investment_0": "3",
        "total_investment_1": "yi",
        "stage": "signed",
        "entered_on": "2023-03-15",
        "lead_version": lead.version,
    }

    response = staff_client.post(reverse("promotion:lead_convert", args=[lead.pk]), data)

    project = Project.objects.get(name="鹿泉生物医药研发中心")
    assert response.status_code == 302 and response["Location"] == project.get_absolute_url()
    page = staff_client.get(project.get_absolute_url()).content.decode()
    assert "来源线索" in page and lead.get_absolute_url() in page
    # Signed on the fair's day: one of the fair's signings, counted on the fair's page.
    fair_page = staff_client.get(promo["fair"].get_absolute_url()).content.decode()
    assert "共 <strong>1</strong> 个项目" in fair_page
    again = staff_client.post(reverse("promotion:lead_convert", args=[lead.pk]), data)
    assert again.status_code == 302 and Project.objects.filter(name=data["name"]).count() == 1


def test_a_follow_up_without_a_note_is_refused(promo, staff_client):
    lead = promo["lead"]
    url = reverse("promotion:lead_follow_up", args=[lead.pk])

    response = staff_client.post(
        url, {"follow-on": "2023-03-02", "follow-note": "", "follow-version": 1}
    )

    assert response.status_code == 200 and "请填写跟进情况" in response.content.decode()
    assert not FollowUp.objects.exists()
    ok = staff_client.post(
        url, {"follow-on": "2023-03-02", "follow-note": "面谈", "follow-version": 1}
    )
    assert ok.status_code == 302 and Lead.objects.get().status == LeadStatus.FOLLOWING


def test_an_old_version_is_told_to_reload(promo, staff_client):
    lead = promo["lead"]
    url = reverse("promotion:lead_follow_up", args=[lead.pk])
    staff_client.post(url, {"follow-on": "2023-03-02", "follow-note": "一", "follow-version": 1})

    response = staff_client.post(
        url, {"follow-on": "2023-03-03", "follow-note": "二", "follow-version": 1}
    )

    assert response.status_code == 200 and "已被他人修改" in response.content.decode()
    assert FollowUp.objects.count() == 1


def test_closing_a_problem_on_the_page_requires_a_note(promo, staff_client):
    problem = promo["problem"]
    url = reverse("promotion:problem_close", args=[problem.pk])

    empty = staff_client.post(
        url, {"close-on": "2023-05-10", "close-note": " ", "close-version": 1}
    )
    assert empty.status_code == 200 and "销号须填写说明" in empty.content.decode()
    assert Problem.objects.get().status == ProblemStatus.OPEN

    done = staff_client.post(
        url, {"close-on": "2023-05-10", "close-note": "已协调", "close-version": 1}
    )
    assert done.status_code == 302 and Problem.objects.get().closing_note == "已协调"


def test_a_problem_is_raised_from_the_project_page(promo, staff_client):
    project = promo["project"]
    page = staff_client.get(project.get_absolute_url()).content.decode()
    link = f"{reverse('promotion:problem_create')}?project={project.pk}"
    assert link in page and promo["problem"].title in page

    form = staff_client.get(link).content.decode()
    assert f'value="{project.code}"' in form


def test_meetings_are_added_and_removed(promo, staff_client):
    fair = promo["fair"]
    url = reverse("promotion:meeting_add", args=[fair.pk])

    response = staff_client.post(url, {"investor_name": "上海新企业", "origin": "other_province"})

    assert response.status_code == 302
    meeting = Meeting.objects.get(enterprise__name="上海新企业")
    remove = reverse("promotion:meeting_remove", args=[fair.pk, meeting.pk])
    assert staff_client.post(remove).status_code == 302
    assert not Meeting.objects.filter(pk=meeting.pk).exists()
    other = reverse("promotion:meeting_remove", args=[fair.pk, promo["meeting"].pk + 1000])
    assert staff_client.post(other).status_code == 404


def test_a_units_deadlines_are_set_on_its_page(promo, staff, staff_client):
    url = reverse("promotion:unit_deadlines", args=[staff.membership.unit.pk])

    bad = staff_client.post(url, {"warning_days": "0"})
    assert bad.status_code == 200 and not UnitProfile.objects.exists()

    staff_client.post(url, {"first_response_days": "7"})
    assert UnitProfile.objects.get().first_response_days == 7
    assert Lead.objects.get().next_due_on == datetime.date(2023, 3, 8)


def test_lists_show_what_the_scope_holds(
    promo, other_lead, staff_client, outsider_client, official_client
):
    url = reverse("promotion:leads")

    assert promo["lead"].title in staff_client.get(url).content.decode()
    assert promo["lead"].title not in outsider_client.get(url).content.decode()
    assert other_lead.title in outsider_client.get(url).content.decode()
    both = official_client.get(url).content.decode()
    assert promo["lead"].title in both and other_lead.title in both


def test_a_filter_change_gets_just_the_results(promo, staff_client):
    response = staff_client.get(
        reverse("promotion:problems"), {"status": "open"}, HTTP_HX_REQUEST="true"
    )

    html = response.content.decode()
    assert response.status_code == 200 and "<html" not in html and promo["problem"].title in html


def test_invalid_filters_are_ignored_with_a_message(promo, staff_client):
    response = staff_client.get(
        reverse("promotion:leads"), {"date_from": "2023-05-01", "date_to": "2023-01-01"}
    )

    assert response.status_code == 200 and "部分筛选条件无效" in response.content.decode()


def test_the_dashboard_shows_the_promotion_section(promo, staff, official_client, places):
    make_lead(staff, places["luquan"], places["platform_a"], title="第二条", source="online")
    url = reverse("dashboards:region", args=[places["province"].code])

    html = official_client.get(url, {"kind": "year", "year": "2023"}).content.decode()

    assert "本期收到的线索" in html and "线索 2 条" in html
    assert "企业难题督办（按责任单位）" in html and promo["problem"].unit.name in html


def test_every_promotion_model_has_an_admin_that_renders(admin_client, promo):
    inline_only = {"followup", "meeting"}
    for model in apps.get_app_config("promotion").get_models():
        name = model._meta.model_name
        if name.startswith("historical") or name in inline_only:
            continue
        assert admin.site.is_registered(model), name
        url = reverse(f"admin:promotion_{name}_changelist")
        assert admin_client.get(url, {"q": "测试"}).status_code == 200, url
    change = reverse("admin:promotion_lead_change", args=[promo["lead"].pk])
    assert admin_client.get(change).status_code == 200


def test_records_without_history_render(promo, staff_client):
    """Fixture rows are loaded raw: no history records. Their pages still render."""
    for model in (Lead, Problem):
        model.history.all().delete()
    for url in (promo["lead"].get_absolute_url(), promo["problem"].get_absolute_url()):
        response = staff_client.get(url)
        assert response.status_code == 200 and "暂无修改记录" in response.content.decode()


def test_an_admin_reassigns_a_lead_to_another_unit_with_its_deadlines(promo, places, admin):
    from projects.models import Unit

    other = Unit.objects.create(name="鹿泉区招商局", scope_region=places["luquan"])
    UnitProfile.objects.create(unit=other, first_response_days=10)
    lead = promo["lead"]
    data = lead_form(places, unit=other.pk, version=lead.version, title=lead.title)

    response = client_for(admin).post(reverse("promotion:lead_edit", args=[lead.pk]), data)

    lead.refresh_from_db()
    assert response.status_code == 302 and lead.unit == other
    assert lead.next_due_on == datetime.date(2023, 4, 13)  # received 04-03 + the unit's 10 days


def test_staff_cannot_move_a_lead_to_another_unit(promo, places, staff, staff_client):
    from projects.models import Unit

    other = Unit.objects.create(name="鹿泉区招商局", scope_region=places["luquan"])
    lead = promo["lead"]
    data = lead_form(places, unit=other.pk, version=lead.version)

    staff_client.post(reverse("promotion:lead_edit", args=[lead.pk]), data)

    lead.refresh_from_db()
    assert lead.unit == staff.membership.unit
