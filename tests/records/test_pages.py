"""The relocation pages: filters, saving through the forms, the export, and query bounds."""

import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from projects.models import RelocatedUnit
from projects.models.records import InstitutionType
from tests.records.conftest import make_unit


def names_listed(response):
    return [unit.name for unit in response.context["page"]]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"kind": "establishment"}, ["北京某医院分院"]),
        ({"institution_type": "hospital"}, ["北京某医院分院"]),
        ({"institution_type": "none"}, ["未分类单位"]),
        ({"origin": "tianjin"}, ["未分类单位"]),
        ({"platform": "park"}, ["北京某医院分院"]),
        ({"date_from": "2023-05-01", "date_to": "2023-05-31"}, ["北京某医院分院"]),
        ({"q": "集团"}, ["中国某集团二级子公司"]),
    ],
)
def test_the_list_filters(query, expected, places, staff_client, unit):
    make_unit(
        places,
        name="北京某医院分院",
        kind=RelocatedUnit.Kind.ESTABLISHMENT,
        institution_type=InstitutionType.HOSPITAL,
        platform="park_a1",
        relocated_on=datetime.date(2023, 5, 20),
    )
    make_unit(places, name="未分类单位", institution_type="", origin="tianjin")
    if query.get("platform") == "park":
        query = {"platform": places["park_a1"].pk}

    response = staff_client.get(reverse("records:units"), query)

    assert names_listed(response) == expected


def test_a_reversed_date_range_is_an_error_not_an_empty_list(staff_client, unit):
    response = staff_client.get(
        reverse("records:units"), {"date_from": "2023-06-01", "date_to": "2023-05-01"}
    )

    assert "结束日期不能早于开始日期" in response.content.decode()


def test_staff_register_a_unit_linked_to_a_project_and_an_enterprise(
    places, staff, staff_client, world
):
    data = {
        "name": "北京某大学研究生院",
        "kind": "legal_entity",
        "institution_type": "university",
        "origin": "beijing",
        "region": places["luquan"].pk,
        "platform": places["platform_a"].pk,
        "relocated_on": "2023-06-01",
        "people": "",
        "enterprise_name": "  北京某大学  ",
        "project_code": world["project"].code,
    }

    response = staff_client.post(reverse("records:unit_create"), data)

    unit = RelocatedUnit.objects.get(name="北京某大学研究生院")
    assert response["Location"] == unit.get_absolute_url()
    assert (unit.enterprise.name, unit.project, unit.people) == ("北京某大学", world["project"], 0)
    page = staff_client.get(unit.get_absolute_url()).content.decode()
    assert "高校" in page and world["project"].name in page and "创建" in page


def test_a_future_date_is_refused(places, staff_client):
    data = {
        "name": "未来单位",
        "kind": "legal_entity",
        "institution_type": "other",
        "origin": "beijing",
        "region": places["luquan"].pk,
        "platform": places["platform_a"].pk,
        "relocated_on": (datetime.date.today() + datetime.timedelta(days=3)).isoformat(),
    }

    response = staff_client.post(reverse("records:unit_create"), data)

    assert response.status_code == 200
    assert "日期不能晚于今天" in response.content.decode()
    assert not RelocatedUnit.objects.exists()


FORMULA_LIKE = ['=HYPERLINK("http://x")', "+1", "-2", "@SUM(A1)", "\tTab", "\rCR"]


def test_the_export_holds_the_filtered_units_and_runs_no_formula(places, staff_client, unit):
    for name in FORMULA_LIKE:
        make_unit(places, name=name, note=name)
    make_unit(places, name="天津单位", origin="tianjin")

    response = staff_client.get(reverse("ledger:export_units"), {"origin": "beijing"})

    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    rows = list(book.active.iter_rows(values_only=False))
    assert rows[0][0].value == "单位名称"
    body = rows[1:]
    assert len(body) == 7  # the Tianjin unit is filtered out
    dangerous = [row[0] for row in body if row[0].value != unit.name]
    # (XML reads a stored CR back as LF.)
    assert {c.value.replace("\n", "\r") for c in dangerous} == set(FORMULA_LIKE)
    assert all(c.data_type == "s" and c.quotePrefix for c in dangerous)
    plain = next(row for row in body if row[0].value == unit.name)
    assert plain[2].value == "央企二三级子公司" and plain[7].value == 120


def test_the_merchant_export_escapes_too(places, staff_client, merchant):
    from projects.records import services

    services.merchant_relocation_update(actor=None, relocation=merchant, source_market="=1+1")

    response = staff_client.get(reverse("ledger:export_merchants"))

    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    cell = book.active["A2"]
    assert (cell.value, cell.data_type) == ("=1+1", "s")


@pytest.mark.parametrize("name", ["records:units", "records:merchants"])
def test_list_queries_do_not_grow_with_rows(
    name, places, staff_client, merchant, django_assert_max_num_queries
):
    from projects.records import services

    for i in range(30):
        make_unit(places, name=f"单位{i}")
        services.merchant_relocation_create(
            actor=None,
            source_market=f"市场{i}",
            origin="beijing",
            region=places["luquan"],
            platform=places["platform_a"],
            merchants=i,
            recorded_on=datetime.date(2023, 5, 1),
        )

    with django_assert_max_num_queries(12):
        response = staff_client.get(reverse(name))

    assert response.status_code == 200
    assert len(response.context["page"]) == (30 if name == "records:units" else 31)


def test_the_dashboard_counts_the_periods_units_by_institution_type(places, official, unit):
    from tests.pages.conftest import client_for

    make_unit(places, name="北京某大学", institution_type=InstitutionType.UNIVERSITY, people=30)
    make_unit(places, name="更早的单位", relocated_on=datetime.date(2022, 4, 1))
    url = reverse("dashboards:region", args=[places["province"].code])

    response = client_for(official).get(url, {"kind": "year", "year": "2023"})

    rows = response.context["dashboard"].relocated_by_institution
    assert rows == [("央企二三级子公司", 1, 120), ("高校", 1, 30)]


def test_an_export_past_the_limit_is_refused_with_a_reason(places, staff_client, unit, settings):
    settings.LEDGER_EXPORT_MAX_ROWS = 0

    response = staff_client.get(reverse("ledger:export_units"))

    assert response.status_code == 400
    assert "1 条记录" in response.content.decode()
