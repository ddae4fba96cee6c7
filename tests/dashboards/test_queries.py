"""A dashboard page costs a fixed number of queries, whatever the number of projects or scopes."""

import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from platforms.models import Platform, Region
from projects import services, totals
from projects.models import PublishedFigure
from tests.dashboards.conftest import client_for

# Measured (SQLite): 31 for a city or a platform, 30 for the
# province (its children are cities only) — session, user, membership, scope,
# ancestors, children (1-2), the stage, trend, investment, plan and relocation
# totals, merchants, figures, chains, cycle times, cohort conversions, this scope's generation
# (which keys the cached parts) and stale marks, the footer's two reads (the latest run shared
# with the page) and the session save (3); and the promotion section's
# two (leads by source and status, problems by unit: promotion/selectors.py); and
# the published figures' version, which keys their cached table; the latest month with
# records, which decides whether the default period falls back (cached per run); the
# two-factor device that verified the official's session (django_otp's middleware, issue 19);
# the map's per-child key progress (2, on a province or city with a map) and Beijing's
# districts (1, issue 16); the count of projects behind plan and the period's relocated units
# by institution type, both read live (issue 20); the cohorts (issue 17); the scope's annual
# targets' version, which keys their panel, and the panel's three reads (the year's flows,
# completed investment and targets).
MAX_QUERIES = 38
URLS = [
    "/dashboards/region/130000/?kind=year&year=2023",
    "/dashboards/region/130900/?kind=quarter&year=2023&quarter=2",
    "/dashboards/region/130983/",
    "/dashboards/platform/bohai-huanghua/?kind=custom&start=2022-03&end=2023-10",
]


def _count(client, url):
    cache.clear()  # what the page costs when it draws everything (its first view after a run)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def without_tokens(response):
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())


def _grow(world):
    """Ten times the projects, and new counties and platforms under every city."""
    places = list(world.places)
    for i in range(4):
        county = Region.objects.create(
            code=f"13099{i}", name=f"新县{i}", level="county", parent=world.cangzhou
        )
        platform = Platform.objects.create(
            code=f"new-park-{i}", name=f"新园区{i}", tier="park", region=county
        )
        places += [(county, None), (county, platform)]
    world.add_projects(400, offset=40, places=places)
    totals.aggregates_rebuild()


@pytest.mark.django_db
def test_queries_do_not_grow_with_projects_or_scopes(
    world, official, django_assert_max_num_queries
):
    client = client_for(official)
    before = [_count(client, url) for url in URLS]
    _grow(world)
    after = [_count(client, url) for url in URLS]
    assert after == before
    for url in URLS:
        cache.clear()
        with django_assert_max_num_queries(MAX_QUERIES):
            client.get(url)


TOTALS_TABLES = ("stagemonthtotal", "investmentmonthtotal", "planyeartotal", "relocationmonthtotal")


@pytest.mark.django_db
def test_a_second_view_reads_no_totals_until_the_next_run(world, official):
    client = client_for(official)
    url = URLS[1]
    first = without_tokens(client.get(url))

    with CaptureQueriesContext(connection) as queries:
        again = without_tokens(client.get(url))

    assert again == first
    read = " ".join(q["sql"] for q in queries)
    assert not any(table in read for table in TOTALS_TABLES)
    assert 'FROM "projects_publishedfigure"' in read  # the figures' version only
    assert len(queries) < _count(client, url)


def _cards_html(client, url):
    html = without_tokens(client.get(url))
    return html[
        html.index('<section class="dash-cards"') : html.index('<section class="dash-grid">')
    ]


@pytest.mark.django_db
def test_the_next_run_shows_new_numbers(world, official):
    """The cached parts last as long as the totals they show: a run replaces them."""
    client = client_for(official)
    url = URLS[0]  # 2023
    project = next(p for p in world.projects if p.signed_on and p.signed_on.year == 2023)
    first = _cards_html(client, url)

    services.project_update(
        actor=None,
        project=project,
        version=project.version,
        total_investment=project.total_investment + 987654,
    )
    assert _cards_html(client, url) == first  # the totals have not changed yet

    totals.aggregates_recompute_stale()
    after = _cards_html(client, url)
    cache.clear()

    assert after == _cards_html(client, url) != first


@pytest.mark.django_db
def test_a_figure_edited_in_the_admin_shows_at_once(world, official, admin):
    client = client_for(official)
    url = URLS[0]
    figure = PublishedFigure.objects.filter(scope_region=world.province).first()
    figures_page = reverse("dashboards:figures", args=["region", world.province.code])
    assert "8,765.43" not in client.get(figures_page).content.decode()
    line_before = _figures_line(client.get(url))

    admin_client = client_for(admin)
    change = reverse("admin:projects_publishedfigure_change", args=[figure.pk])
    page = admin_client.get(change).context
    form = page["adminform"].form
    data = {name: form[name].value() for name in form.fields}
    for inline in page["inline_admin_formsets"]:
        management = inline.formset.management_form
        data |= {management.add_prefix(k): v for k, v in management.initial.items()}
        for inline_form in inline.formset.initial_forms:
            data |= {inline_form.add_prefix(k): inline_form[k].value() for k in inline_form.fields}
    data = {k: v for k, v in data.items() if v is not None} | {"value": "8765.43"}
    response = admin_client.post(change, data)
    assert response.status_code == 302, [
        (f.formset.errors, f.formset.non_form_errors())
        for f in response.context["inline_admin_formsets"]
    ] + [data]

    assert "8,765.43" in client.get(figures_page).content.decode()
    # The dashboard's one-line summary is cached by the figures' version: it changes at once.
    assert _figures_line(client.get(url)) != line_before


def _figures_line(response):
    html = response.content.decode()
    start = html.index('<p class="dash-figures-line">')
    return html[start : html.index("</p>", start)]


RANKINGS = [
    "/dashboards/ranking/region/130000/?year=2023&month=6",
    "/dashboards/ranking/region/130900/?year=2023&measure=completed_investment&by=completion",
]


@pytest.mark.django_db
def test_the_ranking_reads_a_fixed_number_of_queries(world, official):
    """Session, user, membership, the official's second-factor device, scope, children (1-2),
    the year's flows, completed investment, targets, and the footer's and session's: never
    per place or project."""
    client = client_for(official)
    before = [_count(client, url) for url in RANKINGS]
    _grow(world)
    assert [_count(client, url) for url in RANKINGS] == before
    assert max(before) <= 15
