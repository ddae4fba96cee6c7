"""Online expert reviews: writes (create, invite, save and submit a sheet) and results.

A sheet is its expert's alone: only they save it, only until they submit it or the
deadline passes, and a submitted sheet never changes. Submitting writes the sheet's
weighted total for each candidate as the expert's ReviewScore — the record results
and published figures read, whether a review was scored online or typed in.
"""

import datetime
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from projects.models import (
    CriterionScore,
    ExpertReview,
    ReviewCandidate,
    ReviewCriterion,
    ReviewScore,
    ReviewSheet,
)

CENT = Decimal("0.01")
FULL_WEIGHT = Decimal(100)


def _cents(value):
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


# ---------------------------------------------------------------- staff


def review_create(*, actor, title, held_on, region, platform, deadline, criteria, candidates):
    """A review with its criteria [(name, weight %)] (summing to 100) and candidates
    [(name, project or None)]; experts are invited afterwards."""
    if not criteria:
        raise ValidationError({"criteria": _("请至少填写一个评审要素。")})
    if sum((w for _n, w in criteria), Decimal(0)) != FULL_WEIGHT:
        raise ValidationError({"criteria": _("各评审要素的权重合计须为100%。")})
    if not candidates:
        raise ValidationError({"candidates": _("请至少填写一个参评项目。")})
    review = ExpertReview(
        code=_next_code(region, held_on),
        title=title,
        held_on=held_on,
        region=region,
        platform=platform,
        deadline=deadline,
        online=True,
    )
    review.full_clean()
    with transaction.atomic():
        review.save()
        for position, (name, weight) in enumerate(criteria):
            criterion = ReviewCriterion(review=review, name=name, weight=weight, position=position)
            criterion.full_clean()
            criterion.save()
        for name, project in candidates:
            candidate = ReviewCandidate(
                review=review,
                name=name,
                project=project,
                enterprise=project.investor if project else None,
            )
            candidate.full_clean()
            candidate.save()
    return review


def _next_code(region, held_on):
    prefix = f"review-{region.code}-{held_on:%Y%m%d}-"
    taken = ExpertReview.objects.filter(code__startswith=prefix).count()
    return f"{prefix}{taken + 1}"


def review_expert_invite(*, actor, review, expert_name, username, password):
    """Open a sheet for an expert, with a new account that sees only their sheets."""
    User = get_user_model()
    if User.objects.filter(username=username).exists():
        raise ValidationError({"username": _("该用户名已被使用，请换一个。")})
    user = User(username=username)
    validate_password(password, user)
    user.set_password(password)
    with transaction.atomic():
        user.full_clean()
        user.save()
        sheet = ReviewSheet(review=review, expert=user, expert_name=expert_name)
        sheet.full_clean()
        sheet._history_user = actor
        sheet.save()
    return sheet


# ---------------------------------------------------------------- experts


def _check_open(actor, sheet, now):
    if actor is None or sheet.expert_id != actor.pk:
        raise PermissionDenied(_("只有受邀专家本人可以填写这张评分表。"))
    if sheet.is_submitted:
        raise PermissionDenied(_("评分表已提交，不能再修改。"))
    deadline = sheet.review.deadline
    if deadline is not None and now > deadline:
        raise PermissionDenied(_("评分已于%(when)s截止。") % {"when": timezone.localtime(deadline)})


def sheet_save(*, actor, sheet, scores, now=None):
    """Keep the expert's scores {(candidate id, criterion id): 0–100 or None} as a draft."""
    with transaction.atomic():
        sheet = ReviewSheet.objects.select_for_update().select_related("review").get(pk=sheet.pk)
        _check_open(actor, sheet, now or timezone.now())
        existing = {(s.candidate_id, s.criterion_id): s for s in sheet.scores.all()}
        for (candidate_id, criterion_id), value in scores.items():
            current = existing.get((candidate_id, criterion_id))
            if value is None:
                if current:
                    current.delete()
                continue
            row = current or CriterionScore(
                sheet=sheet, candidate_id=candidate_id, criterion_id=criterion_id
            )
            row.score = value
            row.full_clean()
            row._history_user = actor
            row.save()
    return sheet


def sheet_submit(*, actor, sheet, now=None):
    """Lock a complete sheet and record its weighted total for each candidate."""
    now = now or timezone.now()
    with transaction.atomic():
        sheet = ReviewSheet.objects.select_for_update().select_related("review").get(pk=sheet.pk)
        _check_open(actor, sheet, now)
        review = sheet.review
        criteria = list(review.criteria.all())
        candidates = list(review.candidates.all())
        given = {(s.candidate_id, s.criterion_id): s.score for s in sheet.scores.all()}
        missing = len(criteria) * len(candidates) - len(given)
        if missing:
            raise ValidationError(_("还有 %(n)s 项未打分，全部打分后才能提交。") % {"n": missing})
        for candidate in candidates:
            total = weighted_total(criteria, {c.pk: given[(candidate.pk, c.pk)] for c in criteria})
            score = ReviewScore(candidate=candidate, expert=sheet.expert_name, score=total)
            score.full_clean()
            score.save()
        sheet.submitted_at = now
        sheet._history_user = actor
        sheet.save(update_fields=["submitted_at"])
    return sheet


def weighted_total(criteria, scores):
    """Σ weight × score ÷ Σ weight, to the cent: {criterion id: score}."""
    weights = sum((c.weight for c in criteria), Decimal(0))
    return _cents(sum((c.weight * scores[c.pk] for c in criteria), Decimal(0)) / weights)


# ---------------------------------------------------------------- results


@dataclass
class CandidateResult:
    candidate: ReviewCandidate
    scores: list  # (expert name, total)
    mean: Decimal | None
    rank: int | None = None
    criteria_means: list = field(default_factory=list)

    @property
    def spread(self):
        values = [s for _e, s in self.scores]
        return max(values) - min(values) if values else None


def review_results(review):
    """Each candidate's experts' totals, mean, spread and rank (ties share a rank)."""
    candidates = list(review.candidates.select_related("project").order_by("pk"))
    by_candidate = {c.pk: [] for c in candidates}
    for score in ReviewScore.objects.filter(candidate__review=review).order_by("expert"):
        by_candidate[score.candidate_id].append((score.expert, score.score))
    results = []
    for candidate in candidates:
        scores = by_candidate[candidate.pk]
        mean = _cents(sum(s for _e, s in scores) / len(scores)) if scores else None
        results.append(CandidateResult(candidate, scores, mean))
    ranked = sorted((r for r in results if r.mean is not None), key=lambda r: -r.mean)
    for result in ranked:
        result.rank = 1 + sum(1 for other in ranked if other.mean > result.mean)
    return sorted(results, key=lambda r: (r.rank is None, r.rank or 0, r.candidate.pk))


@dataclass
class SheetView:
    sheet: ReviewSheet
    rows: list  # (candidate, [score per criterion or None], weighted total or None)


def sheet_rows(sheet, criteria, candidates):
    """The sheet as a table: a row per candidate, a column per criterion."""
    given = {(s.candidate_id, s.criterion_id): s.score for s in sheet.scores.all()}
    rows = []
    for candidate in candidates:
        cells = [given.get((candidate.pk, c.pk)) for c in criteria]
        complete = bool(criteria) and all(v is not None for v in cells)
        scores = dict(zip([c.pk for c in criteria], cells, strict=True))
        rows.append((candidate, cells, weighted_total(criteria, scores) if complete else None))
    return SheetView(sheet, rows)


def review_detail(review):
    """What the review page shows: criteria, results, and each submitted sheet."""
    criteria = list(review.criteria.all())
    candidates = list(review.candidates.order_by("pk"))
    sheets = list(review.sheets.select_related("expert").prefetch_related("scores"))
    return {
        "review": review,
        "criteria": criteria,
        "results": review_results(review),
        "sheets": sheets,
        "submitted": [sheet_rows(s, criteria, candidates) for s in sheets if s.is_submitted],
    }


def project_reviews(project):
    """The reviews a project was a candidate in, with its mean and rank in each."""
    found = []
    for candidate in project.reviewcandidate_set.select_related("review"):
        results = review_results(candidate.review)
        mine = next(r for r in results if r.candidate.pk == candidate.pk)
        found.append((candidate.review, mine, len(results)))
    return found


def deadline_passed(review, now=None):
    return review.deadline is not None and (now or timezone.now()) > review.deadline


def local_deadline(day, time=datetime.time(23, 59)):
    """A deadline typed as a day: its last minute, local time."""
    return timezone.make_aware(datetime.datetime.combine(day, time))
