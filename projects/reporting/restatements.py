"""The rule of a closed month: a change that moves its frozen totals needs a reason.

Every write, single or bulk, marks the totals cells it moves as stale (projects/totals/marks.py,
ledger/marks.py); `check_marks` sees those marks in the caller's transaction.
A mark of a (scope, month) whose closing is in force makes the change a restatement: it
is refused unless the caller runs inside `restating(reason=…)`, and recorded (who, when,
why, what, which cells) in the same transaction when it is not.
"""

import contextvars
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from projects.models import ClosedMonth, Restatement, StaleMark

REASON_FIELD = "restatement_reason"
_current = contextvars.ContextVar("restating", default=None)


@dataclass
class Restating:
    actor: object
    reason: str
    subject: str
    subject_url: str
    record: Restatement | None = None
    cells: set = field(default_factory=set)

    def point_at(self, subject):
        """Name the record a write created (its restatement, if any, links to it)."""
        self.subject, self.subject_url = str(subject)[:300], subject.get_absolute_url()
        if self.record is not None:
            self.record.subject, self.record.subject_url = self.subject, self.subject_url
            self.record.save(update_fields=["subject", "subject_url"])


@contextmanager
def restating(*, actor, reason, subject, subject_url=""):
    """Let the writes inside restate closed months with `reason` (blank: refuse them)."""
    context = Restating(actor, (reason or "").strip(), str(subject)[:300], subject_url)
    token = _current.set(context)
    try:
        yield context
    finally:
        _current.reset(token)


def closed_cells(marks):
    """The (kind, id, source, month) marks that fall in a closing in force.

    A plan's mark carries its year's first month, but every closed month of that year froze
    the plan: it hits each of them (one cell per closed month)."""
    dated = [m for m in marks if m[3] is not None]
    if not dated:
        return []
    plan_years = {m[3].year for m in dated if m[2] == StaleMark.Source.PLAN}
    when = Q(month__in={m[3] for m in dated})
    if plan_years:
        when |= Q(month__year__in=plan_years)
    closed = set(
        ClosedMonth.objects.filter(
            when, reopened_at__isnull=True, scope_id__in={m[1] for m in dated}
        ).values_list("scope_kind", "scope_id", "month")
    )
    hits = []
    for kind, pk, source, month in dated:
        if source == StaleMark.Source.PLAN:
            hits += [
                (kind, pk, source, m)
                for k, p, m in closed
                if (k, p) == (kind, pk) and m.year == month.year
            ]
        elif (kind, pk, month) in closed:
            hits.append((kind, pk, source, month))
    return hits


def check_marks(marks):
    """Refuse or record the restatement that `marks` (kind, id, source, month) make."""
    hits = closed_cells(marks)
    if not hits:
        return
    context = _current.get()
    months = sorted({m[3] for m in hits})
    if context is None or not context.reason:
        raise ValidationError(
            {
                REASON_FIELD: _(
                    "这次修改会改变已关账月份（%(months)s）的汇总，请填写更正说明后再保存。"
                )
                % {"months": "、".join(f"{m:%Y-%m}" for m in months)}
            },
            code="restatement",
        )
    context.cells |= {(kind, pk, f"{month:%Y-%m-%d}", source) for kind, pk, source, month in hits}
    cells = sorted(list(cell) for cell in context.cells)
    if context.record is None:
        context.record = Restatement.objects.create(
            actor=context.actor if getattr(context.actor, "pk", None) else None,
            made_at=timezone.now(),
            reason=context.reason[:500],
            subject=context.subject,
            subject_url=context.subject_url,
            cells=cells,
        )
    else:
        context.record.cells = cells
        context.record.save(update_fields=["cells"])


def restatements_for(scope_cells):
    """Restatements that moved any of `scope_cells` {(kind, id, "YYYY-MM-DD")}."""
    found = []
    for restatement in Restatement.objects.select_related("actor").order_by("-made_at"):
        if any(tuple(cell[:3]) in scope_cells for cell in restatement.cells):
            found.append(restatement)
    return found
