"""Regions, platforms, chains and the importing user's scope, read once per import.

A few queries, whatever the number of rows: every row then finds its places
in dictionaries, and the scope check is a set lookup.
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ledger.cells import CellError, split_list, text
from platforms.models import IndustryChain, Platform, Region
from projects.access import access_of, place_choices, platform_required
from projects.models import ScopeKind

REGION = gettext_lazy("地区")
PLATFORM = gettext_lazy("承接平台")
CHAIN = gettext_lazy("产业链")


class PlaceIndex:
    """Every region, platform and chain by id, code and name (three queries)."""

    def __init__(self):
        regions = list(Region.objects.all())
        platforms = list(Platform.objects.all())
        chains = list(IndustryChain.objects.all())
        self.region_by_id = {r.pk: r for r in regions}
        for platform in platforms:
            platform.region = self.region_by_id[platform.region_id]
        self.platform_by_id = {p.pk: p for p in platforms}
        self.chain_by_id = {c.pk: c for c in chains}
        self._regions = _index(regions)
        self._platforms = _index(platforms)
        self._chains = _index(chains)
        # A ledger names the same few places on every row: each spelling is looked up once.
        self._seen_regions, self._seen_platforms, self._seen_chains = {}, {}, {}
        self._ancestors = {
            ScopeKind.REGION: _ancestor_ids(regions),
            ScopeKind.PLATFORM: _ancestor_ids(platforms),
        }

    def label(self, node):
        """What a ledger writes for a place or chain: its name, or its code when the name is shared."""
        if node is None:
            return ""
        if isinstance(node, IndustryChain):
            index = self._chains
        elif isinstance(node, Platform):
            index = self._platforms
        else:
            index = self._regions
        return node.name if len(index.get(_key(node.name), ())) == 1 else node.code

    def region_label(self, pk):
        return self.label(self.region_by_id.get(pk))

    def platform_label(self, pk):
        return self.label(self.platform_by_id.get(pk)) if pk else ""

    def chain_names(self, ids):
        return "、".join(self.label(self.chain_by_id[pk]) for pk in sorted(ids))


class Places(PlaceIndex):
    """The index, and what the importing user may do with it."""

    def __init__(self, actor):
        super().__init__()
        allowed_regions, allowed_platforms = place_choices(actor)
        self.is_admin = access_of(actor).is_admin
        self.allowed_regions = set(allowed_regions.values_list("pk", flat=True))
        self.allowed_platforms = set(allowed_platforms.values_list("pk", flat=True))
        self.scope = access_of(actor).scope
        self.platform_required = platform_required(actor)

    def region(self, value):
        found = self._seen_regions.get(value)
        if found is None:
            found = self._seen_regions[value] = _find(self._regions, value, REGION)
        return found

    def platform(self, value):
        found = self._seen_platforms.get(value)
        if found is None:
            found = self._seen_platforms[value] = _find(self._platforms, value, PLATFORM)
        return found

    def chains(self, value):
        found = self._seen_chains.get(value)
        if found is None:
            found = self._seen_chains[value] = self._chain_ids(value)
        return found

    def _chain_ids(self, value):
        found = []
        for name in split_list(value):
            chain = _find(self._chains, name, CHAIN)
            if chain.pk not in found:
                found.append(chain.pk)
        return tuple(sorted(found))

    def place_in_scope(self, region_id, platform_id):
        """Whether a record may be put in this region and platform by the importing user."""
        if self.is_admin:
            return True
        if region_id not in self.allowed_regions:
            return False
        if platform_id is None:
            return not self.platform_required
        return platform_id in self.allowed_platforms

    def visible(self, region_id, platform_id):
        """Whether an existing record lies in the user's scope (the rule of access.py)."""
        if self.is_admin:
            return True
        if isinstance(self.scope, Platform):
            return platform_id is not None and platform_id in self.allowed_platforms
        return region_id in self.allowed_regions

    def scopes(self, region_id, platform_id):
        """(kind, id) of the region, the platform and everything above them."""
        scopes = [(ScopeKind.REGION, pk) for pk in self._ancestors[ScopeKind.REGION][region_id]]
        if platform_id:
            tree = self._ancestors[ScopeKind.PLATFORM]
            scopes += [(ScopeKind.PLATFORM, pk) for pk in tree[platform_id]]
        return scopes

    def scope_message(self):
        scope = self.scope
        if scope is None:
            return ""
        return _("不在您的管辖范围（%(scope)s）内。") % {"scope": scope.name}


def _index(nodes):
    """{code or name: [nodes]} — a name may be shared, a code never is."""
    index = {}
    for node in nodes:
        index.setdefault(_key(node.code), []).append(node)
        if _key(node.name) != _key(node.code):
            index.setdefault(_key(node.name), []).append(node)
    return index


def _key(value):
    return "".join(str(value).split()).lower()


def _find(index, value, what):
    raw = text(value)
    found = index.get(_key(raw), [])
    if len(found) == 1:
        return found[0]
    if not found:
        raise CellError(_("未知的%(what)s“%(text)s”。") % {"what": what, "text": raw})
    raise CellError(
        _("%(what)s名称“%(text)s”不唯一（代码：%(codes)s），请填写代码。")
        % {"what": what, "text": raw, "codes": "、".join(n.code for n in found)}
    )


def _ancestor_ids(nodes):
    by_code = {n.code: n.pk for n in nodes}
    return {n.pk: [by_code[c] for c in n.path.split("/") if c] for n in nodes}
