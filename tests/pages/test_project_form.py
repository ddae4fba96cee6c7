"""Creating and editing projects: amounts in 万元/亿元, inline investors, scope-limited places."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from projects.models import Enterprise, Project, StageEntry
from tests.factories import EnterpriseFactory
from tests.pages.conftest import client_for

CREATE = reverse("projects:create")


@pytest.fixture
def create_data(places, chain):
    return {
        "name": "鹿泉氢能装备项目",
        "investor_name": "北京氢能科技有限公司",
        "origin": "beijing",
        "category": "industrial",
        "platform": places["platform_a"].pk,
        "region": places["luquan"].pk,
        "chains": [chain.pk],
        "key_level": "municipal",
        "strategic_emerging": "on",
        "total_investment_0": "12.5",
        "total_investment_1": "yi",
        "stage": "signed",
        "entered_on": "2024-03-08",
        "note": "签约仪式上签约",
        "leader": "张副市长",
    }


def errors_of(response, field):
    return response.context["form"].errors.get(field, [])


def test_it_creates_a_project_with_a_new_investor(staff, staff_client, create_data, chain):
    response = staff_client.post(CREATE, create_data)

    project = Project.objects.get(name="鹿泉氢能装备项目")
    assert response.status_code == 302
    assert response["Location"] == project.get_absolute_url()
    assert project.total_investment == Decimal("125000.00")
    assert project.investor.name == "北京氢能科技有限公司"
    assert project.investor.origin == "beijing"
    assert project.signed_on == datetime.date(2024, 3, 8)
    assert project.stage == "signed"
    assert list(project.chains.all()) == [chain]
    assert project.strategic_emerging and project.key_level == "municipal"
    assert project.created_by == staff
    entry = StageEntry.objects.get(project=project)
    assert (entry.stage, entry.note, entry.recorded_by) == ("signed", "签约仪式上签约", staff)
    assert project.history.get().history_user == staff


def test_an_existing_investor_is_reused(staff_client, create_data):
    existing = EnterpriseFactory(name="北京氢能科技有限公司", origin="tianjin")

    staff_client.post(CREATE, {**create_data, "investor_name": "  北京氢能科技有限公司 "})

    assert Project.objects.get(name="鹿泉氢能装备项目").investor == existing
    assert Enterprise.objects.count() == 1


def test_amounts_are_typed_in_wan_too(staff_client, create_data):
    staff_client.post(
        CREATE, {**create_data, "total_investment_0": "5,130", "total_investment_1": "wan"}
    )

    assert Project.objects.get(name="鹿泉氢能装备项目").total_investment == Decimal("5130")


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("abc", "“abc”不是有效的金额。"),
        ("5亿元", "金额请只填数字，单位在列名或单位选项中选择。"),
        ("-3", "金额不能为负数。"),
        ("0.0000001", "金额精度最多到百元（万元两位小数）。"),
        ("1e30", "金额过大。"),
        ("99999999999", "金额过大。"),
        ("", "请填写金额。"),
    ],
)
def test_bad_amounts_are_refused_in_chinese(staff_client, create_data, typed, message):
    response = staff_client.post(CREATE, {**create_data, "total_investment_0": typed})

    assert response.status_code == 200
    assert errors_of(response, "total_investment") == [message]
    assert not Project.objects.exists()


def test_service_errors_land_on_their_field_and_nothing_is_written(staff_client, create_data):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)

    response = staff_client.post(CREATE, {**create_data, "entered_on": tomorrow.isoformat()})

    assert errors_of(response, "entered_on") == ["日期不能晚于今天。"]
    # The new investor was created in the same transaction, and rolled back with it.
    assert not Enterprise.objects.exists()
    assert not Project.objects.exists()
    html = response.content.decode()
    assert 'value="鹿泉氢能装备项目"' in html and 'value="12.5"' in html


def test_bad_dates_and_choices_are_refused_in_chinese(staff_client, create_data):
    response = staff_client.post(
        CREATE, {**create_data, "entered_on": "2024-02-30", "category": "nonsense"}
    )

    assert errors_of(response, "entered_on") == ["输入一个有效的日期。"]
    assert "nonsense" in errors_of(response, "category")[0]


def test_place_choices_are_limited_to_the_scope(staff_client, places):
    form = staff_client.get(CREATE).context["form"]

    assert set(form.fields["platform"].queryset) == {places["platform_a"], places["park_a1"]}
    assert set(form.fields["region"].queryset) == {places["luquan"]}
    assert form.fields["platform"].required
    assert form.initial["platform"] == places["platform_a"]


def test_a_region_scope_offers_its_regions_and_their_platforms(region_staff, places):
    form = client_for(region_staff).get(CREATE).context["form"]

    assert set(form.fields["region"].queryset) == {places["sjz"], places["luquan"]}
    assert set(form.fields["platform"].queryset) == {places["platform_a"], places["park_a1"]}
    assert not form.fields["platform"].required


def test_a_platform_outside_the_scope_is_refused(staff_client, create_data, places):
    response = staff_client.post(CREATE, {**create_data, "platform": places["platform_b"].pk})

    assert errors_of(response, "platform")
    assert not Project.objects.exists()


def test_a_region_outside_the_platform_is_refused(region_staff, create_data, places):
    data = {**create_data, "region": places["sjz"].pk}

    response = client_for(region_staff).post(CREATE, data)

    assert errors_of(response, "region") == [
        "所在地区“石家庄市”不在平台“河北鹿泉经济开发区”所在的“鹿泉区”内。"
    ]


def test_the_investor_box_suggests_enterprises(staff_client, places):
    from tests.factories import ProjectFactory

    for name in ("北京氢能科技有限公司", "天津港集团"):
        investor = EnterpriseFactory(name=name)
        ProjectFactory(investor=investor, region=places["luquan"], platform=places["platform_a"])

    response = staff_client.get(reverse("projects:enterprise_options"), {"investor_name": "氢能"})

    assert response.content.decode().strip() == '<option value="北京氢能科技有限公司"></option>'


# ---------------------------------------------------------------- edit


def edit_data(project, **changes):
    data = {
        "name": project.name,
        "investor_name": project.investor.name,
        "origin": project.origin,
        "category": project.category,
        "platform": project.platform_id,
        "region": project.region_id,
        "chains": [c.pk for c in project.chains.all()],
        "key_level": project.key_level,
        "build_type": project.build_type,
        "total_investment_0": str(project.total_investment),
        "total_investment_1": "wan",
        "version": project.version,
        "started_from": project.version,
    }
    return {**data, **changes}


def test_the_edit_form_shows_the_amount_in_yi_and_carries_the_version(staff_client, project):
    html = staff_client.get(reverse("projects:edit", args=[project.pk])).content.decode()

    assert 'name="total_investment_0" value="5.2"' in html
    assert '<option value="yi" selected>' in html
    assert f'name="version" value="{project.version}"' in html


def test_it_saves_changes_with_history(staff, staff_client, project):
    url = reverse("projects:edit", args=[project.pk])

    response = staff_client.post(url, edit_data(project, name="新名称", total_investment_0="60000"))

    project.refresh_from_db()
    assert response.status_code == 302
    assert (project.name, project.total_investment, project.version) == (
        "新名称",
        Decimal("60000"),
        2,
    )
    latest = project.history.first()
    assert latest.history_user == staff
    changed = {c.field for c in latest.diff_against(latest.prev_record).changes}
    assert changed == {"name", "total_investment", "version"}


def test_saving_without_changes_writes_nothing(staff_client, project):
    url = reverse("projects:edit", args=[project.pk])

    response = staff_client.post(url, edit_data(project), follow=True)

    project.refresh_from_db()
    assert project.version == 1
    assert project.history.count() == 1
    assert "没有需要保存的修改。" in response.content.decode()


def test_changing_the_investor_creates_it_inline(staff_client, project):
    url = reverse("projects:edit", args=[project.pk])

    staff_client.post(url, edit_data(project, investor_name="天津新投资方", origin="tianjin"))

    project.refresh_from_db()
    assert project.investor.name == "天津新投资方"
    assert project.investor.origin == "tianjin"


def test_model_errors_land_on_their_field(staff_client, project):
    url = reverse("projects:edit", args=[project.pk])

    response = staff_client.post(url, edit_data(project, build_type="new"))

    assert errors_of(response, "build_type") == ["开工之后才有建设性质（新建/续建）。"]
    project.refresh_from_db()
    assert project.version == 1


def test_a_missing_version_is_refused(staff_client, project):
    url = reverse("projects:edit", args=[project.pk])

    response = staff_client.post(url, edit_data(project, version="", name="x"))

    assert "页面缺少版本信息，请刷新后重试。" in response.content.decode()
    project.refresh_from_db()
    assert project.name == "鹿泉生物医药基地"
