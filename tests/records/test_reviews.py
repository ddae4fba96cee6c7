"""Online expert reviews: the experts' accounts see only their sheets, a submitted sheet is
locked, results are weighted means with rank and spread, and 吴桥's 2022 review,
scored online from its spec, reconciles with the published 91.6."""

import datetime
import re
from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from projects.figures import figure_reconcile
from projects.models import (
    CriterionScore,
    FigureCheck,
    Measure,
    PublishedFigure,
    Qualifier,
    ReviewScore,
)
from projects.records import reviews
from tests.pages.conftest import client_for

FIVE = [("产业政策", Decimal(20)), ("生产工艺", Decimal(20)), ("安全生产", Decimal(20))]
FIVE += [("环保措施", Decimal(20)), ("经济效益", Decimal(20))]
PASSWORD = "a long expert password 2022"


def make_review(places, project=None, criteria=FIVE, candidates=None, deadline=None):
    return reviews.review_create(
        actor=None,
        title="化工项目线上评审",
        held_on=datetime.date(2022, 8, 18),
        region=places["luquan"],
        platform=places["platform_a"],
        deadline=deadline,
        criteria=criteria,
        candidates=candidates or [("控制肥料项目", project), ("化工项目乙", None)],
    )


def invite(review, name, username):
    return reviews.review_expert_invite(
        actor=None, review=review, expert_name=name, username=username, password=PASSWORD
    )


def fill(sheet, value_of):
    """Score every cell: value_of(candidate, criterion) → score."""
    review = sheet.review
    scores = {
        (cand.pk, crit.pk): Decimal(value_of(cand, crit))
        for cand in review.candidates.all()
        for crit in review.criteria.all()
    }
    return reviews.sheet_save(actor=sheet.expert, sheet=sheet, scores=scores)


@pytest.fixture
def review(places, world):
    return make_review(places, project=world["project"])


def test_criteria_weights_must_total_100(places):
    with pytest.raises(ValidationError) as e:
        make_review(places, criteria=[("产业政策", Decimal(50)), ("经济效益", Decimal(40))])

    assert "合计须为100%" in " ".join(e.value.messages)


def test_weighted_means_ranks_and_spread(review):
    a, b = invite(review, "专家甲", "expert-a"), invite(review, "专家乙", "expert-b")
    policy = review.criteria.get(name="产业政策")
    # 甲: the fertiliser project 100 on policy, 80 elsewhere → 84; the other 70 → 70.
    fill(
        a, lambda cand, crit: (100 if crit == policy else 80) if cand.name == "控制肥料项目" else 70
    )
    fill(b, lambda cand, crit: 90 if cand.name == "控制肥料项目" else 75)
    for sheet in (a, b):
        reviews.sheet_submit(actor=sheet.expert, sheet=sheet)

    results = {r.candidate.name: r for r in reviews.review_results(review)}

    top = results["控制肥料项目"]
    assert (top.mean, top.rank, top.spread) == (Decimal("87.00"), 1, Decimal("6.00"))
    other = results["化工项目乙"]
    assert (other.mean, other.rank, other.spread) == (Decimal("72.50"), 2, Decimal("5.00"))


def test_a_sheet_cannot_be_submitted_incomplete(review):
    sheet = invite(review, "专家甲", "expert-a")
    candidate, criterion = review.candidates.first(), review.criteria.first()
    reviews.sheet_save(
        actor=sheet.expert, sheet=sheet, scores={(candidate.pk, criterion.pk): Decimal(80)}
    )

    with pytest.raises(ValidationError) as e:
        reviews.sheet_submit(actor=sheet.expert, sheet=sheet)

    assert "还有 9 项未打分" in " ".join(e.value.messages)
    assert not ReviewScore.objects.exists()


def test_a_submitted_sheet_is_locked(review):
    sheet = invite(review, "专家甲", "expert-a")
    fill(sheet, lambda cand, crit: 80)
    reviews.sheet_submit(actor=sheet.expert, sheet=sheet)

    with pytest.raises(PermissionDenied):
        fill(sheet, lambda cand, crit: 99)
    with pytest.raises(PermissionDenied):
        reviews.sheet_submit(actor=sheet.expert, sheet=sheet)

    assert set(CriterionScore.objects.values_list("score", flat=True)) == {Decimal(80)}


def test_only_the_expert_fills_their_sheet(review, staff):
    sheet = invite(review, "专家甲", "expert-a")

    with pytest.raises(PermissionDenied):
        reviews.sheet_save(actor=staff, sheet=sheet, scores={})


def test_scoring_stops_at_the_deadline(places):
    deadline = timezone.make_aware(datetime.datetime(2022, 8, 18, 18, 0))
    review = make_review(places, deadline=deadline)
    sheet = invite(review, "专家甲", "expert-a")
    minute = datetime.timedelta(minutes=1)

    reviews.sheet_save(actor=sheet.expert, sheet=sheet, scores={}, now=deadline)  # on time
    with pytest.raises(PermissionDenied):
        reviews.sheet_save(actor=sheet.expert, sheet=sheet, scores={}, now=deadline + minute)


def test_an_expert_sees_only_their_sheets(review, places, world):
    mine = invite(review, "专家甲", "expert-a")
    theirs = invite(make_review(places), "专家乙", "expert-b")
    client = client_for(mine.expert)

    assert client.get(reverse("records:sheet", args=[mine.pk])).status_code == 200
    assert client.get(reverse("records:sheet", args=[theirs.pk])).status_code == 404
    # No unit, no scope: nothing else of the registry.
    assert client.get(reverse("records:review", args=[review.pk])).status_code == 403
    assert client.get(reverse("projects:list")).status_code == 403
    assert client.get(world["project"].get_absolute_url()).status_code == 403
    listing = client.get(reverse("records:sheets")).content.decode()
    assert review.title in listing
    assert re.findall(r"/records/sheets/(\d+)/", listing) == [str(mine.pk)]
    assert client.get(reverse("home"))["Location"] == reverse("records:sheets")


def test_an_expert_scores_and_submits_in_the_browser(review):
    sheet = invite(review, "专家甲", "expert-a")
    client = client_for(sheet.expert)
    url = reverse("records:sheet", args=[sheet.pk])
    cells = {
        f"s-{cand.pk}-{crit.pk}": "85"
        for cand in review.candidates.all()
        for crit in review.criteria.all()
    }

    assert client.post(url, {**cells, "save": "1"}).status_code == 302
    assert client.post(url, {**cells, "submit": "1"}).status_code == 302

    sheet.refresh_from_db()
    assert sheet.is_submitted
    assert set(ReviewScore.objects.values_list("score", flat=True)) == {Decimal("85.00")}
    changed = {k: "10" for k in cells}
    assert client.post(url, {**changed, "save": "1"}).status_code == 403
    assert set(CriterionScore.objects.values_list("score", flat=True)) == {Decimal(85)}


def test_results_show_on_the_review_and_the_candidates_project(review, staff_client, world):
    sheet = invite(review, "专家甲", "expert-a")
    fill(sheet, lambda cand, crit: 92 if cand.name == "控制肥料项目" else 80)
    reviews.sheet_submit(actor=sheet.expert, sheet=sheet)

    page = staff_client.get(review.get_absolute_url()).content.decode()
    assert "92.00" in page and "专家甲的评分表" in page
    project_page = staff_client.get(world["project"].get_absolute_url()).content.decode()
    assert review.title in project_page and "92.00" in project_page and "1/2" in project_page


def test_staff_create_a_review_and_invite_an_expert(places, staff_client, world):
    data = {
        "title": "鹿泉入园项目评审",
        "held_on": "2024-03-01",
        "region": places["luquan"].pk,
        "platform": places["platform_a"].pk,
        "criteria": "产业政策 40\n经济效益 60%",
        "candidates": f"甲项目 | {world['project'].code}\n乙项目\n",
    }

    response = staff_client.post(reverse("records:review_create"), data)

    assert response.status_code == 302
    review = world["project"].reviewcandidate_set.get().review
    assert [(c.name, c.weight) for c in review.criteria.all()] == [
        ("产业政策", Decimal(40)),
        ("经济效益", Decimal(60)),
    ]
    response = staff_client.post(
        reverse("records:review_invite", args=[review.pk]),
        {"invite-expert_name": "张教授", "invite-username": "zhang", "invite-password": PASSWORD},
    )
    assert response.status_code == 302
    assert review.sheets.get().expert.check_password(PASSWORD)


def test_a_weak_expert_password_is_refused(review, staff_client):
    response = staff_client.post(
        reverse("records:review_invite", args=[review.pk]),
        {"invite-expert_name": "张教授", "invite-username": "zhang", "invite-password": "123"},
    )

    assert response.status_code == 200
    assert not review.sheets.exists()


# ---------------------------------------------------------------- 吴桥 2022


SPEC = Path(__file__).resolve().parents[2] / "fixtures" / "spec" / "placeholders.yaml"


def test_wuqiao_2022_reconciles_from_the_online_sheets(places):
    """Seed 003: five experts score six chemical projects online on the article's five
    criteria (产业政策、生产工艺、安全生产、环保措施、经济效益); the best mean is 91.6."""
    spec = yaml.safe_load(SPEC.read_text(encoding="utf-8"))["review"]
    review = make_review(places, candidates=[(c["name"], None) for c in spec["candidates"]])
    sheets = [invite(review, name, f"wuqiao-{i}") for i, name in enumerate(spec["experts"])]
    given = {c["name"]: c["scores"] for c in spec["candidates"]}
    for index, sheet in enumerate(sheets):
        # Each expert gives every criterion their overall mark for the project, so each
        # sheet's weighted total is the expert's score in the spec.
        fill(sheet, lambda cand, crit, i=index: given[cand.name][i])
        reviews.sheet_submit(actor=sheet.expert, sheet=sheet)
    figures = {
        measure: PublishedFigure.objects.create(
            code=f"wuqiao-{measure}",
            group="wuqiao-2022-online-review",
            label=str(measure),
            scope_platform=places["platform_a"],
            measure=measure,
            definition={"review": review.code},
            value=value,
            qualifier=Qualifier.EXACT,
            source="003_3fd19addba9a0ea1.txt",
            quote="……一家控制肥料生产厂家以91.6分的成绩脱颖而出。",
        )
        for measure, value in [
            (Measure.TOP_SCORE, Decimal("91.6")),
            (Measure.REVIEWERS, Decimal(5)),
            (Measure.REVIEWED_PROJECTS, Decimal(6)),
        ]
    }

    checks = {m: figure_reconcile(f) for m, f in figures.items()}

    assert {c.status for c in checks.values()} == {FigureCheck.Status.MATCH}
    assert checks[Measure.TOP_SCORE].computed_value == Decimal("91.6000")
    top = reviews.review_results(review)[0]
    assert (top.candidate.name, top.mean, top.rank) == (
        "控制肥料项目（未具名）",
        Decimal("91.60"),
        1,
    )


def test_the_review_list_costs_the_same_however_many_reviews(
    places, world, staff_client, django_assert_max_num_queries
):
    def add(n):
        for _ in range(n):
            review = make_review(places)
            invite(review, "专家甲", f"expert-{review.pk}")

    add(3)
    with django_assert_max_num_queries(10) as few:
        staff_client.get(reverse("records:reviews"))
    add(9)
    with django_assert_max_num_queries(len(few)):
        response = staff_client.get(reverse("records:reviews"))

    assert len(response.context["page"]) == 12
