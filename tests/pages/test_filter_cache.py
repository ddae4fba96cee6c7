"""The filter bar of the list and the board is kept in the cache: it must change whenever
what it shows does, and a second view must not read its pickers again."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from platforms.models import IndustryChain, Platform, Region
from projects import services
from projects.filters import choices_version
from projects.models import Event
from tests.factories import ProjectFactory

LIST = reverse("projects:list")
BOARD = reverse("projects:board")


def filter_bar(client, url=LIST, **params):
    html = client.get(url, params).content.decode()
    start = html.index('<form class="filters"')
    return html[start : html.index("</form>", start)]


@pytest.mark.parametrize("url", [LIST, BOARD])
def test_a_second_view_reads_no_pickers(official_client, project, event, url):
    first = filter_bar(official_client, url)

    with CaptureQueriesContext(connection) as queries:
        again = filter_bar(official_client, url)

    assert again == first
    read = " ".join(q["sql"] for q in queries)
    assert 'FROM "platforms_industrychain"' not in read
    assert 'FROM "projects_event"' not in read
    assert "河北鹿泉经济开发区" in first and "石家庄市2023年第三季度集中开工" in first


def test_it_keeps_the_values_and_errors_of_each_url(official_client, places, project):
    chosen = filter_bar(official_client, region=places["luquan"].pk)
    refused = filter_bar(official_client, region=999999)

    luquan = f'<option value="{places["luquan"].pk}" selected>'
    assert luquan in chosen
    assert luquan not in filter_bar(official_client)
    assert "errorlist" in refused and "errorlist" not in chosen


def test_each_scope_has_its_own_pickers(official_client, staff_client, places, project):
    assert "渤海新区黄骅市" in filter_bar(official_client)
    assert "渤海新区黄骅市" not in filter_bar(staff_client)


def rename_region(places):
    region = places["luquan"]
    region.name = "鹿泉区（改名）"
    region.save()


def rename_platform(places):
    platform = Platform.objects.get(pk=places["platform_a"].pk)
    platform.name = "鹿泉开发区（改名）"
    platform.save()


def add_chain(places):
    IndustryChain.objects.create(code="new-chain", name="新产业链（改名）", kind="local")


def add_event(places):
    Event.objects.create(
        code="new-event",
        name="新活动（改名）",
        kind=Event.Kind.FAIR,
        held_on=datetime.date(2024, 1, 1),
        region=places["sjz"],
    )


def delete_region(places):
    Region.objects.filter(pk=places["beijing"].pk).delete()


@pytest.mark.parametrize(
    "change", [rename_region, rename_platform, add_chain, add_event, delete_region]
)
def test_a_change_to_what_the_pickers_offer_shows_at_once(official_client, places, change):
    before = filter_bar(official_client)
    version = choices_version()

    change(places)

    assert choices_version() != version
    after = filter_bar(official_client)
    if change is not delete_region:
        assert "（改名）" in after and "（改名）" not in before


def test_an_event_gaining_a_project_of_the_unit_shows_at_once(staff_client, staff, places):
    far = Event.objects.create(
        code="far",
        name="沧州推介会",
        kind=Event.Kind.FAIR,
        held_on=datetime.date(2023, 5, 1),
        region=places["cangzhou"],
    )
    mine = ProjectFactory(region=places["luquan"], platform=places["platform_a"])
    assert "沧州推介会" not in filter_bar(staff_client)

    services.event_attach(actor=staff, event=far, project=mine)

    assert "沧州推介会" in filter_bar(staff_client)
