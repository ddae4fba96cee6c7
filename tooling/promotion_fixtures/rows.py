"""The promotion records the fixture generator makes, in memory (codes, names, dates)."""

import datetime
from dataclasses import dataclass, field


@dataclass
class UnitRow:
    name: str
    region: str | None  # scope_region code
    platform: str | None  # scope_platform code
    kind: str
    based_in: str
    source_note: str
    provenance: str


@dataclass
class AmbassadorRow:
    name: str
    region: str
    platform: str | None
    appointed_on: datetime.date
    provenance: str


@dataclass
class ChainMapRow:
    title: str
    chain: str | None
    region: str
    platform: str | None
    drawn_on: datetime.date
    note: str
    provenance: str


@dataclass
class TargetRow:
    enterprise: str
    chain: str
    region: str
    platform: str | None
    unit: str | None
    gap: str
    listed_on: datetime.date
    provenance: str


@dataclass
class MeetingRow:
    enterprise: str
    person: str = ""
    note: str = ""
    project: str | None = None  # the project an entrepreneur spoke for (problems refer to it)


@dataclass
class ActivityRow:
    key: str
    kind: str
    title: str
    held_on: datetime.date
    actor: str
    region: str
    platform: str | None
    provenance: str
    source_note: str
    unit: str | None = None
    destination: str = ""
    participants: str = ""
    counterpart: str = ""
    people: int | None = None
    enterprises_attending: int | None = None
    results: str = ""
    event: str | None = None
    meetings: list = field(default_factory=list)  # [MeetingRow]


@dataclass
class LeadRow:
    title: str
    enterprise: str
    source: str
    actor: str
    region: str
    platform: str | None
    unit: str
    status: str
    received_on: datetime.date
    responded_on: datetime.date | None
    ambassador: int | None  # index into Promotion.ambassadors
    provenance: str
    source_note: str
    follow_up_note: str = ""


@dataclass
class ProblemRow:
    project: str  # project code
    kind: str
    title: str
    raised_by: str
    raised_on: datetime.date
    activity: int | None  # index into Promotion.activities
    unit: str
    due_on: datetime.date
    closed_on: datetime.date | None
    closing_note: str
    provenance: str


@dataclass
class Promotion:
    """Everything promotion-related the generator made (World.promotion)."""

    enterprises: dict = field(default_factory=dict)  # name -> EnterpriseRow, new ones only
    units: list = field(default_factory=list)
    ambassadors: list = field(default_factory=list)
    chain_maps: list = field(default_factory=list)
    targets: list = field(default_factory=list)
    activities: list = field(default_factory=list)
    leads: list = field(default_factory=list)
    problems: list = field(default_factory=list)

    def unit(self, name):
        for unit in self.units:
            if unit.name == name:
                return unit
        raise KeyError(name)
