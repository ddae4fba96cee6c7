"""The records the generator builds, in memory, before they become fixture JSON."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

# Stages in pipeline order, then termination; the keys of ProjectRow.stages.
PIPELINE = ["negotiating", "signed", "landed", "under_construction", "in_production"]
STAGES = [*PIPELINE, "terminated"]


@dataclass
class EnterpriseRow:
    name: str
    origin: str
    provenance: str


@dataclass
class ProjectRow:
    code: str
    name: str
    investor: str
    origin: str
    region: str
    platform: str | None
    category: str
    total_investment: Decimal  # 万元
    provenance: str
    source_note: str
    description: str = ""
    strategic_emerging: bool = False
    key_level: str = ""
    build_type: str = ""
    stages: dict = field(default_factory=dict)  # stage -> date
    stage_notes: dict = field(default_factory=dict)  # stage -> StageEntry note
    termination_reason: str = ""
    chains: list = field(default_factory=list)
    events: list = field(default_factory=list)  # event codes, parents included
    plans: dict = field(default_factory=dict)  # year -> 万元
    reports: dict = field(default_factory=dict)  # first of month -> 万元

    def stage_on(self, day: datetime.date):
        """The stage the dates give on `day` (None before the project entered the pipeline)."""
        if self.stages.get("terminated") and self.stages["terminated"] <= day:
            return "terminated"
        current = None
        for stage in PIPELINE:
            entered = self.stages.get(stage)
            if entered and entered <= day:
                current = stage
        return current


@dataclass
class RelocatedUnitRow:
    name: str
    kind: str
    origin: str
    region: str
    platform: str | None
    relocated_on: datetime.date
    provenance: str


@dataclass
class MerchantRow:
    source_market: str
    origin: str
    region: str
    platform: str | None
    merchants: int
    people: int
    recorded_on: datetime.date
    note: str
    provenance: str


@dataclass
class EventRow:
    code: str
    name: str
    kind: str
    held_on: datetime.date
    region: str
    platform: str | None
    description: str
    parent: str | None
    projects: list = field(default_factory=list)


@dataclass
class CandidateRow:
    name: str
    project: str | None
    scores: list  # [(expert, Decimal score)]


@dataclass
class ReviewRow:
    code: str
    title: str
    held_on: datetime.date
    region: str
    platform: str | None
    max_score: int
    online: bool
    candidates: list = field(default_factory=list)


@dataclass
class World:
    """Everything generated so far; the solver evaluates figures against it."""

    places: object
    enterprises: dict = field(default_factory=dict)  # name -> EnterpriseRow
    projects: list = field(default_factory=list)
    events: dict = field(default_factory=dict)  # code -> EventRow
    units: list = field(default_factory=list)
    merchants: list = field(default_factory=list)
    reviews: dict = field(default_factory=dict)  # code -> ReviewRow
    promotion: object = None  # tooling.promotion_fixtures.rows.Promotion

    def add_enterprise(self, name, origin, provenance):
        known = self.enterprises.get(name)
        if known is None:
            self.enterprises[name] = EnterpriseRow(name, origin, provenance)
        return name

    def add_project(self, row):
        self.projects.append(row)
        for code in row.events:
            self.events[code].projects.append(row.code)
