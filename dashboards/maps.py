"""The dashboards' boundary files: which regions have a map, where it is, and whose it is.

The files are GeoJSON FeatureCollections named by region code (one per map: 130000.json
holds the cities and 雄安新区, 130600.json the counties of 保定市 …), each feature carrying
the code of its region in `properties.code`. The shipped ones are a sketch built from a
registry package (tools/build_hebei_map.py); settings.MAP_BOUNDARIES_DIR points at an
approved standard map instead, and settings.MAP_APPROVAL_NUMBER names its 审图号.
"""

import re

from django.conf import settings
from django.utils.translation import gettext as _

from platforms.models import Region

CODE = re.compile(r"^\d{6}$")
MAP_LEVELS = (Region.Level.PROVINCE, Region.Level.CITY, Region.Level.NEW_AREA)


def boundaries_path(code):
    """The boundary file of a region code, or None when there is none (or no such code)."""
    if not CODE.match(code or ""):
        return None
    path = settings.MAP_BOUNDARIES_DIR / f"{code}.json"
    return path if path.is_file() else None


def has_map(scope):
    """Whether a dashboard's scope is drawn as a map of its children."""
    return (
        isinstance(scope, Region)
        and scope.level in MAP_LEVELS
        and boundaries_path(scope.code) is not None
    )


def source_note():
    """What the page says about the boundaries it draws."""
    if settings.MAP_APPROVAL_NUMBER:
        return _("标准地图，审图号：%(n)s") % {"n": settings.MAP_APPROVAL_NUMBER}
    return _("边界数据：%(source)s；示意图，非标准地图，不作为划界依据。") % {
        "source": settings.MAP_BOUNDARIES_SOURCE
    }
