"""Events: the list and each event's page with its projects and totals."""

from django.urls import reverse

from tests.pages.conftest import client_for


def test_the_list_shows_each_event_with_its_totals(official_client, event, other_event):
    response = official_client.get(reverse("projects:events"))

    events = {e.name: e for e in response.context["page"]}
    assert events["石家庄市2023年第三季度集中开工"].project_count == 1
    assert events["石家庄市2023年第三季度集中开工"].investment == 52000
    assert events["沧州推介会"].project_count == 0


def test_staff_see_events_held_in_or_above_their_scope(staff, outsider, event, other_event):
    mine = client_for(staff).get(reverse("projects:events"))
    theirs = client_for(outsider).get(reverse("projects:events"))

    assert [e.name for e in mine.context["page"]] == ["石家庄市2023年第三季度集中开工"]
    assert [e.name for e in theirs.context["page"]] == ["沧州推介会"]


def test_an_event_page_lists_its_projects_with_totals(official_client, event, project):
    response = official_client.get(event.get_absolute_url())

    assert list(response.context["page"]) == [project]
    html = response.content.decode()
    assert "共 <strong>1</strong> 个项目，总投资 <strong>5.20</strong> 亿元" in html
    assert project.get_absolute_url() in html


def test_an_event_shows_only_the_projects_in_scope(region_staff, event, other_project):
    event.projects.add(other_project)

    response = client_for(region_staff).get(event.get_absolute_url())

    assert [p.name for p in response.context["page"]] == ["鹿泉生物医药基地"]


def test_an_event_with_one_of_my_projects_is_visible_wherever_held(outsider, other_project, event):
    event.projects.add(other_project)

    response = client_for(outsider).get(event.get_absolute_url())

    assert response.status_code == 200
    assert list(response.context["page"]) == [other_project]


def test_an_event_outside_the_scope_is_404(outsider_client, event):
    assert outsider_client.get(event.get_absolute_url()).status_code == 404


def test_an_event_page_pages_its_projects_in_pipeline_order(official_client, event, places):
    import datetime

    from tests.factories import ProjectFactory

    for i in range(60):
        event.projects.add(
            ProjectFactory(
                region=places["luquan"],
                signed_on=datetime.date(2023, 3, 1) if i % 2 else None,
            )
        )

    first = official_client.get(event.get_absolute_url())
    second = official_client.get(event.get_absolute_url(), {"page": 2})

    stages = [p.stage for p in first.context["page"]] + [p.stage for p in second.context["page"]]
    assert len(stages) == 61 and stages == sorted(stages, key=["negotiating", "signed"].index)
    assert first.context["count"] == 61
    assert "共 <strong>61</strong> 个项目" in first.content.decode()
