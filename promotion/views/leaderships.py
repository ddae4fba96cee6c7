"""我包联的项目."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from projects.access import require_reader
from projects.models import Leader
from promotion.leaderships import leader_projects


def _chosen_leader(request):
    """The leader asked for (?leader=), else the viewer's own record, else None."""
    wanted = request.GET.get("leader", "")
    if wanted:
        leader = Leader.objects.filter(pk=wanted).first() if wanted.isdigit() else None
        if leader is None:
            raise Http404(_("没有这位包联领导。"))
        return leader
    return Leader.objects.filter(user=request.user).first()


@login_required
@require_GET
def my_projects(request: HttpRequest) -> HttpResponse:
    require_reader(request.user)
    leader = _chosen_leader(request)
    mine = leader is not None and leader.user_id == request.user.pk
    context = leader_projects(request.user, leader, request.GET.get("page"), timezone.localdate())
    return render(request, "promotion/my_projects.html", {"view": context, "mine": mine})
