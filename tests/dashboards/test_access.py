"""Who may open which dashboard: their scope and anything under it; 404 outside; login first."""

import pytest
from django.urls import URLPattern, reverse

from dashboards import urls as dashboard_urls
from tests.dashboards.conftest import client_for

PROVINCE = "/dashboards/region/130000/"
CITY = "/dashboards/region/130900/"
OTHER_CITY = "/dashboards/region/130100/"
COUNTY = "/dashboards/region/130983/"
PLATFORM = "/dashboards/platform/bohai-huanghua/"
PARK = "/dashboards/platform/gangcheng-park/"
ORIGIN = "/dashboards/region/110000/"
EVERY = [PROVINCE, CITY, OTHER_CITY, COUNTY, PLATFORM, PARK]


def test_every_dashboard_url_is_covered():
    names = {p.name for p in dashboard_urls.urlpatterns if isinstance(p, URLPattern)}
    assert names == {
        *("home", "region", "platform", "map", "ranking", "targets", "targets_import", "figures")
    }
    # ranking, targets and targets_import: tests/dashboards/test_ranking.py (access by role)


@pytest.mark.django_db
def test_it_requires_login(world):
    client = client_for(None)
    for url in [reverse("dashboards:home"), *EVERY]:
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


@pytest.mark.django_db
def test_an_official_sees_the_scope_and_below(world, official):
    client = client_for(official)
    for url in EVERY:
        assert client.get(url).status_code == 200, url
    assert client.get(ORIGIN).status_code == 404
    assert client.get("/dashboards/region/999999/").status_code == 404


@pytest.mark.django_db
def test_it_checks_ownership(world, city_official):
    client = client_for(city_official)
    for url in [CITY, COUNTY, PLATFORM, PARK]:
        assert client.get(url).status_code == 200, url
    for url in [PROVINCE, OTHER_CITY]:
        assert client.get(url).status_code == 404, url
    breadcrumbs = client.get(COUNTY).context["breadcrumbs"]
    assert [place.name for place, _url in breadcrumbs] == ["沧州市"]


@pytest.mark.django_db
def test_platform_staff_see_only_their_platform(world, platform_staff):
    client = client_for(platform_staff)
    for url in [PLATFORM, PARK]:
        assert client.get(url).status_code == 200, url
    for url in [PROVINCE, CITY, COUNTY, OTHER_CITY]:
        assert client.get(url).status_code == 404, url
    # Even the csv variant of an outside scope is a 404.
    assert client.get(CITY + "?format=csv&chart=funnel").status_code == 404


@pytest.mark.django_db
def test_admin_sees_everything(world, admin):
    client = client_for(admin)
    for url in EVERY:
        assert client.get(url).status_code == 200, url
    assert client.get(reverse("dashboards:home"))["Location"] == PROVINCE


@pytest.mark.django_db
def test_home_goes_to_the_users_own_scope(world, official, city_official, platform_staff):
    assert client_for(city_official).get("/dashboards/?kind=year&year=2023")["Location"] == (
        CITY + "?kind=year&year=2023"
    )
    assert client_for(platform_staff).get("/dashboards/")["Location"] == PLATFORM
    assert client_for(official).get("/dashboards/")["Location"] == PROVINCE


@pytest.mark.django_db
def test_a_user_without_a_unit_is_refused(world, django_user_model):
    nobody = django_user_model.objects.create_user(username="nobody", password="x" * 20)
    client = client_for(nobody)
    assert client.get(PROVINCE).status_code == 403
    assert client.get("/dashboards/").status_code == 403


@pytest.mark.django_db
def test_links_drill_down_to_children_and_the_project_list(world, official):
    client = client_for(official)
    response = client.get(PROVINCE + "?kind=year&year=2023")
    links = response.context["charts"]["children"].links
    assert links == [OTHER_CITY + "?kind=year&year=2023", CITY + "?kind=year&year=2023"]
    county = client.get(COUNTY)
    assert county.context["project_list_url"] == f"/projects/?region={world.huanghua.pk}"
    platform = client.get(PLATFORM)
    assert platform.context["project_list_url"] == f"/projects/?platform={world.bohai.pk}"
    assert client.get(platform.context["project_list_url"]).status_code == 200


@pytest.mark.django_db
def test_the_map_boundaries_follow_the_dashboards_access(
    world, city_official, admin, django_user_model
):
    assert client_for(None).get("/dashboards/map/130900.json").status_code == 302
    nobody = django_user_model.objects.create_user(username="nobody", password="a-long-pw-1234")
    assert client_for(nobody).get("/dashboards/map/130900.json").status_code == 403
    assert client_for(admin).get("/dashboards/map/130000.json").status_code == 200
    assert client_for(admin).post("/dashboards/map/130000.json").status_code == 405
    client = client_for(city_official)
    response = client.get("/dashboards/map/130900.json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert client.get("/dashboards/map/130000.json").status_code == 404  # outside the scope
    assert client.get("/dashboards/map/130983.json").status_code == 404  # a county: no map
    assert client.get("/dashboards/map/..%2F..%2Fsettings.json").status_code == 404
