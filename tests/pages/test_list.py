"""The project list: filters in the URL, sorting, paging, count and total of the filtered set."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from projects.models import Provenance
from tests.factories import ChainFactory, ProjectFactory
from tests.pages.conftest import client_for

LIST = reverse("projects:list")


def names(response):
    return [p.name for p in response.context["page"].object_list]


@pytest.fixture
def spread(places, project, other_project, event):
    """A few more projects on A's platforms and in 石家庄 beyond the fixtures' two."""
    park = ProjectFactory(
        name="产业园氢能项目",
        region=places["luquan"],
        platform=places["park_a1"],
        total_investment=Decimal("8000"),
        origin="tianjin",
        category="service",
        key_level="provincial",
        strategic_emerging=True,
        negotiating_on=datetime.date(2022, 5, 1),
        signed_on=datetime.date(2022, 6, 1),
        provenance=Provenance.PLACEHOLDER,
    )
    hydrogen = ChainFactory(code="hydrogen", name="氢能")
    park.chains.add(hydrogen)
    county = ProjectFactory(
        name="鹿泉区无平台项目",
        region=places["luquan"],
        total_investment=Decimal("150000"),
        negotiating_on=datetime.date(2023, 6, 1),
        signed_on=datetime.date(2023, 7, 1),
        provenance=Provenance.SYNTHETIC,
    )
    return {"park": park, "county": county, "hydrogen": hydrogen}


def test_it_shows_the_projects_in_scope_with_count_and_total(staff_client, spread):
    response = staff_client.get(LIST)

    assert response.status_code == 200
    # Staff of platform A: the project on A and the one on its park, not B's nor the county's.
    assert sorted(names(response)) == ["产业园氢能项目", "鹿泉生物医药基地"]
    html = response.content.decode()
    assert "共 <strong>2</strong> 个项目，总投资 <strong>6.00</strong> 亿元" in html


def test_a_region_scope_includes_projects_with_and_without_platform(region_staff, spread):
    response = client_for(region_staff).get(LIST)

    assert sorted(names(response)) == ["产业园氢能项目", "鹿泉区无平台项目", "鹿泉生物医药基地"]


def test_stand_ins_are_marked(official_client, spread):
    html = official_client.get(LIST).content.decode()

    assert '<span class="badge stand-in" title="占位（补足报道总数）">占位</span>' in html
    assert '<span class="badge stand-in" title="合成（压力测试）">合成</span>' in html


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"platform": "park_a1"}, ["产业园氢能项目"]),
        ({"platform": "platform_a"}, ["产业园氢能项目", "鹿泉生物医药基地"]),
        ({"region": "cangzhou"}, ["渤海新区化工项目"]),
        ({"region": "sjz"}, ["产业园氢能项目", "鹿泉区无平台项目", "鹿泉生物医药基地"]),
        ({"stage": "signed"}, ["产业园氢能项目", "鹿泉区无平台项目"]),
        ({"origin": "tianjin"}, ["产业园氢能项目"]),
        ({"category": "service"}, ["产业园氢能项目"]),
        ({"key_level": "provincial"}, ["产业园氢能项目"]),
        ({"key_level": "none"}, ["渤海新区化工项目", "鹿泉区无平台项目", "鹿泉生物医药基地"]),
        ({"strategic_emerging": "yes"}, ["产业园氢能项目"]),
        ({"min_yi": "5"}, ["鹿泉区无平台项目", "鹿泉生物医药基地"]),
        ({"min_yi": "1", "max_yi": "5.2"}, ["渤海新区化工项目", "鹿泉生物医药基地"]),
        ({"q": "氢能"}, ["产业园氢能项目"]),
        ({"q": "北京某医药"}, ["鹿泉生物医药基地"]),
        (
            {"date_stage": "signed", "date_from": "2023-01-01", "date_to": "2023-12-31"},
            ["鹿泉区无平台项目"],
        ),
        (
            {"date_stage": "negotiating", "date_to": "2022-12-31"},
            ["产业园氢能项目"],
        ),
    ],
)
def test_it_filters(official_client, spread, places, query, expected):
    query = {k: places[v].pk if k in ("region", "platform") else v for k, v in query.items()}

    response = official_client.get(LIST, query)

    assert sorted(names(response)) == sorted(expected)
    assert response.context["totals"]["count"] == len(expected)


def test_it_filters_by_chain_and_event(official_client, spread, event):
    by_chain = official_client.get(LIST, {"chain": spread["hydrogen"].pk})
    by_event = official_client.get(LIST, {"event": event.pk})

    assert names(by_chain) == ["产业园氢能项目"]
    assert names(by_event) == ["鹿泉生物医药基地"]


def test_choices_outside_the_scope_are_refused(staff_client, spread, places):
    response = staff_client.get(LIST, {"platform": places["platform_b"].pk})

    # The filter is ignored with an error; the list stays inside the scope.
    assert sorted(names(response)) == ["产业园氢能项目", "鹿泉生物医药基地"]
    assert "部分筛选条件无效" in response.content.decode()


def test_a_date_range_without_a_stage_says_so(official_client, spread):
    response = official_client.get(LIST, {"date_from": "2023-01-01"})

    assert response.status_code == 200
    assert "按日期筛选时请选择阶段。" in response.content.decode()


@pytest.mark.parametrize(
    ("order", "first"), [("investment", "产业园氢能项目"), ("-investment", "鹿泉区无平台项目")]
)
def test_it_sorts(official_client, spread, order, first):
    response = official_client.get(LIST, {"o": order})

    assert names(response)[0] == first


def test_sort_links_keep_the_filters(official_client, spread):
    html = official_client.get(LIST, {"stage": "signed"}).content.decode()

    assert 'href="?stage=signed&amp;o=investment"' in html


def test_it_pages_and_keeps_the_filters_in_the_links(official_client, places):
    for i in range(30):
        ProjectFactory(name=f"项目{i:02d}", region=places["luquan"], origin="tianjin")

    first = official_client.get(LIST, {"origin": "tianjin", "o": "name"})
    second = official_client.get(LIST, {"origin": "tianjin", "o": "name", "page": "2"})

    assert len(names(first)) == 25
    assert names(second) == [f"项目{i:02d}" for i in range(25, 30)]
    assert first.context["totals"]["count"] == 30
    assert 'href="?origin=tianjin&amp;o=name&amp;page=2"' in first.content.decode()


def test_a_bad_page_number_shows_a_page(official_client, spread):
    assert official_client.get(LIST, {"page": "x"}).status_code == 200
    assert official_client.get(LIST, {"page": "999"}).status_code == 200


def test_htmx_gets_only_the_results(official_client, spread):
    response = official_client.get(LIST, {"stage": "signed"}, headers={"HX-Request": "true"})

    html = response.content.decode()
    assert "<html" not in html
    assert "共 <strong>2</strong> 个项目" in html
    assert "HX-Request" in response["Vary"]


@pytest.mark.parametrize(
    ("order", "ties"), [("investment", "id"), ("-investment", "-id"), ("-signed", "-id")]
)
def test_ties_keep_one_order_so_pages_neither_repeat_nor_skip(official_client, spread, order, ties):
    # Equal amounts or days in any other order could land on two pages, or on none, in
    # PostgreSQL, whose sort of ties may differ from one OFFSET to the next.
    response = official_client.get(LIST, {"o": order})

    assert response.context["filter"].qs.query.order_by[-1] == ties
