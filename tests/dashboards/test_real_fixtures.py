"""On the articles' reconstruction (fixtures/*.json), when it exists: cards equal live queries."""

import datetime
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from platforms.models import Platform, Region
from projects import aggregates
from projects.dashboards import PIPELINE, dashboard_for
from projects.models import Project, Stage
from projects.periods import Period

FIXTURES = sorted((Path(settings.BASE_DIR) / "fixtures").glob("*.json"))
D = datetime.date
PERIODS = [Period(D(2023, 1, 1), D(2023, 3, 1)), Period(D(2022, 1, 1), D(2022, 12, 1))]


@pytest.mark.django_db
def test_cards_equal_live_querysets_on_the_fixtures():
    assert FIXTURES, "fixtures/*.json are missing: run manage.py build_fixtures"
    call_command("loaddata", *map(str, FIXTURES), verbosity=0)
    aggregates.aggregates_rebuild()
    province = Region.objects.filter(level=Region.Level.PROVINCE).order_by("path").first()
    scopes = [province, *Region.objects.filter(parent=province), *Platform.objects.all()[:10]]
    for period in PERIODS:
        prev = period.year_earlier()
        for scope in scopes:
            projects = Project.objects.in_scope(scope)
            cards = {card.stage: card.value for card in dashboard_for(scope, period).cards}
            at = projects.at(Stage.NEGOTIATING, period.end).totals()
            assert cards[Stage.NEGOTIATING].now.count == at["count"], scope
            for stage in PIPELINE[1:]:
                now = projects.reached(stage, period.start, period.end).totals()
                before = projects.reached(stage, prev.start, prev.end).totals()
                assert cards[stage].now.count == now["count"], (scope, stage)
                assert cards[stage].now.investment == (now["investment"] or 0), (scope, stage)
                assert cards[stage].before.count == before["count"], (scope, stage)
