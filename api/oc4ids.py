"""The projects of a scope as an OC4IDS 0.9 project package (see docs/oc4ids.md for the mapping)."""

import datetime

from django.conf import settings
from django.db.models import Prefetch
from django.utils import timezone

from platforms.models import Region
from projects.models import Stage, StageEntry

OC4IDS_VERSION = "0.9"
YUAN_PER_WAN = 10_000
CURRENCY = "CNY"

STATUS = {
    Stage.NEGOTIATING: "identification",
    Stage.SIGNED: "preparation",
    Stage.LANDED: "preparation",
    Stage.UNDER_CONSTRUCTION: "implementation",
    Stage.IN_PRODUCTION: "maintenance",  # 投产: the asset is in operation
    Stage.TERMINATED: "cancelled",
}

# Each stage entered becomes a met milestone: (milestone type, milestone code or None).
MILESTONES = {
    Stage.NEGOTIATING: ("engagement", None),
    Stage.SIGNED: ("approval", "projectApproval"),
    Stage.LANDED: ("approval", None),
    Stage.UNDER_CONSTRUCTION: ("delivery", "commencement"),
    Stage.IN_PRODUCTION: ("delivery", "commissioning"),
    Stage.TERMINATED: ("approval", None),
}


def _midnight(day):
    """A stage date as the start of that day where the registry is (OC4IDS wants date-times)."""
    return datetime.datetime.combine(
        day, datetime.time(), timezone.get_default_timezone()
    ).isoformat()


def yuan(wan):
    """万元 with two places are whole yuan: exact, and a JSON number as the schema asks."""
    return int(wan * YUAN_PER_WAN)


def package_projects(queryset):
    """The queryset with everything the package reads, in a fixed number of queries."""
    return (
        queryset.select_related("investor", "region", "platform")
        .prefetch_related(
            "chains",
            Prefetch("stage_entries", queryset=StageEntry.objects.order_by("entered_on", "pk")),
        )
        .order_by("code")
    )


def project_package(scope, projects, *, uri, now=None):
    """The OC4IDS project package of `projects` (already the caller's, in `scope`)."""
    now = now or timezone.now()
    regions = _region_chain(projects)
    return {
        "uri": uri,
        "publishedDate": now.isoformat(),
        "publisher": {"name": settings.OC4IDS_PUBLISHER_NAME},
        "version": OC4IDS_VERSION,
        "projects": [oc4ids_project(p, regions) for p in projects],
    }


def project_id(project):
    return f"{settings.OC4IDS_PROJECT_PREFIX}{project.code}"


def oc4ids_project(project, regions):
    stage = Stage(project.stage)
    data = {
        "id": project_id(project),
        "updated": project.updated_at.isoformat(),
        "language": "zh",
        "identifiers": [{"id": project.code, "scheme": settings.OC4IDS_IDENTIFIER_SCHEME}],
        "title": project.name,
        "status": STATUS[stage],
        "budget": {"amount": {"amount": yuan(project.total_investment), "currency": CURRENCY}},
        "locations": [_location(project, regions)],
        "parties": [_investor(project)],
        "milestones": _milestones(project),
    }
    if project.description:
        data["description"] = project.description
    chains = list(project.chains.all())
    if chains:
        data["sector"] = [chain.code for chain in chains]
        data["additionalClassifications"] = [
            {"scheme": "JJJ-CHAIN", "id": chain.code, "description": chain.name} for chain in chains
        ]
    if project.started_on:
        data["type"] = "construction"
    period = _period(project)
    if period:
        data["period"] = period
    return data


def _region_chain(projects):
    """{region code: Region} of every region above the projects' (for the address)."""
    codes = set()
    for project in projects:
        codes.update(c for c in project.region.path.split("/") if c)
    return {r.code: r for r in Region.objects.filter(code__in=codes)}


def _location(project, regions):
    region = project.region
    names = [regions[c].name for c in region.path.split("/") if c in regions]
    location = {
        "id": region.code,
        "description": "".join(names) + (f"·{project.platform.name}" if project.platform else ""),
        "gazetteer": {"scheme": "CN-GB/T2260", "identifiers": [region.code]},
        "address": {"region": "".join(names), "countryName": "中国"},
    }
    return location


def _investor(project):
    investor = project.investor
    party = {"id": f"investor-{investor.pk}", "name": investor.name, "roles": ["funder"]}
    if investor.credit_code:
        party["identifier"] = {"scheme": "CN-USCC", "id": investor.credit_code}
    return party


def _milestones(project):
    milestones = []
    for entry in project.stage_entries.all():
        stage = Stage(entry.stage)
        kind, code = MILESTONES[stage]
        milestone = {
            "id": f"{project.code}-{stage.value}",
            "title": stage.label,
            "type": kind,
            "status": "met",
            "dateMet": _midnight(entry.entered_on),
        }
        if code:
            milestone["code"] = code
        if entry.note:
            milestone["description"] = entry.note
        milestones.append(milestone)
    return milestones


def _period(project):
    """From signing (or negotiation) to production, as far as the dates go."""
    start = project.signed_on or project.negotiating_on
    end = project.producing_on or project.terminated_on
    period = {}
    if start:
        period["startDate"] = _midnight(start)
    if end:
        period["endDate"] = _midnight(end)
    return period
