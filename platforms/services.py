"""Writes to the place trees."""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from platforms import divisions as div
from platforms.models import Platform, Region


class DivisionConflict(ValidationError):
    """The package and the registry disagree about a place; nothing was written."""


@dataclass
class DivisionLoad:
    created: list = field(default_factory=list)  # codes
    moved: list = field(default_factory=list)  # codes of regions given another parent
    updated: list = field(default_factory=list)  # codes whose flags changed
    platforms_moved: list = field(default_factory=list)  # platform codes given another region

    @property
    def changed(self):
        return bool(self.created or self.moved or self.updated or self.platforms_moved)


def _conflicts(rows, existing):
    """Messages naming both sides of every disagreement between the package and the tree."""
    messages = []
    by_place = {(r.parent.code if r.parent_id else None, r.name): r for r in existing.values()}
    package_codes = {d.code for d in rows}
    for d in rows:
        region = existing.get(d.code)
        if region is not None and (region.name != d.name or region.level != d.level):
            messages.append(
                _("代码 %(code)s：数据包为“%(new)s”（%(nl)s），库中已有“%(old)s”（%(ol)s）。")
                % {
                    "code": d.code,
                    "new": d.name,
                    "nl": Region.Level(d.level).label,
                    "old": region.name,
                    "ol": region.get_level_display(),
                }
            )
        twin = by_place.get((d.parent, d.name))
        if region is None and twin is not None and twin.code not in package_codes:
            messages.append(
                _("“%(name)s”：数据包代码为 %(new)s，库中已有同名同上级的代码 %(old)s。")
                % {"name": d.name, "new": d.code, "old": twin.code}
            )
    return messages


def _apply(d, region, regions):
    """Create or update one region from its division; what changed, or None."""
    parent = regions.get(d.parent) if d.parent else None
    admin_parent = regions.get(d.administrative_parent) if d.administrative_parent else None
    if region is None:
        region = Region(code=d.code, name=d.name, level=d.level)
        region.parent, region.administrative_parent = parent, admin_parent
        region.province_administered = d.province_administered
        region.full_clean()
        region.save()
        regions[d.code] = region
        return "created"
    change = None
    if region.parent_id != (parent.pk if parent else None):
        region.parent, change = parent, "moved"
    if (
        region.administrative_parent_id != (admin_parent.pk if admin_parent else None)
        or region.province_administered != d.province_administered
    ):
        region.administrative_parent = admin_parent
        region.province_administered = d.province_administered
        change = change or "updated"
    if change:
        region.full_clean()
        region.save()
    return change


def _move_xiongan_platforms(regions):
    """雄安's platforms filed at 保定市 as a whole now sit in the 雄安 region."""
    root = Platform.objects.filter(code=div.XIONGAN_PLATFORM).first()
    if root is None:
        return []
    baoding = regions.get(div.XIONGAN_ADMINISTRATIVE_PARENT)
    moved = []
    for platform in Platform.objects.subtree(root).filter(region=baoding).order_by("path"):
        platform.region = regions[div.XIONGAN_CODE]
        platform.save(update_fields=["region", "path", "depth"])
        moved.append(platform.code)
    return moved


@transaction.atomic
def regions_load_divisions(*, path=div.DIVISIONS_FILE) -> DivisionLoad:
    """Bring the region tree to the package's divisions, keeping every existing code and id.

    Idempotent: a second load changes nothing. A code the package gives another name or
    level than the registry, or a place the registry holds under another code, stops the
    load with every such conflict named and nothing written.
    """
    rows = div.divisions(path)
    existing = {r.code: r for r in Region.objects.select_related("parent")}
    messages = _conflicts(rows, existing)
    if messages:
        raise DivisionConflict(messages)
    result = DivisionLoad()
    regions = dict(existing)
    for d in rows:
        change = _apply(d, existing.get(d.code), regions)
        if change:
            getattr(result, change).append(d.code)
    result.platforms_moved = _move_xiongan_platforms(regions)
    for code in result.platforms_moved:
        Platform.objects.get(code=code).full_clean()
    return result
