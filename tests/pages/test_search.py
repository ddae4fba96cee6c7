"""Keyword search on the project list: through the gram index, ranked, highlighted, in scope."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from projects import search, services
from projects.models import Enterprise, Project
from tests.factories import EnterpriseFactory, ProjectFactory
from tests.pages.conftest import client_for

LIST = reverse("projects:list")


def found(user, q, **params):
    response = client_for(user).get(LIST, {"q": q, **params})
    assert response.status_code == 200
    return [p.name for p in response.context["page"].object_list]


@pytest.fixture
def named(places):
    """Projects in 石家庄 (platform A's region) named so that terms overlap."""
    investor = EnterpriseFactory(name="沧州钢铁集团有限公司")
    make = lambda name, code, **kw: ProjectFactory(  # noqa: E731
        name=name, code=code, region=places["luquan"], platform=places["platform_a"], **kw
    )
    return {
        "steel": make("鹿泉钢结构产业园", "LQ-0001"),
        "cz_prefix": make("沧州合作示范区", "LQ-0002"),
        "cz_inside": make("京冀沧州协同项目", "LQ-0003"),
        "by_investor": make("鹿泉物流中心", "LQ-0004", investor=investor),
        "other": make("鹿泉数据中心", "CZ-0001"),
    }


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("钢", {"鹿泉钢结构产业园", "鹿泉物流中心"}),  # one character; the investor's 钢铁
        ("沧州", {"沧州合作示范区", "京冀沧州协同项目", "鹿泉物流中心"}),
        ("示范区", {"沧州合作示范区"}),
        ("钢结构产业园", {"鹿泉钢结构产业园"}),
        ("钢铁集团", {"鹿泉物流中心"}),  # investor only
        ("lq-0004", {"鹿泉物流中心"}),  # code, either case
        ("鹿泉 中心", {"鹿泉物流中心", "鹿泉数据中心"}),  # every term
        ("沧州钢", {"鹿泉物流中心"}),
        ("泉钢结", {"鹿泉钢结构产业园"}),
        ("没有", set()),
        ("%", set()),  # LIKE's wildcards are plain characters
        ("_", set()),
    ],
)
def test_it_finds_every_project_holding_each_term(staff, named, q, expected):
    assert set(found(staff, q)) == expected


def test_it_ranks_the_code_then_name_prefix_then_name_then_investor(staff, named):
    assert found(staff, "沧州") == ["沧州合作示范区", "京冀沧州协同项目", "鹿泉物流中心"]
    assert found(staff, "cz-0001") == ["鹿泉数据中心"]


def test_a_chosen_order_wins_over_the_rank(staff, named):
    named["by_investor"].total_investment = Decimal(99999)
    named["by_investor"].save(update_fields=["total_investment"])

    assert found(staff, "沧州", o="-investment")[0] == "鹿泉物流中心"


def test_it_stays_in_the_users_scope(outsider, staff, official, named, other_project):
    assert found(outsider, "鹿泉") == []
    assert "鹿泉钢结构产业园" in found(official, "鹿泉")
    assert other_project.name not in found(staff, other_project.name)
    assert found(outsider, other_project.name) == [other_project.name]


def test_it_highlights_the_matches_escaped(staff, places):
    ProjectFactory(
        name="<b>沧州</b>港口 & 沧州",
        region=places["luquan"],
        platform=places["platform_a"],
        investor=EnterpriseFactory(name="沧州港务"),
    )
    html = client_for(staff).get(LIST, {"q": "沧州 港"}).content.decode()

    assert "&lt;b&gt;<mark>沧州</mark>&lt;/b&gt;<mark>港</mark>口 &amp; <mark>沧州</mark>" in html
    assert "<mark>沧州港</mark>务" in html  # adjacent matches become one mark
    assert "<b>" not in html


def test_the_query_count_does_not_grow_with_the_matches(
    staff, places, django_assert_max_num_queries
):
    for n in range(30):
        ProjectFactory(name=f"沧州项目{n}", region=places["luquan"], platform=places["platform_a"])
    client = client_for(staff)
    with CaptureQueriesContext(connection) as first:
        client.get(LIST, {"q": "沧州"})
    with django_assert_max_num_queries(len(first)):
        client.get(LIST, {"q": "沧州", "page": 2})


def test_services_keep_the_search_text(staff, places):
    project = services.project_create(
        actor=staff,
        entered_on=datetime.date(2024, 3, 1),
        name="正定数字经济园",
        investor=EnterpriseFactory(name="天津某科技公司"),
        region=places["luquan"],
        platform=places["platform_a"],
        total_investment=Decimal(5000),
        origin="tianjin",
        category="industrial",
    )
    assert found(staff, "数字") == ["正定数字经济园"]
    assert found(staff, "天津某") == ["正定数字经济园"]

    services.project_update(
        actor=staff, project=project, version=project.version, name="正定算力中心"
    )

    assert found(staff, "数字") == []
    assert found(staff, "算力") == ["正定算力中心"]


def test_renaming_an_investor_in_the_admin_refreshes_its_projects(admin, staff, named):
    investor = named["by_investor"].investor
    page = client_for(admin).get(reverse("admin:projects_enterprise_change", args=[investor.pk]))
    form = page.context["adminform"].form
    data = {k: v for k, v in ((n, form[n].value()) for n in form.fields) if v is not None}

    response = client_for(admin).post(
        reverse("admin:projects_enterprise_change", args=[investor.pk]),
        data | {"name": "渤海重工有限公司"},
    )

    assert response.status_code == 302
    assert Enterprise.objects.get(pk=investor.pk).name == "渤海重工有限公司"
    assert found(staff, "重工") == ["鹿泉物流中心"]
    assert "鹿泉物流中心" not in found(staff, "钢铁")


def test_a_refresh_rewrites_what_was_lost(staff, named):
    Project.objects.update(search_text="")
    assert found(staff, "沧州") == []

    search.search_refresh()

    assert len(found(staff, "沧州")) == 3


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("沧州 港", {"沧", "州", "沧州", "港"}),
        ("ab", {"a", "b", "ab"}),
        ("", set()),
    ],
)
def test_grams(text, expected):
    assert search.grams(text) == expected


def test_a_terms_grams_are_in_every_text_that_holds_it():
    text = search.fold("河北沧州渤海新区 HB-2024")
    for term in ("沧", "沧州", "渤海新区", "hb-2024", "-"):
        assert set(search.term_grams(term)) <= search.grams(text)


@pytest.mark.postgres
def test_the_sql_grams_agree_with_python(db):
    with connection.cursor() as cursor:
        for text in ["沧州 港口 hb-2024", "a", "", "  鹿泉区  钢结构 ", "京津冀（河北）"]:
            cursor.execute("SELECT project_search_grams(%s)", [text])
            assert set(cursor.fetchone()[0]) == search.grams(text), text


@pytest.mark.postgres
def test_two_characters_are_served_by_the_index(staff, named):
    # The candidates' subquery of search.matching: a tiny table would be read by its key.
    wanted = search.term_grams("沧州")
    queryset = Project.objects.order_by().filter(search.HoldsGrams(F("search_text"), wanted))
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        sql, params = queryset.query.sql_with_params()
        cursor.execute("ANALYZE projects_project")
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "Bitmap Index Scan on project_search_grams" in plan, plan
