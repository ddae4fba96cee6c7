"""Closing a month freezes its totals: what was closed stays as reported after a correction."""

import datetime
import io
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management import call_command

from platforms.models import Region
from projects import services, totals
from projects.figures import figure_reconcile
from projects.models import (
    Category,
    ClosedMonth,
    Origin,
    Project,
    PublishedFigure,
    Restatement,
    SnapshotStageCell,
    StaleMark,
    Unit,
)
from projects.reporting.restatements import restating
from projects.reporting.services import period_close, period_reopen
from projects.reporting.snapshot import NotReported, ReportedTotals
from projects.totals.reads import WHOLE, active, flow, stock
from tests.factories import EnterpriseFactory
from tests.seed import load_seed

FIXTURES = sorted((Path(settings.BASE_DIR) / "fixtures").glob("*.json"))
D = datetime.date
Q1 = (D(2023, 1, 1), D(2023, 3, 31))


@pytest.fixture
def registry(world):
    return world.cangzhou


def close_q1(cangzhou):
    for month in (1, 2, 3):
        period_close(actor=None, scope=cangzhou, month=D(2023, month, 1), force=True)


def back_dated_signing(city):
    """A project of the city's first county entered late: signed on 20 March 2023."""
    return services.project_create(
        actor=None,
        stage="signed",
        entered_on=D(2023, 3, 20),
        name="补录项目（三月签约）",
        investor=EnterpriseFactory(),
        origin=Origin.BEIJING,
        category=Category.INDUSTRIAL,
        region=Region.objects.filter(parent=city).order_by("code").first(),
        total_investment=Decimal("50000"),
    )


@pytest.mark.django_db
def test_cangzhou_q1_stays_as_reported_after_a_back_dated_correction():
    """The five articles' 沧州市 2023 Q1: 签约项目690个，总投资1869.51亿元."""
    load_seed()
    cangzhou = Region.objects.get(code="130900")
    close_q1(cangzhou)
    with pytest.raises(ValidationError) as refused:
        back_dated_signing(cangzhou)
    assert "更正说明" in str(refused.value)
    assert not Project.objects.filter(name="补录项目（三月签约）").exists()

    with restating(actor=None, reason="漏报：三月签约的项目补录", subject="补录项目"):
        back_dated_signing(cangzhou)
    totals.aggregates_recompute_stale()

    now = flow(cangzhou, "signed", *Q1, WHOLE)
    reported = ReportedTotals(D(2023, 3, 1)).flow(cangzhou, "signed", *Q1, WHOLE)
    assert (reported.count, reported.investment) == (690, Decimal("18695100"))
    assert (now.count, now.investment) == (691, reported.investment + Decimal(50000))

    restatement = Restatement.objects.get()
    assert restatement.reason == "漏报：三月签约的项目补录"
    assert ["r", cangzhou.pk, "2023-03-01", "s"] in restatement.cells

    figure = PublishedFigure.objects.get(code="cangzhou-2023q1-pipeline:3")
    figure.reported_month = D(2023, 3, 1)
    figure.save()
    check = figure_reconcile(figure)
    assert check.status == "mismatch" and check.computed_value == 691
    assert check.reported_status == "match" and check.reported_value == 690
    assert check.restated

    def reconcile():
        out = io.StringIO()
        try:
            call_command("reconcile_figures", "--only-problems", stdout=out)
        except SystemExit as e:
            return e.code, out.getvalue()
        return 0, out.getvalue()

    # The investment figure moved too and names no reported month: not explained.
    code, table = reconcile()
    assert code == 1 and "cangzhou-2023q1-pipeline:4" in table
    PublishedFigure.objects.filter(code="cangzhou-2023q1-pipeline:4").update(
        reported_month=D(2023, 3, 1)
    )
    code, table = reconcile()
    assert code == 0, table
    assert "[as reported 2023-03: 690 match]" in table
    restated = table[table.index("no longer support") :]
    assert "cangzhou-2023q1-pipeline:3" in restated and "漏报：三月签约的项目补录" in restated
    assert "cangzhou-2023q1-pipeline:4" in restated


def test_a_stock_as_reported_is_the_closed_months_stock(registry):
    cangzhou = registry
    close_q1(cangzhou)
    end = D(2023, 3, 31)
    for stage in ("negotiating", "signed", "under_construction"):
        assert ReportedTotals(end).stock(cangzhou, stage, end, WHOLE) == stock(
            cangzhou, stage, end, WHOLE
        )
    assert ReportedTotals(end).active(cangzhou, *Q1, WHOLE) == active(cangzhou, *Q1, WHOLE)


def test_closing_freezes_every_scope_under_it_and_not_above(registry):
    cangzhou = registry
    period_close(actor=None, scope=cangzhou, month=D(2023, 3, 1), force=True)
    frozen = set(SnapshotStageCell.objects.values_list("scope_kind", "scope_id").distinct())
    counties = Region.objects.filter(parent=cangzhou).values_list("pk", flat=True)
    assert {("r", cangzhou.pk)} | {("r", pk) for pk in counties} <= frozen
    assert ("r", cangzhou.parent_id) not in frozen
    with pytest.raises(NotReported):
        ReportedTotals(D(2023, 3, 1)).flow(cangzhou.parent, "signed", *Q1, WHOLE)


def test_closing_twice_is_a_no_op_that_says_so(registry):
    first, closed = period_close(actor=None, scope=registry, month=D(2023, 3, 1), force=True)
    cells = SnapshotStageCell.objects.count()
    again, closed_again = period_close(actor=None, scope=registry, month=D(2023, 3, 1), force=True)
    assert closed and not closed_again and again == first
    assert SnapshotStageCell.objects.count() == cells


def test_closing_refuses_while_totals_wait_for_a_recompute(registry):
    back_dated_signing(registry)  # marks March stale, nothing closed yet
    assert StaleMark.objects.exists()
    with pytest.raises(ValidationError, match="待重算"):
        period_close(actor=None, scope=registry, month=D(2023, 3, 1), force=True)
    assert not ClosedMonth.objects.exists()


def test_closing_lists_the_units_not_accepted(registry, world):
    Unit.objects.create(name="沧州单位", scope_region=world.cangzhou)
    Unit.objects.create(name="赵县单位", scope_region=world.zhaoxian)
    with pytest.raises(ValidationError, match="尚未审核通过") as refused:
        period_close(actor=None, scope=registry, month=D(2023, 3, 1))
    assert "沧州单位" in str(refused.value) and "赵县单位" not in str(refused.value)


def test_reopening_needs_a_reason_and_stops_reading_the_snapshot(registry):
    period_close(actor=None, scope=registry, month=D(2023, 3, 1), force=True)
    with pytest.raises(ValidationError):
        period_reopen(actor=None, scope=registry, month=D(2023, 3, 1), reason=" ")
    period_reopen(actor=None, scope=registry, month=D(2023, 3, 1), reason="数据核查")
    with pytest.raises(NotReported):
        ReportedTotals(D(2023, 3, 1)).flow(registry, "signed", D(2023, 3, 1), D(2023, 3, 31), WHOLE)
    back_dated_signing(registry)  # no longer a restatement
    assert not Restatement.objects.exists()


def test_a_plan_change_restates_every_closed_month_of_its_year(registry):
    from projects.reporting.restatements import closed_cells

    period_close(actor=None, scope=registry, month=D(2023, 3, 1), force=True)
    plan_mark = ("r", registry.pk, StaleMark.Source.PLAN, D(2023, 1, 1))
    other_year = ("r", registry.pk, StaleMark.Source.PLAN, D(2024, 1, 1))
    stage_mark = ("r", registry.pk, StaleMark.Source.STAGE, D(2023, 1, 1))

    assert closed_cells([plan_mark, other_year, stage_mark]) == [
        ("r", registry.pk, StaleMark.Source.PLAN, D(2023, 3, 1))
    ]


def test_the_quarterly_report_shows_the_quarter_as_reported(registry, admin):
    from django.test import Client
    from django.urls import reverse

    from dashboards.quarterly import quarterly_report

    assert quarterly_report(registry, 2023, 1).as_reported is None  # not closed yet
    close_q1(registry)
    with restating(actor=None, reason="三月签约补录", subject="补录项目"):
        back_dated_signing(registry)
    totals.aggregates_recompute_stale()

    shown = quarterly_report(registry, 2023, 1).as_reported
    signed = shown.rows[0]
    assert signed[2] == signed[1] + 1 and shown.differs
    assert [r.reason for r in shown.restatements] == ["三月签约补录"]
    client = Client()
    client.force_login(admin)
    url = reverse("ledger:quarterly", args=["region", registry.code]) + "?year=2023&quarter=1"
    page = client.get(url).content.decode()
    assert 'id="report-as-reported"' in page and "三月签约补录" in page
