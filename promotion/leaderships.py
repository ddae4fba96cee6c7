"""我包联的项目: a leader's projects with their stage, days in stage, open problems and lights.

The leader is the viewer's own Leader record, or (for anyone who may read) the one
chosen; either way only the projects in the viewer's scope are listed.
"""

import datetime
from dataclasses import dataclass

from django.core.paginator import Paginator
from django.db.models import Count, Min, Q

from projects.access import visible_projects
from projects.models import Leader, ProjectLeader, Stage
from promotion.access import own_unit
from promotion.deadlines import Light
from promotion.models import ProblemStatus
from promotion.services import deadlines_for

PAGE_SIZE = 50
SEVERITY = {None: 0, Light.GREEN: 1, Light.YELLOW: 2, Light.RED: 3}
OPEN = Q(problems__status=ProblemStatus.OPEN)


@dataclass
class LeaderProjects:
    leader: Leader | None
    leaders: list
    page: object
    today: datetime.date


def days_in_stage(project, today):
    """Days since the project entered its current stage (None once terminated)."""
    if project.stage == Stage.TERMINATED:
        return None
    entered = project.stage_date(project.stage)
    return (today - entered).days if entered else None


def project_light(project, deadlines, today):
    """The worst of the project's lights: its nearest open problem, and a signing not started."""
    lights = [deadlines.light(project.next_problem_due, today)]
    if project.stage in (Stage.SIGNED, Stage.LANDED) and project.signed_on:
        lights.append(deadlines.light(deadlines.start_due(project.signed_on), today))
    return max(lights, key=lambda light: SEVERITY[light])


def leader_projects(user, leader, page_number, today):
    """The page: `leader`'s projects the user may see, each with its role, days and light."""
    leaders = list(Leader.objects.select_related("region"))
    if leader is None:
        return LeaderProjects(None, leaders, None, today)
    projects = (
        visible_projects(user)
        .filter(leaderships__leader=leader)
        .select_related("region", "platform", "investor")
        .annotate(
            open_problems=Count("problems", filter=OPEN),
            next_problem_due=Min("problems__due_on", filter=OPEN),
        )
        .order_by("-created_at", "-id")
    )
    page = Paginator(projects, PAGE_SIZE).get_page(page_number)
    roles = dict(
        ProjectLeader.objects.filter(leader=leader, project__in=[p.pk for p in page]).values_list(
            "project_id", "role"
        )
    )
    deadlines = deadlines_for(own_unit(user))
    for project in page:
        project.leader_role = ProjectLeader.Role(roles[project.pk]).label
        project.days_in_stage = days_in_stage(project, today)
        project.light = project_light(project, deadlines, today)
    return LeaderProjects(leader, leaders, page, today)
