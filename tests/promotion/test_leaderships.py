"""包联 leaders as records: the free-text migration, 双包联, and 我包联的项目."""

import datetime
import importlib

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.urls import reverse

from projects.models import Leader, ProjectLeader
from projects.records import leaders
from promotion.leaderships import days_in_stage
from tests.factories import ProjectFactory
from tests.pages.conftest import client_for

carry_over = importlib.import_module("projects.migrations.0014_leaders_from_free_text")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", []),
        ("张三", [("张三", "")]),
        ("张三、李四", [("张三", ""), ("李四", "")]),
        ("王五（副县长）, 赵六(副市长)", [("王五", "副县长"), ("赵六", "副市长")]),
        ("李四 副市长", [("李四 副市长", "")]),  # a space is not a separator
        ("张三、张三", [("张三", "")]),
    ],
)
def test_the_free_text_is_read_as_leaders(text, expected):
    assert carry_over.parse_leaders(text) == expected


def test_the_migration_turns_the_text_into_records(places):
    double = ProjectFactory(region=places["luquan"], leader="王五（副县长）、赵六（副市长）")
    single = ProjectFactory(region=places["luquan"], leader="王五（副县长）")
    ProjectFactory(region=places["luquan"], leader="")

    carry_over.forwards(apps, None)

    wang = Leader.objects.get(name="王五")
    assert (wang.title, wang.level) == ("副县长", "")
    assert [(pl.leader.name, pl.role) for pl in double.leaderships.order_by("pk")] == [
        ("王五", "lead"),
        ("赵六", "joint"),
    ]
    assert single.leaderships.get().leader == wang
    assert Leader.objects.count() == 2


def test_a_project_has_two_leaders_but_not_the_same_one_twice(world):
    project, spare = world["project"], world["spare_leader"]

    leaders.project_leader_assign(actor=None, project=project, leader=spare, role="joint")
    with pytest.raises(ValidationError) as e:
        leaders.project_leader_assign(actor=None, project=project, leader=spare)

    assert "已包联这个项目" in " ".join(e.value.messages)
    assert project.leaderships.count() == 2


def test_staff_add_a_leader_from_the_project_page(world, staff_client):
    project = world["project"]

    response = staff_client.post(
        reverse("projects:leader_assign", args=[project.pk]),
        {"leader-leader": world["spare_leader"].pk, "leader-role": "joint"},
    )

    assert response.status_code == 302
    page = staff_client.get(project.get_absolute_url()).content.decode()
    assert "钱市长（副市长）" in page and "协同包联" in page
    assert ProjectLeader.history.filter(history_type="+").exists()


def test_days_in_stage_counts_from_the_stage_date(world):
    project = world["project"]  # started 2023-05-01

    assert days_in_stage(project, datetime.date(2023, 5, 1)) == 0
    assert days_in_stage(project, datetime.date(2023, 6, 1)) == 31


@pytest.fixture
def leader_user(world, django_user_model):
    """赵县长 signs in; an official of the province in membership terms."""
    from projects.models import Membership, Unit

    user = django_user_model.objects.create_user(username="zhao", password="x")
    unit = Unit.objects.get(name="official单位")
    Membership.objects.create(user=user, unit=unit, role=Membership.Role.OFFICIAL)
    leader = world["leadership"].leader
    leader.user = user
    leader.save()
    return user


def test_my_projects_lists_stage_days_problems_and_lights(
    world, problem, leader_user, other_project
):
    # other_project (platform B) is the same leader's too: the province sees it.
    ProjectLeader.objects.create(project=other_project, leader=world["leadership"].leader)

    response = client_for(leader_user).get(reverse("promotion:my_projects"))

    rows = {p.pk: p for p in response.context["view"].page}
    assert set(rows) == {world["project"].pk, other_project.pk}
    mine = rows[world["project"].pk]
    assert (mine.open_problems, mine.light, mine.leader_role) == (1, "red", "牵头包联")
    assert rows[other_project.pk].open_problems == 0
    assert "我包联的项目" in response.content.decode()


def test_another_leaders_projects_are_shown_only_within_the_scope(world, other_project, outsider):
    leader = world["leadership"].leader
    ProjectLeader.objects.create(project=other_project, leader=leader)

    response = client_for(outsider).get(reverse("promotion:my_projects"), {"leader": leader.pk})

    assert [p.pk for p in response.context["view"].page] == [other_project.pk]


def test_an_unknown_leader_is_404(world, staff_client):
    assert staff_client.get(reverse("promotion:my_projects"), {"leader": "999"}).status_code == 404
    assert staff_client.get(reverse("promotion:my_projects"), {"leader": "x"}).status_code == 404


def test_a_user_who_is_no_leader_is_told_so(world, staff_client):
    response = staff_client.get(reverse("promotion:my_projects"))

    assert "尚未关联包联领导" in response.content.decode()


def test_my_projects_costs_the_same_however_many_projects(
    world, places, leader_user, django_assert_max_num_queries
):
    # Session, user, membership, the second-factor device, the leader, the leaders' list,
    # count, page, roles, the unit's deadlines, the footer's two reads and the session save
    # (and the menu's).
    leader = world["leadership"].leader
    client = client_for(leader_user)

    def add(n):
        for _ in range(n):
            p = ProjectFactory(region=places["luquan"], platform=places["platform_a"])
            ProjectLeader.objects.create(project=p, leader=leader)

    add(10)
    with django_assert_max_num_queries(15) as ten:
        client.get(reverse("promotion:my_projects"))
    add(20)
    with django_assert_max_num_queries(len(ten)):
        response = client.get(reverse("promotion:my_projects"))

    assert len(response.context["view"].page) == 31
