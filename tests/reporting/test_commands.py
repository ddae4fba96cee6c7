"""manage.py period_close and period_status."""

import datetime
import io

import pytest
from django.core.management import call_command

from projects.models import ClosedMonth, Unit
from tests.reporting.test_close import back_dated_signing

D = datetime.date


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command(*args, stdout=out, stderr=err)
        code = 0
    except SystemExit as e:
        code = e.code
    return code, out.getvalue(), err.getvalue()


def test_period_close_freezes_then_says_it_is_closed(world):
    code, out, _err = run(
        "period_close", world.cangzhou.code, "2023-03", "--force", "--note", "一季度"
    )

    assert code == 0 and "Closed 沧州市 2023-03: froze" in out
    assert ClosedMonth.objects.get().note == "一季度"
    code, out, _err = run("period_close", world.cangzhou.code, "2023-03", "--force")
    assert code == 0 and "already closed" in out
    assert ClosedMonth.objects.count() == 1


def test_period_close_lists_the_units_not_accepted(world):
    Unit.objects.create(name="黄骅市招商局", scope_region=world.huanghua)

    code, _out, err = run("period_close", world.cangzhou.code, "2023-03")

    assert code == 1 and "not accepted: 黄骅市招商局" in err
    assert not ClosedMonth.objects.exists()


def test_period_close_lists_the_stale_marks(world):
    back_dated_signing(world.cangzhou)

    code, _out, err = run("period_close", world.cangzhou.code, "2023-03", "--force")

    assert code == 1 and "待重算" in err and "stale:" in err and "recompute_aggregates" in err
    assert not ClosedMonth.objects.exists()


@pytest.mark.parametrize(("scope", "month"), [("nowhere", "2023-03"), ("130900", "2023-13")])
def test_period_close_refuses_bad_input(world, scope, month):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("period_close", scope, month)


def test_period_status_shows_closings_submissions_and_restatements(world):
    Unit.objects.create(name="黄骅市招商局", scope_region=world.huanghua)
    run("period_close", world.province.code, "2023-03", "--force")

    code, out, _err = run("period_status", world.cangzhou.code)

    assert code == 0
    line = next(x for x in out.splitlines() if x.strip().startswith("2023-03"))
    assert "closed" in line and "(closed above)" in line and "restatements 0" in line
    assert "黄骅市招商局: 未报送" in out
    assert "河北省" in run("period_status")[1]
