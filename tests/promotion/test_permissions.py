"""Every URL of the `promotion` namespace × every role × GET and POST.

A URL added to promotion/urls.py without a row in PAGES fails
test_every_url_is_in_the_matrix, so no view ships unchecked.
"""

import pytest
from django.urls import reverse

from projects.models import Project
from promotion import services
from promotion.models import (
    Activity,
    FollowUp,
    Lead,
    Meeting,
    Problem,
    TargetEnterprise,
    UnitProfile,
)
from tests.pages.conftest import client_for
from tests.pages.matrix import ACTION, ALLOWED, READ, READ_ONLY_ROLES, ROLES, WRITE_PAGE
from tests.pages.test_permissions import namespace_url_names

UNIT = "unit"  # a unit's deadline settings: readers in scope see them, its own staff change them

# name → (kind, objects the URL names)
PAGES = {
    "deadlines": (READ, ()),
    "unit_deadlines": (UNIT, ("unit",)),
    "my_projects": (READ, ()),
    "leads": (READ, ()),
    "lead_create": (WRITE_PAGE, ()),
    "lead": (READ, ("lead",)),
    "lead_edit": (WRITE_PAGE, ("lead",)),
    "lead_follow_up": (ACTION, ("lead",)),
    "lead_drop": (ACTION, ("lead",)),
    "lead_convert": (WRITE_PAGE, ("lead",)),
    "targets": (READ, ()),
    "target_create": (WRITE_PAGE, ()),
    "target": (READ, ("target",)),
    "target_edit": (WRITE_PAGE, ("target",)),
    "activities": (READ, ()),
    "activity_create": (WRITE_PAGE, ()),
    "activity": (READ, ("fair",)),
    "activity_edit": (WRITE_PAGE, ("fair",)),
    "meeting_add": (ACTION, ("fair",)),
    "meeting_remove": (ACTION, ("fair", "meeting")),
    "problems": (READ, ()),
    "problem_create": (WRITE_PAGE, ()),
    "problem": (READ, ("problem",)),
    "problem_edit": (WRITE_PAGE, ("problem",)),
    "problem_close": (ACTION, ("problem",)),
    "problem_reopen": (ACTION, ("problem",)),
}
ALLOWED = {**ALLOWED, UNIT: {"GET", "POST"}}
# Create pages an outsider may open; their POST names platform A, outside the outsider's
# choices, so the form comes back with errors instead of saving.
CREATE_PAGES = {"lead_create", "target_create", "activity_create", "problem_create"}


def test_every_url_is_in_the_matrix():
    assert namespace_url_names("promotion") == set(PAGES), "add the new URL to PAGES"


def url_of(name, promo):
    objects = {**promo, "unit": promo["users"]["staff_in_scope"].membership.unit}
    return reverse(f"promotion:{name}", args=[objects[o].pk for o in PAGES[name][1]])


def payload(name, promo, places):
    """Valid input for each POST, so that a wrongly allowed request would really write."""
    unit = promo["users"]["staff_in_scope"].membership.unit.pk
    place = {"region": places["luquan"].pk, "platform": places["platform_a"].pk, "unit": unit}
    lead = {
        **place,
        "title": "新线索",
        "investor_name": "北京新对接企业",
        "origin": "beijing",
        "source": "visit",
        "actor_kind": "bureau",
        "received_on": "2023-04-01",
        "expected_investment_0": "",
        "expected_investment_1": "yi",
    }
    target = {**place, "investor_name": "北京新目标企业", "origin": "beijing"}
    target |= {"chain": promo["project"].chains.get().pk, "gap": "补链", "listed_on": "2023-02-01"}
    activity = {**place, "kind": "outbound", "title": "赴京招商", "held_on": "2023-04-02"}
    activity |= {"actor_kind": "county_leaders"}
    problem = {"kind": "approval", "title": "环评待批", "raised_on": "2023-06-01"}
    problem |= {"due_on": "2023-06-30", "unit": unit}
    versions = {k: promo[k].version for k in ("lead", "target", "fair", "problem")}
    convert = {
        **place,
        "name": "由线索转入的项目",
        "investor_name": "北京新对接企业",
        "origin": "beijing",
        "category": "industrial",
        "key_level": "",
        "total_investment_0": "3",
        "total_investment_1": "yi",
        "stage": "negotiating",
        "entered_on": "2023-04-05",
        "lead_version": versions["lead"],
    }
    return {
        "unit_deadlines": {"first_response_days": "5", "warning_days": "2"},
        "lead_create": lead,
        "lead_edit": {**lead, "version": versions["lead"]},
        "lead_follow_up": {"follow-on": "2023-03-05", "follow-note": "电话", "follow-version": 1},
        "lead_drop": {"drop-on": "2023-03-05", "drop-reason": "无意向", "drop-version": 1},
        "lead_convert": convert,
        "target_create": target,
        "target_edit": {**target, "version": versions["target"]},
        "activity_create": activity,
        "activity_edit": {**activity, "version": versions["fair"]},
        "meeting_add": {"investor_name": "北京又一家企业", "origin": "beijing", "person": "李总"},
        "problem_create": {**problem, "project_code": promo["project"].code},
        "problem_edit": {**problem, "version": versions["problem"]},
        "problem_close": {"close-on": "2023-05-10", "close-note": "已解决", "close-version": 1},
        "problem_reopen": {
            "reopen-reason": "未解决",
            "reopen-due_on": "2023-07-01",
            "reopen-version": 2,
        },
    }.get(name, {})


def expected_status(role, name, method):
    """Login redirect, 405, 403, 404 or success (200 page / 302 saved)."""
    kind, targets = PAGES[name]
    if role == "anonymous":
        return 302
    if method not in ALLOWED[kind]:
        return 405
    if role == "nobody":
        return 403
    if role == "staff_out_of_scope" and targets:
        return 404
    if role in READ_ONLY_ROLES and kind != READ and not (kind == UNIT and method == "GET"):
        return 403
    if role == "staff_out_of_scope" and name in CREATE_PAGES:
        return 200
    return 302 if method == "POST" else 200


def footprint(promo):
    """What a write would change: row counts, history counts and the records' versions."""
    counts = [
        m.objects.count() for m in (Lead, FollowUp, Activity, Meeting, TargetEnterprise, Problem)
    ]
    histories = [m.history.count() for m in (Lead, Activity, TargetEnterprise, Problem)]
    versions = [
        type(promo[k]).objects.get(pk=promo[k].pk).version
        for k in ("lead", "fair", "target", "problem")
    ]
    return (*counts, *histories, *versions, Project.objects.count(), UnitProfile.objects.count())


@pytest.mark.parametrize("method", ["GET", "POST"])
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", sorted(PAGES))
def test_permission_matrix(name, role, method, promo, places):
    if name == "problem_reopen":
        services.problem_close(
            actor=None, problem=promo["problem"], on=promo["problem"].raised_on, note="已解决"
        )
    client = client_for(promo["users"][role])
    url = url_of(name, promo)
    before = footprint(promo)

    if method == "GET":
        response = client.get(url)
    else:
        response = client.post(url, payload(name, promo, places))

    expected = expected_status(role, name, method)
    assert response.status_code == expected, (name, role, method, response.status_code)
    if role == "anonymous":
        assert response["Location"].startswith(reverse("login"))
    if expected != 302 or role == "anonymous":
        assert footprint(promo) == before, "a refused request wrote something"
    elif method == "POST":
        assert footprint(promo) != before, "an allowed request wrote nothing"


@pytest.mark.parametrize("name", sorted(n for n, (_kind, targets) in PAGES.items() if targets))
def test_ids_beyond_any_integer_column_are_404(name, promo):
    client = client_for(promo["users"]["admin"])
    args = [10**25] * len(PAGES[name][1])
    url = reverse(f"promotion:{name}", args=args)
    method = client.post if "POST" in ALLOWED[PAGES[name][0]] else client.get

    assert method(url).status_code == 404


def test_staff_of_another_unit_in_scope_may_read_but_not_change_a_units_deadlines(
    promo, region_staff
):
    client = client_for(region_staff)  # 石家庄市 staff: platform A's unit lies in their scope
    url = url_of("unit_deadlines", promo)

    assert client.get(url).status_code == 200
    assert client.post(url, {"warning_days": "1"}).status_code == 403
    assert not UnitProfile.objects.exists()


def test_the_problem_form_does_not_reach_a_project_outside_the_scope(promo, places, outsider):
    data = payload("problem_create", promo, places)
    response = client_for(outsider).post(reverse("promotion:problem_create"), data)

    assert response.status_code == 200
    assert "不在您的管辖范围内" in response.content.decode()
    assert Problem.objects.count() == 1
