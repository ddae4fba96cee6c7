"""The pipeline board: a column per stage with count, total and the first cards."""

import datetime
from decimal import Decimal

from django.urls import reverse

from projects.selectors import CARDS_PER_COLUMN
from tests.factories import ProjectFactory

BOARD = reverse("projects:board")


def column(response, stage):
    return next(c for c in response.context["columns"] if c.stage == stage)


def test_it_has_a_column_per_stage_with_count_and_total(official_client, project, other_project):
    ProjectFactory(
        region=project.region,
        total_investment=Decimal("25000"),
        signed_on=datetime.date(2023, 4, 1),
    )

    response = official_client.get(BOARD)

    assert [c.stage for c in response.context["columns"]] == [
        "negotiating",
        "signed",
        "landed",
        "under_construction",
        "in_production",
        "terminated",
    ]
    negotiating, signed = column(response, "negotiating"), column(response, "signed")
    assert (negotiating.count, negotiating.investment) == (2, Decimal("62000"))
    assert (signed.count, signed.investment) == (1, Decimal("25000"))
    assert "2 个 · 6.20 亿元" in response.content.decode()


def test_cards_link_to_projects_and_more_links_to_the_filtered_list(official_client, places):
    for i in range(CARDS_PER_COLUMN + 3):
        ProjectFactory(region=places["luquan"], negotiating_on=datetime.date(2023, 1, 1 + i))

    response = official_client.get(BOARD, {"region": places["luquan"].pk})

    negotiating = column(response, "negotiating")
    assert len(negotiating.cards) == CARDS_PER_COLUMN
    assert negotiating.more == 3
    # Newest entries first.
    assert negotiating.cards[0].negotiating_on == datetime.date(2023, 1, CARDS_PER_COLUMN + 3)
    html = response.content.decode()
    assert negotiating.cards[0].get_absolute_url() in html
    more = f'href="/projects/?region={places["luquan"].pk}&amp;stage=negotiating"'
    assert more in html
    assert "还有 3 个，在列表中查看" in html


def test_it_takes_the_list_filters(official_client, project, other_project, places):
    response = official_client.get(BOARD, {"platform": places["platform_b"].pk})

    assert column(response, "negotiating").cards == [other_project]


def test_staff_see_only_their_scope(staff_client, project, other_project):
    response = staff_client.get(BOARD)

    assert column(response, "negotiating").cards == [project]
