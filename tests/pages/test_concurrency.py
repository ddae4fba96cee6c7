"""Two people edit the same project: the second save is refused, shows what changed, loses nothing."""

import datetime
from decimal import Decimal

from django.urls import reverse

from projects.models import Membership, Unit
from tests.pages.conftest import client_for
from tests.pages.test_project_form import edit_data


def colleague_of(staff, django_user_model):
    user = django_user_model.objects.create_user(username="colleague", password="x" * 12)
    Membership.objects.create(user=user, unit=Unit.objects.get(members__user=staff), role="staff")
    return user


def test_the_second_save_is_refused_and_keeps_the_input(staff, project, django_user_model):
    first = client_for(staff)
    second = client_for(colleague_of(staff, django_user_model))
    url = reverse("projects:edit", args=[project.pk])
    # Both open the form at version 1.
    form_one = first.get(url).context["form"]
    form_two = second.get(url).context["form"]
    assert form_one.initial["version"] == form_two.initial["version"] == 1

    saved = first.post(url, edit_data(project, total_investment_0="60000", leader="王局长"))
    refused = second.post(
        url,
        edit_data(project, total_investment_0="70000", contact_name="李四", name="第二人的名称"),
    )

    assert saved.status_code == 302
    assert refused.status_code == 200
    project.refresh_from_db()
    assert (project.total_investment, project.leader, project.version) == (
        Decimal("60000"),
        "王局长",
        2,
    )
    assert project.contact_name == "" and project.name == "鹿泉生物医药基地"
    html = refused.content.decode()
    assert "其他人已修改并保存了该项目" in html
    # What the other person changed: field, the value this user started from → the saved value.
    conflict = {c.label: (c.old, c.new) for c in refused.context["conflict"]}
    assert conflict == {
        "总投资（万元）": ("5.20亿元（52,000.00万元）", "6.00亿元（60,000.00万元）"),
        "包联领导": ("—", "王局长"),
    }
    # Nothing typed is lost, and the form now carries the saved version.
    assert 'value="第二人的名称"' in html and 'value="李四"' in html and 'value="70000"' in html
    assert 'name="version" value="2"' in html


def test_submitting_again_after_the_conflict_saves(staff, project, django_user_model):
    first = client_for(staff)
    second = client_for(colleague_of(staff, django_user_model))
    url = reverse("projects:edit", args=[project.pk])
    first.post(url, edit_data(project, leader="王局长"))
    refused = second.post(url, edit_data(project, contact_name="李四"))

    resubmitted = second.post(url, refused.context["form"].data)

    assert resubmitted.status_code == 302
    project.refresh_from_db()
    # The second person's change is saved; the first's, which they did not touch, stays.
    assert (project.contact_name, project.leader, project.version) == ("李四", "王局长", 3)


def test_a_stage_action_from_a_stale_page_is_refused(staff_client, project):
    url = reverse("projects:advance", args=[project.pk])
    staff_client.post(url, {"advance-on": "2023-03-01", "advance-version": 1})

    response = staff_client.post(url, {"advance-on": "2023-04-01", "advance-version": 1})

    project.refresh_from_db()
    assert project.stage == "signed" and project.landed_on is None
    assert "其他人已修改并保存了该项目" in response.content.decode()
    conflict = {c.label: (c.old, c.new) for c in response.context["conflict"]}
    assert conflict == {"签约日期": ("—", str(datetime.date(2023, 3, 1)))}
