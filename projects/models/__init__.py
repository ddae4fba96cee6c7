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
from projects.models.documents import Document
from projects.models.figures import (
    FigureCheck,
    FigureSource,
    Measure,
    PublishedFigure,
    Qualifier,
)
from projects.models.imports import ImportJob
from projects.models.investment import AnnualPlan, InvestmentReport
from projects.models.leaders import Leader, ProjectLeader
from projects.models.pipeline import Enterprise, Project, StageCorrection, StageEntry
from projects.models.records import (
    Event,
    ExpertReview,
    MerchantRelocation,
    RelocatedUnit,
    ReviewCandidate,
    ReviewScore,
)
from projects.models.reporting import (
    ClosedMonth,
    MonthSubmission,
    Restatement,
    SnapshotInvestmentCell,
    SnapshotStageCell,
)
from projects.models.reviews import CriterionScore, ReviewCriterion, ReviewSheet
from projects.models.schedule import Milestone, ProjectPlan
from projects.models.targets import TARGET_FIELDS, AnnualTarget

__all__ = [
    "STAGE_DATE_FIELDS",
    "TARGET_FIELDS",
    "AnnualPlan",
    "AnnualTarget",
    "BuildType",
    "Category",
    "CriterionScore",
    "Document",
    "ClosedMonth",
    "Enterprise",
    "Event",
    "ExpertReview",
    "FigureCheck",
    "FigureSource",
    "ImportJob",
    "InvestmentReport",
    "KeyLevel",
    "Leader",
    "Measure",
    "Membership",
    "MonthSubmission",
    "MerchantRelocation",
    "Milestone",
    "Origin",
    "Project",
    "ProjectLeader",
    "ProjectPlan",
    "Provenance",
    "PublishedFigure",
    "Qualifier",
    "RelocatedUnit",
    "Restatement",
    "ReviewCandidate",
    "ReviewCriterion",
    "ReviewScore",
    "ReviewSheet",
    "SnapshotInvestmentCell",
    "SnapshotStageCell",
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
