"""Every URL of the `records` namespace × every role × GET and POST.

A URL added to projects/records/urls.py without a row in PAGES fails
test_every_url_is_in_the_matrix, so no view ships unchecked.
"""

import pytest
from django.urls import reverse

from projects.models import (
    CriterionScore,
    Document,
    ExpertReview,
    MerchantRelocation,
    RelocatedUnit,
    ReviewSheet,
)
from tests.pages.conftest import client_for
from tests.pages.matrix import ACTION, ALLOWED, READ, READ_ONLY_ROLES, ROLES, WRITE_PAGE
from tests.pages.test_permissions import namespace_url_names

OWN, OWN_SHEET = "own", "own_sheet"
ALLOWED = {**ALLOWED, OWN: {"GET"}, OWN_SHEET: {"GET", "POST"}}
# name → (kind, object the URL names)
PAGES = {
    "units": (READ, None),
    "unit_create": (WRITE_PAGE, None),
    "unit": (READ, "unit"),
    "unit_edit": (WRITE_PAGE, "unit"),
    "unit_delete": (ACTION, "unit"),
    "merchants": (READ, None),
    "merchant_create": (WRITE_PAGE, None),
    "merchant": (READ, "merchant"),
    "merchant_edit": (WRITE_PAGE, "merchant"),
    "merchant_delete": (ACTION, "merchant"),
    "document": (READ, "document"),
    "reviews": (READ, None),
    "review_create": (WRITE_PAGE, None),
    "review": (READ, "review"),
    "review_invite": (ACTION, "review"),
    # An expert's own pages: the list of their sheets (empty for anyone else) and a sheet
    # (404 for everyone but its expert, admins included: tests/records/test_reviews.py).
    "sheets": (OWN, None),
    "sheet": (OWN_SHEET, "sheet"),
}
# Their POST names platform A, outside the outsider's choices: the form comes back with errors.
CREATE_PAGES = {"unit_create", "merchant_create", "review_create"}


def test_every_url_is_in_the_matrix():
    assert namespace_url_names("records") == set(PAGES), "add the new URL to PAGES"


def url_of(name, records):
    target = PAGES[name][1]
    return reverse(f"records:{name}", args=[records[target].pk] if target else [])


def payload(name, records, places):
    """Valid input for each POST, so that a wrongly allowed request would really write."""
    place = {"region": places["luquan"].pk, "platform": places["platform_a"].pk}
    unit = {
        **place,
        "name": "北京某研究院",
        "kind": "legal_entity",
        "institution_type": "research",
        "origin": "beijing",
        "relocated_on": "2023-06-01",
        "people": "35",
        "enterprise_name": "",
        "project_code": records["project"].code,
        "note": "",
    }
    merchant = {
        **place,
        "source_market": "动物园",
        "origin": "beijing",
        "merchants": "120",
        "people": "300",
        "recorded_on": "2023-06-01",
        "note": "",
    }
    return {
        "unit_create": unit,
        "unit_edit": {**unit, "name": "改名后的研究院"},
        "merchant_create": merchant,
        "merchant_edit": {**merchant, "merchants": "121"},
        "review_create": {
            **place,
            "title": "新评审",
            "held_on": "2023-07-01",
            "criteria": "产业政策 100",
            "candidates": "乙项目",
        },
        "review_invite": {
            "invite-expert_name": "王教授",
            "invite-username": "expert-wang",
            "invite-password": "another long password 2023",
        },
        "sheet": {"save": "1"},
    }.get(name, {})


def expected_status(role, name, method):
    """Login redirect, 405, 403, 404 or success (200 page / 302 saved)."""
    kind, target = PAGES[name]
    if role == "anonymous":
        return 302
    if method not in ALLOWED[kind]:
        return 405
    if kind == OWN:
        return 200
    if kind == OWN_SHEET:
        return 404
    if role == "nobody":
        return 403
    if role in READ_ONLY_ROLES and kind != READ:
        return 403
    if role == "staff_out_of_scope" and target:
        return 404
    if role == "staff_out_of_scope" and name in CREATE_PAGES:
        return 200
    return 302 if method == "POST" else 200


def footprint():
    """What a write would change: row and history counts and the records' contents."""
    return (
        list(RelocatedUnit.objects.order_by("pk").values_list("pk", "name", "people")),
        list(MerchantRelocation.objects.order_by("pk").values_list("pk", "merchants")),
        RelocatedUnit.history.count(),
        MerchantRelocation.history.count(),
        ExpertReview.objects.count(),
        ReviewSheet.history.count(),
        CriterionScore.history.count(),
        Document.history.count(),
    )


@pytest.mark.parametrize("method", ["GET", "POST"])
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", sorted(PAGES))
def test_permission_matrix(name, role, method, records, places):
    client = client_for(records["users"][role])
    url = url_of(name, records)
    before = footprint()

    if method == "GET":
        response = client.get(url)
    else:
        response = client.post(url, payload(name, records, places))

    expected = expected_status(role, name, method)
    assert response.status_code == expected, (name, role, method, response.status_code)
    if role == "anonymous":
        assert response["Location"].startswith(reverse("login"))
    if expected != 302 or role == "anonymous":
        assert footprint() == before, "a refused request wrote something"
    elif method == "POST":
        assert footprint() != before, "an allowed request wrote nothing"


@pytest.mark.parametrize("name", sorted(n for n, (_kind, target) in PAGES.items() if target))
def test_ids_beyond_any_integer_column_are_404(name, records):
    client = client_for(records["users"]["admin"])
    url = reverse(f"records:{name}", args=[10**25])
    method = client.post if "POST" in ALLOWED[PAGES[name][0]] else client.get

    assert method(url).status_code == 404


def test_outsider_lists_only_their_own_units(records):
    response = client_for(records["users"]["staff_out_of_scope"]).get(reverse("records:units"))

    body = response.content.decode()
    assert records["other_unit"].name in body
    assert records["unit"].name not in body


def test_the_unit_form_does_not_reach_a_project_outside_the_scope(records, places, outsider):
    other = records["project"]  # platform A: outside the outsider's scope
    data = payload("unit_create", records, places)
    data |= {"region": places["huanghua"].pk, "platform": places["platform_b"].pk}
    data["project_code"] = other.code

    response = client_for(outsider).post(reverse("records:unit_create"), data)

    assert response.status_code == 200
    assert "不在您的管辖范围内" in response.content.decode()
    assert not RelocatedUnit.objects.filter(name=data["name"]).exists()
