"""Explain this number: the project list filtered to exactly the projects behind a number.

Each dashboard number is a flow (entries into a stage in the period, perhaps of one
origin, category or chain) or a stock (the stage on the period's last day, or that stage
and the later ones for the funnel). The list's filters (projects/filters.py) express
both, so every such number links to a list that shows the same count and total
(tests/dashboards/test_explain.py walks every link and compares).
"""

from urllib.parse import urlencode

from django.urls import reverse

from platforms.models import Platform
from projects.filters import BEYOND, NOT_JINGJIN


def project_list_url(scope, **params):
    """The project list filtered to the scope (the list's `region` / `platform` GET filters)."""
    key = "platform" if isinstance(scope, Platform) else "region"
    return reverse("projects:list") + "?" + urlencode({key: scope.pk, **params})


class ListLinks:
    """Builds the list URL of a dashboard number, for one period."""

    def __init__(self, period):
        self.period = period

    def flow(self, scope, stage, before=False, **slice_):
        """Projects of `scope` that entered `stage` in the period (or the year before)."""
        period = self.period.year_earlier() if before else self.period
        return project_list_url(
            scope,
            date_stage=stage.value,
            date_from=period.start.isoformat(),
            date_to=period.end.isoformat(),
            **slice_,
        )

    def flow_between(self, scope, stage, start, end):
        return project_list_url(
            scope, date_stage=stage.value, date_from=start.isoformat(), date_to=end.isoformat()
        )

    def stock(self, scope, stage, beyond=False, before=False):
        """Projects of `scope` in `stage` (or a later one) on the period's last day."""
        period = self.period.year_earlier() if before else self.period
        value = stage.value + (BEYOND if beyond else "")
        return project_list_url(scope, stage_on=value, on=period.end.isoformat())


def origin_params(values):
    """The list filter for a group of origins: one origin, or all but 北京 and 天津."""
    return {"origin": values[0]} if len(values) == 1 else {"origin": NOT_JINGJIN}
