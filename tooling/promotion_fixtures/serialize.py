"""World.promotion as fixture objects (06_promotion.json)."""

from tooling.fixturegen.serialize import LOADED_AT, Pks, _key, _obj, enterprise_object


def _day(day):
    return day.isoformat() if day else None


def promotion_objects(world):
    """Enterprises new to the fixtures, units and their profiles, then every promotion record."""
    p, pks = world.promotion, Pks()
    objects = [enterprise_object(e) for e in p.enterprises.values()]
    for u in p.units:
        fields = {
            "name": u.name,
            "scope_region": _key(u.region),
            "scope_platform": _key(u.platform),
        }
        objects.append(_obj("projects.unit", fields))
    for u in p.units:
        fields = {"unit": [u.name], "kind": u.kind, "based_in": u.based_in or None}
        fields |= {"provenance": u.provenance, "source_note": u.source_note}
        objects.append(_obj("promotion.unitprofile", fields))
    for a in p.ambassadors:
        fields = {"name": a.name, "region": [a.region], "platform": _key(a.platform)}
        fields |= {"appointed_on": _day(a.appointed_on), "provenance": a.provenance}
        objects.append(_obj("promotion.ambassador", fields, pks("ambassador")))
    for c in p.chain_maps:
        fields = {"title": c.title, "chain": _key(c.chain), "region": [c.region]}
        fields |= {"platform": _key(c.platform), "drawn_on": _day(c.drawn_on), "note": c.note}
        objects.append(
            _obj("promotion.chainmap", fields | {"provenance": c.provenance}, pks("map"))
        )
    for t in p.targets:
        fields = {"enterprise": [t.enterprise], "chain": [t.chain], "region": [t.region]}
        fields |= {"platform": _key(t.platform), "unit": _key(t.unit), "gap": t.gap}
        fields |= {"listed_on": _day(t.listed_on), "provenance": t.provenance}
        objects.append(_obj("promotion.targetenterprise", fields, pks("target")))
    objects += _activities(p, pks)
    objects += _leads(p, pks)
    objects += _problems(p, pks)
    return objects


def _activities(p, pks):
    objects = []
    for a in p.activities:
        fields = {"kind": a.kind, "title": a.title, "held_on": _day(a.held_on)}
        fields |= {"destination": a.destination, "participants": a.participants}
        fields |= {"actor_kind": a.actor, "unit": _key(a.unit), "region": [a.region]}
        fields |= {"platform": _key(a.platform), "counterpart": a.counterpart}
        fields |= {"people": a.people, "enterprises_attending": a.enterprises_attending}
        fields |= {"results": a.results, "event": _key(a.event), "provenance": a.provenance}
        fields |= {"source_note": a.source_note, "created_at": LOADED_AT}
        pk = pks("activity")
        objects.append(_obj("promotion.activity", fields, pk))
        for m in a.meetings:
            fields = {"activity": pk, "enterprise": [m.enterprise], "person": m.person}
            objects.append(_obj("promotion.meeting", fields | {"note": m.note}, pks("meeting")))
    return objects


def _leads(p, pks):
    objects = []
    for lead in p.leads:
        pk = pks("lead")
        fields = {"title": lead.title, "enterprise": [lead.enterprise], "source": lead.source}
        fields |= {
            "actor_kind": lead.actor,
            "region": [lead.region],
            "platform": _key(lead.platform),
        }
        fields |= {"unit": [lead.unit], "status": lead.status}
        fields |= {"received_on": _day(lead.received_on), "responded_on": _day(lead.responded_on)}
        fields |= {"last_contact_on": _day(lead.responded_on)}
        fields |= {"ambassador": None if lead.ambassador is None else lead.ambassador + 1}
        fields |= {"provenance": lead.provenance, "source_note": lead.source_note}
        fields |= {"created_at": LOADED_AT, "updated_at": LOADED_AT}
        objects.append(_obj("promotion.lead", fields, pk))
        if lead.responded_on:
            fields = {"lead": pk, "on": _day(lead.responded_on), "note": lead.follow_up_note}
            fields |= {"recorded_at": LOADED_AT}
            objects.append(_obj("promotion.followup", fields, pks("follow-up")))
    return objects


def _problems(p, pks):
    objects = []
    for x in p.problems:
        fields = {"project": [x.project], "kind": x.kind, "title": x.title}
        fields |= {"raised_by": x.raised_by, "raised_on": _day(x.raised_on)}
        fields |= {"activity": None if x.activity is None else x.activity + 1, "unit": [x.unit]}
        fields |= {"due_on": _day(x.due_on), "status": "closed" if x.closed_on else "open"}
        fields |= {"closed_on": _day(x.closed_on), "closing_note": x.closing_note}
        fields |= {"provenance": x.provenance, "created_at": LOADED_AT}
        objects.append(_obj("promotion.problem", fields, pks("problem")))
    return objects
