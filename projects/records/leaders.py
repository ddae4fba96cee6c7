"""包联: which leaders answer for a project, and in what role.

A leader's charge feeds no totals (leaders slice nothing), so these writes mark
nothing stale; they validate, run in a transaction and leave history.
"""

from django.db import transaction

from projects.models import ProjectLeader


def project_leader_assign(*, actor, project, leader, role=ProjectLeader.Role.LEAD, since=None):
    """Put `leader` in charge of `project` (a second leader makes it 双包联)."""
    leadership = ProjectLeader(project=project, leader=leader, role=role, since=since)
    leadership.full_clean()
    leadership._history_user = actor
    with transaction.atomic():
        leadership.save()
    return leadership


def project_leader_remove(*, actor, leadership):
    """End a leader's charge of a project; the history keeps who it was."""
    leadership._history_user = actor
    with transaction.atomic():
        leadership.delete()


def leaderships_of(project):
    """The project's leaders, lead role first, in one query."""
    return list(project.leaderships.select_related("leader__region").order_by("role", "pk"))
