"""promotion.yaml → promotion records in the World, groups sized by the figures they make up."""

import datetime
import random

from tooling.fixturegen.records import ARTICLE, PLACEHOLDER, source_note
from tooling.fixturegen.spec import SpecError, as_date, as_period
from tooling.fixturegen.world import EnterpriseRow
from tooling.promotion_fixtures.evaluate import evaluate, met
from tooling.promotion_fixtures.rows import (
    ActivityRow,
    AmbassadorRow,
    ChainMapRow,
    LeadRow,
    MeetingRow,
    ProblemRow,
    Promotion,
    TargetRow,
    UnitRow,
)

CHOSEN_DAY = "；日期为占位选定"
ASSUMED_DAY = "；日期为推定"
PLACEHOLDER_NOTE = "占位：报道只载总数"


class Builder:
    def __init__(self, world, spec, figures):
        self.world = world
        self.spec = spec
        self.figures = {f.code: f for f in figures}
        self.seed = str(spec["seed"])
        self.p = world.promotion = Promotion()
        self.pool = []  # pool enterprise names, in order of creation
        self.keys = {}  # activity key -> index

    def rng(self, code):
        return random.Random(f"{self.seed}:{code}")

    def amount(self, value, where):
        """An int, or {fill: FIGURE}: the figure's value less what the records give so far."""
        if not isinstance(value, dict):
            return int(value)
        figure = self.figures.get(value["fill"])
        if figure is None:
            raise SpecError(f"{where}: fill names unknown or pending figure {value['fill']!r}")
        missing = figure.value - evaluate(self.world, figure)
        if missing < 0 or missing != int(missing):
            raise SpecError(f"{where}: {figure.code} is already exceeded ({missing})")
        return int(missing)

    def place(self, code):
        return self.world.places.place(str(code))

    def day(self, rng, period):
        start, end = as_period(period)
        return start + datetime.timedelta(days=rng.randint(0, (end - start).days))

    # ------------------------------------------------------------ enterprises

    def enterprise(self, name):
        if name not in self.world.enterprises and name not in self.p.enterprises:
            raise SpecError(f"promotion: enterprise {name!r} is not in records.yaml")
        return name

    def pool_names(self, n, exclude=()):
        """The first `n` pool enterprises not in `exclude`, creating them as needed."""
        exclude, names, i = set(exclude), [], 0
        while len(names) < n:
            if i == len(self.pool):
                self.pool.append(self._new_pool_enterprise(i + 1))
            if self.pool[i] not in exclude:
                names.append(self.pool[i])
            i += 1
        return names

    def _new_pool_enterprise(self, n):
        spec = self.spec["pool"]
        name = f"{spec['prefix']}{n:04d}"
        origin = spec["origins"][(n - 1) % len(spec["origins"])]
        self.p.enterprises[name] = EnterpriseRow(name, origin, PLACEHOLDER)
        return name

    # ------------------------------------------------------------ organisation

    def units(self):
        for spec in self.spec["units"]:
            region, platform = self.place(spec["place"])
            note = source_note(spec["source"], spec["quote"])
            self.p.units.append(
                UnitRow(
                    name=spec["name"],
                    region=None if platform else region,
                    platform=platform,
                    kind=spec["kind"],
                    based_in=spec.get("based_in", ""),
                    source_note=note,
                    provenance=ARTICLE,
                )
            )

    def ambassadors(self):
        spec = self.spec["ambassadors"]
        rng, n = self.rng("ambassadors"), self.amount(spec["count"], "ambassadors")
        region, platform = self.place(spec["place"])
        for i in range(n):
            self.p.ambassadors.append(
                AmbassadorRow(
                    f"占位招商大使{i + 1:03d}",
                    region,
                    platform,
                    self.day(rng, spec["appointed"]),
                    PLACEHOLDER,
                )
            )

    def chain_maps(self):
        spec = self.spec["chain_maps"]
        rng, n = self.rng("chain-maps"), self.amount(spec["count"], "chain_maps")
        region, platform = self.place(spec["place"])
        name = self.world.places.name_of(region, platform)
        note = f"{PLACEHOLDER_NOTE}。{source_note(spec['source'], spec['quote'])}"
        for i in range(n):
            drawn = self.day(rng, spec["drawn"])
            self.p.chain_maps.append(
                ChainMapRow(
                    f"占位产业链全景图·{name}·{i + 1:02d}",
                    None,
                    region,
                    platform,
                    drawn,
                    note,
                    PLACEHOLDER,
                )
            )

    def target_lists(self):
        for spec in self.spec["target_lists"]:
            rng = self.rng(f"targets-{spec['code']}")
            n = self.amount(spec["count"], f"target_lists {spec['code']}")
            slots = [(lst["place"], chain) for lst in spec["lists"] for chain in lst["chains"]]
            for _place, chain in slots:
                self.world.places.check_chain(chain, f"target_lists {spec['code']}")
            gap = f"{PLACEHOLDER_NOTE}（清单企业与补链理由未载）。" + source_note(
                spec["source"], spec["quote"]
            )
            for i, enterprise in enumerate(self.pool_names(n)):
                place, chain = slots[i % len(slots)]
                region, platform = self.place(place)
                self.p.targets.append(
                    TargetRow(
                        enterprise,
                        chain,
                        region,
                        platform,
                        spec.get("unit"),
                        gap,
                        self.day(rng, spec["listed"]),
                        PLACEHOLDER,
                    )
                )

    # ------------------------------------------------------------ activities

    def named_activities(self):
        for spec in self.spec["activities"]:
            region, platform = self.place(spec["place"])
            held = spec["held_on"]
            note = source_note(spec["source"], spec["quote"])
            note += {"chosen": CHOSEN_DAY, "assumed": ASSUMED_DAY}.get(held["basis"], "")
            if spec.get("note"):
                note += f"；{spec['note']}"
            if spec.get("event") and spec["event"] not in self.world.events:
                raise SpecError(f"activity {spec['key']}: unknown event {spec['event']!r}")
            row = ActivityRow(
                key=spec["key"],
                kind=spec["kind"],
                title=spec["title"],
                held_on=as_date(held["date"]),
                actor=spec["actor"],
                region=region,
                platform=platform,
                provenance=ARTICLE,
                source_note=note[:500],
                unit=spec.get("unit"),
                destination=spec.get("destination", ""),
                participants=spec.get("participants", ""),
                counterpart=spec.get("counterpart", ""),
                people=spec.get("people"),
                enterprises_attending=spec.get("enterprises_attending"),
                results=spec.get("results", ""),
                event=spec.get("event"),
                meetings=[MeetingRow(self.enterprise(e)) for e in spec.get("meetings", [])],
            )
            self.add_activity(row)

    def add_activity(self, row):
        if row.unit is not None:
            self.p.unit(row.unit)
        self.keys.setdefault(row.key, []).append(len(self.p.activities))
        self.p.activities.append(row)

    def activity_groups(self):
        for spec in self.spec["activity_groups"]:
            rows = self._group_rows(spec)
            self._named_meetings(spec, rows)
            if "people_fill" in spec:
                self._people(spec, rows)
            if "meetings_fill" in spec:
                self._pool_meetings(spec, rows)
            if "entrepreneurs_fill" in spec:
                self._entrepreneurs(spec, rows)

    def _group_rows(self, spec):
        code = spec["code"]
        rng, n = self.rng(code), self.amount(spec["count"], f"activity_groups {code}")
        destinations = spec.get("destinations") or [""]
        units = spec.get("units") or [None]
        note = f"{PLACEHOLDER_NOTE}。{source_note(spec['source'], spec['quote'])}"
        rows = []
        for i in range(n):
            region, platform = self.place(spec["places"][i % len(spec["places"])])
            name = self.world.places.name_of(region, platform)
            counterpart = ""
            if spec.get("counterparts"):
                counterpart = f"{spec['counterparts']}{i + 1:02d}"
            row = ActivityRow(
                key=code,
                kind=spec["kind"],
                title=f"占位·{name}·{spec['title']}·{i + 1:03d}",
                held_on=self.day(rng, spec["period"]),
                actor=spec["actor"],
                region=region,
                platform=platform,
                provenance=PLACEHOLDER,
                source_note=note[:500],
                unit=units[i % len(units)],
                destination=destinations[i % len(destinations)],
                counterpart=counterpart,
            )
            self.add_activity(row)
            rows.append(row)
        return rows

    def _named_meetings(self, spec, rows):
        for named in spec.get("named_meetings", []):
            wanted = named.get("destination")
            trip = next((r for r in rows if not wanted or r.destination == wanted), None)
            if trip is None:
                raise SpecError(
                    f"{spec['code']}: no activity to {wanted} for {named['enterprise']}"
                )
            trip.meetings.append(MeetingRow(self.enterprise(named["enterprise"])))

    def _pool_meetings(self, spec, rows):
        """Meet enough new pool enterprises, spread over the group, to reach the figure."""
        figure = self.figures[spec["meetings_fill"]["fill"]]
        n = self.amount(spec["meetings_fill"], f"{spec['code']} meetings")
        kind = "outbound" if figure.measure == "enterprises_visited" else None
        already = {e for e, _person in met(self.world, figure, kind)}
        rng = self.rng(f"{spec['code']}-meetings")
        for name in self.pool_names(n, exclude=already):
            rows[rng.randrange(len(rows))].meetings.append(MeetingRow(name))

    def _people(self, spec, rows):
        """人次 over the group's delegations: the figure's remainder, at least 1 each."""
        n = self.amount(spec["people_fill"], f"{spec['code']} people")
        if n < len(rows):
            raise SpecError(f"{spec['code']}: {n} 人次 for {len(rows)} delegations")
        rng = self.rng(f"{spec['code']}-people")
        counts = [1] * len(rows)
        for _i in range(n - len(rows)):
            counts[rng.randrange(len(rows))] += 1
        for row, count in zip(rows, counts, strict=True):
            row.people = count

    def _entrepreneurs(self, spec, rows):
        """Entrepreneurs met: each the representative of a project in the place by that day."""
        n = self.amount(spec["entrepreneurs_fill"], f"{spec['code']} entrepreneurs")
        rng = self.rng(f"{spec['code']}-entrepreneurs")
        rows.sort(key=lambda r: r.held_on)
        for i in range(n):
            row = rows[i % len(rows)]
            project = rng.choice(self._projects_by(row))
            person = f"占位企业家{i + 1:03d}"
            note = f"项目：{project.name}"
            row.meetings.append(MeetingRow(project.investor, person, note[:300], project.code))

    def _projects_by(self, activity):
        """The place's projects that entered the pipeline by the activity's day."""
        from tooling.fixturegen.evaluate import in_scope

        scope = (
            ("platform", activity.platform) if activity.platform else ("region", activity.region)
        )
        projects = [
            p
            for p in self.world.projects
            if in_scope(self.world.places, scope, p.region, p.platform)
            and min(p.stages.values()) <= activity.held_on
            and (not p.stages.get("terminated") or p.stages["terminated"] > activity.held_on)
        ]
        if not projects:
            raise SpecError(f"no project in {scope} by {activity.held_on}")
        return sorted(projects, key=lambda p: p.code)

    # ------------------------------------------------------------ leads and problems

    def leads(self):
        for spec in self.spec["lead_groups"]:
            code = spec["code"]
            rng, n = self.rng(code), self.amount(spec["count"], f"lead_groups {code}")
            region, platform = self.place(spec["place"])
            note = f"{PLACEHOLDER_NOTE}。{source_note(spec['source'], spec['quote'])}"
            for i, enterprise in enumerate(self.pool_names(n)):
                received = self.day(rng, spec["period"])
                ambassador = None
                if "ambassador" in spec["sources"] and self.p.ambassadors:
                    ambassador = rng.randrange(len(self.p.ambassadors))
                self.p.leads.append(
                    LeadRow(
                        title=f"占位线索·{code}·{i + 1:04d}",
                        enterprise=enterprise,
                        source=spec["sources"][i % len(spec["sources"])],
                        actor=spec["actor"],
                        region=region,
                        platform=platform,
                        unit=self.p.unit(spec["units"][i % len(spec["units"])]).name,
                        status="following",
                        received_on=received,
                        responded_on=received + datetime.timedelta(days=rng.randint(0, 2)),
                        ambassador=ambassador,
                        provenance=PLACEHOLDER,
                        source_note=note[:500],
                        follow_up_note=PLACEHOLDER_NOTE,
                    )
                )

    def problems(self):
        for spec in self.spec["problem_groups"]:
            code = spec["code"]
            rng, n = self.rng(code), self.amount(spec["count"], f"problem_groups {code}")
            met_at = [
                (index, meeting)
                for index in self.keys[spec["from_activities"]]
                for meeting in self.p.activities[index].meetings
                if meeting.person
            ]
            if not met_at:
                raise SpecError(f"{code}: no entrepreneurs met at {spec['from_activities']}")
            last = as_date(spec["closed_by"])
            note = f"{PLACEHOLDER_NOTE}。{source_note(spec['source'], spec['quote'])}"
            for i in range(n):
                index, meeting = met_at[i % len(met_at)]
                raised = self.p.activities[index].held_on
                due = raised + datetime.timedelta(days=spec["due_days"])
                closed = min(
                    raised + datetime.timedelta(days=rng.randint(1, spec["due_days"])), last
                )
                self.p.problems.append(
                    ProblemRow(
                        project=meeting.project,
                        kind=spec["kinds"][i % len(spec["kinds"])],
                        title=f"占位难题·{code}·{i + 1:04d}",
                        raised_by=meeting.person,
                        raised_on=raised,
                        activity=index,
                        unit=self.p.unit(spec["unit"]).name,
                        due_on=due,
                        closed_on=closed,
                        closing_note=note[:500],
                        provenance=PLACEHOLDER,
                    )
                )


def add_promotion(world, spec, figures):
    """Make every promotion record of promotion.yaml into world.promotion."""
    builder = Builder(world, spec, figures)
    builder.units()
    builder.ambassadors()
    builder.chain_maps()
    builder.target_lists()
    builder.named_activities()
    builder.activity_groups()
    builder.leads()
    builder.problems()
    return world.promotion
