"""Who may see and change relocation records: the projects' scope rule, via projects.access.

A relocated unit or merchant relocation is placed in a region and maybe a platform;
it is visible to the users whose scope contains that place. Staff change what
they see, officials only read: 404 outside the scope, 403 for read-only writes.
"""

from django.http import Http404
from django.utils.translation import gettext as _

from projects.access import require_reader, require_writer, visible_to
from projects.models import ExpertReview, MerchantRelocation, RelocatedUnit, ReviewSheet


def visible_units(user):
    return visible_to(user, RelocatedUnit.objects.all())


def visible_merchants(user):
    return visible_to(user, MerchantRelocation.objects.all())


def _get(queryset, user, pk, write, message):
    if write:
        require_writer(user)
    else:
        require_reader(user)
    record = queryset.filter(pk=pk).first()
    if record is None:
        raise Http404(message)
    return record


def get_unit_for_user(user, pk, *, write=False):
    units = visible_units(user).select_related(
        "region", "platform__region", "enterprise", "project"
    )
    return _get(units, user, pk, write, _("没有这个转入单位，或它不在您的管辖范围内。"))


def get_merchant_for_user(user, pk, *, write=False):
    merchants = visible_merchants(user).select_related("region", "platform__region")
    return _get(merchants, user, pk, write, _("没有这条商户疏解记录，或它不在您的管辖范围内。"))


def visible_reviews(user):
    return visible_to(user, ExpertReview.objects.all())


def get_review_for_user(user, pk, *, write=False):
    reviews = visible_reviews(user).select_related("region", "platform")
    return _get(reviews, user, pk, write, _("没有这个评审，或它不在您的管辖范围内。"))


def get_sheet_for_expert(user, pk):
    """An expert's own sheet; anyone else's, or a sheet that does not exist, is 404."""
    sheet = (
        ReviewSheet.objects.select_related("review__region", "review__platform")
        .filter(pk=pk, expert=user)
        .first()
    )
    if sheet is None:
        raise Http404(_("没有这张评分表，或您未受邀参加这个评审。"))
    return sheet
