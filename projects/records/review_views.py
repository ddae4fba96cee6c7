"""Online expert reviews: staff create and follow them; invited experts fill their sheets."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from projects.access import access_of, require_reader, require_writer
from projects.records import reviews
from projects.records.access import get_review_for_user, get_sheet_for_expert, visible_reviews
from projects.records.forms import InviteForm, ReviewForm, SheetForm

PAGE_SIZE = 50


@login_required
@require_GET
def review_list(request: HttpRequest) -> HttpResponse:
    require_reader(request.user)
    queryset = (
        visible_reviews(request.user)
        .select_related("region", "platform")
        .annotate(
            candidate_count=Count("candidates", distinct=True),
            sheet_count=Count("sheets", distinct=True),
            submitted_count=Count(
                "sheets", filter=Q(sheets__submitted_at__isnull=False), distinct=True
            ),
        )
        .order_by("-held_on", "-id")
    )
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "records/reviews.html", {"page": page})


@login_required
@require_http_methods(["GET", "POST"])
def review_create(request: HttpRequest) -> HttpResponse:
    require_writer(request.user)
    form = ReviewForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            review = reviews.review_create(actor=request.user, **form.review_fields())
        except ValidationError as e:
            form.add_service_errors(e)
        else:
            messages.success(request, _("评审已创建，请邀请评审专家。"))
            return redirect(review)
    return render(request, "records/review_form.html", {"form": form})


def _review_page(request, review, invite=None, status=200):
    context = reviews.review_detail(review)
    context["can_write"] = access_of(request.user).can_write
    context["invite"] = invite or InviteForm()
    context["deadline_passed"] = reviews.deadline_passed(review)
    return render(request, "records/review.html", context, status=status)


@login_required
@require_GET
def review_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _review_page(request, get_review_for_user(request.user, pk))


@login_required
@require_POST
def review_invite(request: HttpRequest, pk: int) -> HttpResponse:
    review = get_review_for_user(request.user, pk, write=True)
    form = InviteForm(request.POST)
    if form.is_valid():
        try:
            reviews.review_expert_invite(actor=request.user, review=review, **form.cleaned_data)
        except ValidationError as e:
            form.add_service_errors(e)
        else:
            messages.success(request, _("已邀请评审专家。"))
            return redirect(review)
    return _review_page(request, review, invite=form)


# ---------------------------------------------------------------- experts


@login_required
@require_GET
def sheet_list(request: HttpRequest) -> HttpResponse:
    """The signed-in expert's sheets (nobody else's: for other users the list is empty)."""
    sheets = request.user.review_sheets.select_related("review").order_by("-review__held_on")
    return render(request, "records/sheets.html", {"sheets": sheets})


@login_required
@require_http_methods(["GET", "POST"])
def sheet_detail(request: HttpRequest, pk: int) -> HttpResponse:
    sheet = get_sheet_for_expert(request.user, pk)
    review = sheet.review
    criteria = list(review.criteria.all())
    candidates = list(review.candidates.order_by("pk"))
    given = {(s.candidate_id, s.criterion_id): s.score for s in sheet.scores.all()}
    locked = sheet.is_submitted or reviews.deadline_passed(review)
    form = SheetForm(
        request.POST or None,
        criteria=criteria,
        candidates=candidates,
        given=given,
        disabled=locked,
    )
    if request.method == "POST" and form.is_valid():
        # A locked sheet refuses here with 403, in the service, whatever the form says.
        reviews.sheet_save(actor=request.user, sheet=sheet, scores=form.scores())
        if "submit" in request.POST:
            try:
                reviews.sheet_submit(actor=request.user, sheet=sheet)
            except ValidationError as e:
                form.add_error(None, e.messages)
            else:
                messages.success(request, _("评分表已提交，不能再修改。"))
                return redirect("records:sheet", pk=sheet.pk)
        else:
            messages.success(request, _("已暂存，提交前可继续修改。"))
            return redirect("records:sheet", pk=sheet.pk)
    context = {
        "sheet": sheet,
        "review": review,
        "criteria": criteria,
        "rows": form.rows(candidates, criteria),
        "form": form,
        "locked": locked,
        "totals": reviews.sheet_rows(sheet, criteria, candidates).rows,
    }
    return render(request, "records/sheet.html", context)
