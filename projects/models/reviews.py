"""Online expert reviews (线上评审): criteria with weights, invited experts, score sheets.

An expert scores every candidate on every criterion (0–100) on their sheet and
submits it, which locks it. A submitted sheet's weighted total for a candidate is
kept as that expert's ReviewScore, the record the published figures (最高得分 …)
are computed from, so a review held online reconciles like one entered by hand.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from projects.models.records import ExpertReview, ReviewCandidate


class ReviewCriterion(models.Model):
    review = models.ForeignKey(
        ExpertReview, verbose_name=_("评审"), on_delete=models.CASCADE, related_name="criteria"
    )
    name = models.CharField(_("评审要素"), max_length=60)
    weight = models.DecimalField(
        _("权重（%）"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    position = models.PositiveSmallIntegerField(_("顺序"), default=0)

    class Meta:
        verbose_name = _("评审要素")
        verbose_name_plural = _("评审要素")
        ordering = ["review", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["review", "name"], name="criterion_once_per_review"),
            models.CheckConstraint(condition=Q(weight__gt=0), name="criterion_weight_positive"),
        ]

    def __str__(self):
        return f"{self.name}（{self.weight.normalize():f}%）"


class ReviewSheet(models.Model):
    """One invited expert's score sheet for one review; their account sees only these."""

    review = models.ForeignKey(
        ExpertReview, verbose_name=_("评审"), on_delete=models.CASCADE, related_name="sheets"
    )
    expert = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("专家账号"),
        on_delete=models.PROTECT,
        related_name="review_sheets",
    )
    expert_name = models.CharField(_("评审专家"), max_length=60)
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("专家评分表")
        verbose_name_plural = _("专家评分表")
        ordering = ["review", "id"]
        constraints = [
            models.UniqueConstraint(fields=["review", "expert"], name="sheet_once_per_expert"),
            models.UniqueConstraint(fields=["review", "expert_name"], name="sheet_name_unique"),
        ]

    def __str__(self):
        return f"{self.review} · {self.expert_name}"

    @property
    def is_submitted(self):
        return self.submitted_at is not None


class CriterionScore(models.Model):
    sheet = models.ForeignKey(
        ReviewSheet, verbose_name=_("评分表"), on_delete=models.CASCADE, related_name="scores"
    )
    candidate = models.ForeignKey(
        ReviewCandidate, verbose_name=_("参评项目"), on_delete=models.CASCADE, related_name="+"
    )
    criterion = models.ForeignKey(
        ReviewCriterion, verbose_name=_("评审要素"), on_delete=models.CASCADE, related_name="+"
    )
    score = models.DecimalField(
        _("得分"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("要素得分")
        verbose_name_plural = _("要素得分")
        constraints = [
            models.UniqueConstraint(
                fields=["sheet", "candidate", "criterion"], name="criterion_score_once"
            ),
            models.CheckConstraint(
                condition=Q(score__gte=0) & Q(score__lte=100), name="criterion_score_0_100"
            ),
        ]

    def __str__(self):
        return f"{self.sheet} · {self.candidate} · {self.criterion.name}: {self.score}"
