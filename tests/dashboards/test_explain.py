"""Explain this number: every card and chart number links to the list of exactly its projects."""

from decimal import Decimal

import pytest

from dashboards.charts import yi
from tests.dashboards.conftest import client_for

PAGES = [
    ("/dashboards/region/130000/", {"kind": "quarter", "year": 2023, "quarter": 1}),
    ("/dashboards/region/130000/", {"kind": "year", "year": 2022}),
    ("/dashboards/region/130900/", {"kind": "quarter", "year": 2023, "quarter": 1}),
    ("/dashboards/region/130900/", {"kind": "custom", "start": "2022-03", "end": "2023-10"}),
]


def _list_totals(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    assert not response.context["filter"].form.errors, (url, response.context["filter"].form.errors)
    totals = response.context["totals"]
    return totals["count"], totals["investment"] or Decimal(0)


@pytest.mark.django_db
@pytest.mark.parametrize("url,params", PAGES)
def test_every_card_links_to_its_projects(world, official, url, params):
    client = client_for(official)
    page = client.get(url, params)
    cards = page.context["cards"]
    assert len(cards) == 5
    for card, link in cards:
        count, investment = _list_totals(client, link)
        assert (count, investment) == (card.value.now.count, card.value.now.investment), card.label
        assert f'href="{link.replace("&", "&amp;")}"' in page.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("url,params", PAGES)
def test_every_chart_number_links_to_its_projects(world, official, url, params):
    client = client_for(official)
    page = client.get(url, params)
    checked = 0
    for chart in page.context["charts"].values():
        for category, _link, _hl, cells in chart.cells():
            for series, (value, list_url) in zip(chart.series, cells, strict=True):
                if list_url is None:
                    continue
                count, investment = _list_totals(client, list_url)
                expected = count if series.is_count else yi(investment)
                assert value == expected, (chart.name, category, series.name, list_url)
                checked += 1
    assert checked > 40
    for cohort, cohort_url in page.context["cohorts"]:
        assert _list_totals(client, cohort_url)[0] == cohort.size


@pytest.mark.django_db
def test_every_number_of_projects_has_a_link(world, official):
    page = client_for(official).get("/dashboards/region/130900/", {"kind": "year", "year": 2023})
    for name, chart in page.context["charts"].items():
        if name in ("key_monthly", "relocations"):  # investment reports and units, not projects
            continue
        for series in chart.series:
            assert len(series.links) == len(series.values), (name, series.name)
