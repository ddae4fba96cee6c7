"""The published-figures page: the qualifier in words, the source, and the records behind it."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from dashboards.figure_pages import in_words, records_url
from projects.models import FigureSource, Measure, Project, PublishedFigure, Qualifier, Stage
from tests.dashboards.conftest import client_for


def _figure(**fields):
    return PublishedFigure(
        code="x", group="x", label="x", measure=Measure.COUNT, value=Decimal(200), **fields
    )


def test_the_qualifier_reads_as_the_article_wrote_it():
    assert in_words(_figure(qualifier=Qualifier.ABOUT)) == "约 200 个"
    assert in_words(_figure(qualifier=Qualifier.NEARLY)) == "近 200 个"
    assert in_words(_figure(qualifier=Qualifier.AT_LEAST)) == "200 余个"
    assert in_words(_figure(qualifier=Qualifier.EXACT)) == "200 个"
    money = _figure(qualifier=Qualifier.EXACT)
    money.measure, money.value = Measure.INVESTMENT, Decimal("3372.34")
    assert in_words(money) == "3,372.34 亿元"
    share = _figure(qualifier=Qualifier.NEARLY)
    share.measure, share.value = Measure.SHARE_OF_COUNT, Decimal("0.8")
    assert in_words(share) == "近 80 %"


@pytest.mark.django_db
def test_a_figure_links_to_exactly_its_projects(world, official):
    client = client_for(official)
    figure = PublishedFigure.objects.get(code="hebei-signed-2023")
    url = records_url(figure)
    signed = Project.objects.in_scope(world.province).reached(
        Stage.SIGNED, datetime.date(2023, 1, 1), datetime.date(2023, 12, 31)
    )
    assert client.get(url).context["totals"]["count"] == signed.count()
    figure.definition = {"event": "some-event"}
    assert records_url(figure) is None  # the list cannot say it: no link


@pytest.mark.django_db
def test_the_page_shows_source_quote_and_status(world, official, city_official):
    FigureSource.objects.create(
        file="seed-001", title="某篇报道", publisher="河北新闻网", published_on="2023-02-07"
    )
    page = client_for(official).get(reverse("dashboards:figures", args=["region", "130000"]))
    html = page.content.decode()
    assert "《某篇报道》 · 河北新闻网 · 2023-02-07" in html
    assert "签约项目12个" in html and "一致" in html and "不一致" in html
    assert len(page.context["rows"]) == 2
    city = client_for(city_official)
    assert len(city.get("/dashboards/figures/region/130900/").context["rows"]) == 1
    assert city.get("/dashboards/figures/region/130000/").status_code == 404
    dashboard = client_for(official).get("/dashboards/region/130000/").content.decode()
    assert "本范围公布数据 2 项：一致 1，不一致 1，无法计算 0。" in dashboard
