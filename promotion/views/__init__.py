"""The promotion pages: short views that open with one access helper and write through services."""

from promotion.views.activities import (
    activity_create,
    activity_detail,
    activity_edit,
    activity_list,
    meeting_add,
    meeting_remove,
)
from promotion.views.deadlines import deadlines, unit_deadlines
from promotion.views.leaderships import my_projects
from promotion.views.leads import (
    lead_convert,
    lead_create,
    lead_detail,
    lead_drop,
    lead_edit,
    lead_follow_up,
    lead_list,
)
from promotion.views.problems import (
    problem_close,
    problem_create,
    problem_detail,
    problem_edit,
    problem_list,
    problem_reopen,
)
from promotion.views.targets import target_create, target_detail, target_edit, target_list

__all__ = [
    "my_projects",
    "activity_create",
    "activity_detail",
    "activity_edit",
    "activity_list",
    "deadlines",
    "lead_convert",
    "lead_create",
    "lead_detail",
    "lead_drop",
    "lead_edit",
    "lead_follow_up",
    "lead_list",
    "meeting_add",
    "meeting_remove",
    "problem_close",
    "problem_create",
    "problem_detail",
    "problem_edit",
    "problem_list",
    "problem_reopen",
    "target_create",
    "target_detail",
    "target_edit",
    "target_list",
    "unit_deadlines",
]
