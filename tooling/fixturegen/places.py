"""places.yaml: the region and platform trees (with materialised paths) and the chains.

The regions come from the vendored division package (platforms/divisions.py), the same
rows `manage.py load_divisions` loads; places.yaml's `regions` only annotates the places the
seeds name, and each must be in the package under the same code, name and parent.
"""

from dataclasses import asdict

from platforms.divisions import divisions
from tooling.fixturegen.spec import SpecError


class Places:
    """Lookups over the two trees: paths, names, platform regions."""

    def __init__(self, regions, platforms, chains):
        self.regions = {r["code"]: r for r in regions}
        self.platforms = {p["code"]: p for p in platforms}
        self.chains = {c["code"]: c for c in chains}
        self.region_path = _paths(self.regions, "region")
        self.platform_path = _paths(self.platforms, "platform")

    def is_region(self, code):
        return code in self.regions

    def scope(self, code):
        """("region", code) or ("platform", code) for a scope code of the spec."""
        if code in self.regions:
            return ("region", code)
        if code in self.platforms:
            return ("platform", code)
        raise SpecError(f"unknown region or platform {code!r}")

    def place(self, code):
        """(region, platform) of a placeholder place: a region code or a platform code."""
        if code in self.regions:
            return code, None
        if code in self.platforms:
            return self.platforms[code]["region"], code
        raise SpecError(f"unknown region or platform {code!r}")

    def region_within(self, region, ancestor):
        return self.region_path[region].startswith(self.region_path[ancestor])

    def platform_within(self, platform, ancestor):
        return self.platform_path[platform].startswith(self.platform_path[ancestor])

    def name_of(self, region, platform):
        return self.platforms[platform]["name"] if platform else self.regions[region]["name"]

    def check_chain(self, code, where):
        if code not in self.chains:
            raise SpecError(f"{where}: unknown industry chain {code!r}")


def _paths(nodes, kind):
    paths = {}

    def path_of(code, seen=()):
        if code in paths:
            return paths[code]
        if code in seen:
            raise SpecError(f"{kind} tree has a cycle at {code!r}")
        parent = nodes[code].get("parent")
        if parent is not None and parent not in nodes:
            raise SpecError(f"{kind} {code!r}: unknown parent {parent!r}")
        prefix = path_of(parent, (*seen, code)) if parent else "/"
        paths[code] = f"{prefix}{code}/"
        return paths[code]

    for code in nodes:
        path_of(code)
    return paths


def package_regions(named):
    """Every division of the package as a region row; the spec's named ones checked."""
    rows = {d.code: asdict(d) for d in divisions()}
    for spec in named:
        row = rows.get(spec["code"])
        if row is None or (row["name"], row["level"], row["parent"]) != (
            spec["name"],
            spec["level"],
            spec.get("parent"),
        ):
            raise SpecError(f"region {spec['code']} {spec['name']}: not so in the package: {row}")
    return list(rows.values())


def load_places(spec):
    """The Places of places.yaml, checked: platform regions inside their parents' regions."""
    places = Places(package_regions(spec["regions"]), spec["platforms"], spec["chains"])
    for code, platform in places.platforms.items():
        if platform["region"] not in places.regions:
            raise SpecError(f"platform {code!r}: unknown region {platform['region']!r}")
        parent = platform.get("parent")
        if parent and not places.region_within(
            platform["region"], places.platforms[parent]["region"]
        ):
            raise SpecError(f"platform {code!r}: region outside its parent's region")
    for code, chain in places.chains.items():
        if chain.get("region") and chain["region"] not in places.regions:
            raise SpecError(f"chain {code!r}: unknown region {chain['region']!r}")
    return places


def depth(path):
    return path.count("/") - 2
