from projects.models.access import Membership, Unit
from projects.models.choices import (
    STAGE_DATE_FIELDS,
    BuildType,
    Category,
    KeyLevel,
    Origin,
    Provenance,
    Stage,
)
from projects.models.figures import FigureCheck, Measure, PublishedFigure, Qualifier
from projects.models.imports import ImportJob
from projects.models.investment import AnnualPlan, InvestmentReport
from projects.models.pipeline import Enterprise, Project, StageCorrection, StageEntry
from projects.models.records import (
    Event,
    ExpertReview,
    MerchantRelocation,
    RelocatedUnit,
    ReviewCandidate,
    ReviewScore,
)

__all__ = [
    "STAGE_DATE_FIELDS",
    "AnnualPlan",
    "BuildType",
    "Category",
    "Enterprise",
    "Event",
    "ExpertReview",
    "FigureCheck",
    "ImportJob",
    "InvestmentReport",
    "KeyLevel",
    "Measure",
    "Membership",
    "MerchantRelocation",
    "Origin",
    "Project",
    "Provenance",
    "PublishedFigure",
    "Qualifier",
    "RelocatedUnit",
    "ReviewCandidate",
    "ReviewScore",
    "Stage",
    "StageCorrection",
    "StageEntry",
    "Unit",
]

from projects.models.aggregates import (  # noqa: E402
    ACTIVE,
    AggregateRun,
    Cut,
    EventTotal,
    InvestmentMonthTotal,
    PlanYearTotal,
    RelocationMonthTotal,
    ScopeGeneration,
    ScopeKind,
    StageMonthTotal,
    StaleMark,
)

__all__ += [
    "ACTIVE",
    "AggregateRun",
    "Cut",
    "EventTotal",
    "InvestmentMonthTotal",
    "PlanYearTotal",
    "RelocationMonthTotal",
    "ScopeKind",
    "StageMonthTotal",
    "ScopeGeneration",
    "StaleMark",
]
