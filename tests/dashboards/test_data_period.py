"""A dashboard or quarterly report whose period has no records says so, never a page of zeros."""

import datetime

from django.urls import reverse

from platforms.models import Region
from projects.periods import quarter_of, with_data, year_of
from projects.totals.reads import latest_flow_month
from tests.dashboards.conftest import client_for

D = datetime.date
TODAY = D(2026, 12, 4)  # the world's records end before 2026
THIS_YEAR = year_of(TODAY)


def data_of(scope, asked, *, chosen=False, widen=year_of):
    latest = lambda until: latest_flow_month(scope, until)  # noqa: E731
    return with_data(asked, latest=latest, chosen=chosen, widen=widen, today=TODAY)


def test_the_default_period_falls_back_to_the_latest_year_with_records(world):
    data = data_of(world.province, THIS_YEAR)
    assert data.fell_back and not data.empty
    latest = max(d for p in world.projects for d in (p.signed_on, p.started_on) if d)
    assert data.latest_month.year == latest.year < 2026
    assert data.shown == year_of(data.latest_month)


def test_a_period_with_records_is_kept(world):
    asked = year_of(max(p.signed_on for p in world.projects if p.signed_on))
    data = data_of(world.province, asked)
    assert data.shown == asked and data.fallback is None and not data.empty


def test_a_chosen_empty_period_is_shown_empty_with_the_latest_offered(world):
    asked = year_of(D(2015, 1, 1))
    data = data_of(world.province, asked, chosen=True)
    assert data.shown == asked and data.empty and not data.fell_back
    assert data.fallback == year_of(data.latest_month)


def test_a_scope_without_records_says_so(world, official):
    empty = Region.objects.create(code="130127", name="高邑县", level="county", parent=world.sjz)
    data = data_of(empty, THIS_YEAR)
    assert data.empty and data.latest_month is None and data.shown == THIS_YEAR
    page = client_for(official).get(reverse("dashboards:region", args=[empty.code]))
    assert "本范围还没有任何项目记录" in page.content.decode()


def test_the_dashboard_opens_on_data_and_says_so(world, official):
    response = client_for(official).get(reverse("dashboards:region", args=[world.province.code]))
    page = response.content.decode()
    assert "已显示最近有数据的期间" in page
    assert f"统计周期 {data_of(world.province, THIS_YEAR).shown.label()}" in page
    signed = response.context["dashboard"].cards[1]
    assert signed.stage == "signed" and signed.value.now.count > 0


def test_a_chosen_empty_year_shows_an_empty_state_with_a_link(world, official):
    url = reverse("dashboards:region", args=[world.province.code])
    page = client_for(official).get(url, {"kind": "year", "year": "2015"}).content.decode()
    assert "empty-state" in page and "查看最近有数据的期间" in page
    fallback = data_of(world.province, year_of(D(2015, 1, 1)), chosen=True).fallback
    assert f"?kind=year&amp;year={fallback.first.year}" in page


def test_the_quarterly_report_opens_on_the_latest_quarter_with_records(world, official):
    url = reverse("ledger:quarterly", args=["region", world.province.code])
    response = client_for(official).get(url)
    assert "已显示最近有数据的期间" in response.content.decode()
    shown = data_of(world.province, quarter_of(TODAY), widen=quarter_of).shown
    assert response.context["report"].start == shown.start
