from promotion.models.choices import (
    ActivityKind,
    Actor,
    LeadSource,
    LeadStatus,
    ProblemKind,
    ProblemStatus,
    UnitKind,
)
from promotion.models.organisation import Ambassador, ChainMap, TargetEnterprise, UnitProfile
from promotion.models.problems import Problem
from promotion.models.work import Activity, FollowUp, Lead, Meeting

__all__ = [
    "Activity",
    "ActivityKind",
    "Actor",
    "Ambassador",
    "ChainMap",
    "FollowUp",
    "Lead",
    "LeadSource",
    "LeadStatus",
    "Meeting",
    "Problem",
    "ProblemKind",
    "ProblemStatus",
    "TargetEnterprise",
    "UnitKind",
    "UnitProfile",
]
