"""Exact, deterministic splits of amounts and picks of dates.

Amounts are Decimal 万元. Every split sums to its total exactly: parts are
multiples of `unit` (largest-remainder rounding) and the sub-unit rest goes to
the last part. Randomness comes only from the random.Random passed in.
"""

import datetime
from decimal import Decimal

from tooling.fixturegen.spec import SpecError

WEIGHT_PLACES = Decimal("0.000001")


def apportion(total, weights, unit=Decimal(1)):
    """Split `total` in proportion to `weights` into parts that add up to it exactly."""
    if not weights:
        if total:
            raise SpecError(f"cannot split {total} into no parts")
        return []
    weights = [Decimal(str(w)).quantize(WEIGHT_PLACES) for w in weights]
    units, rest = divmod(total, unit)
    units = int(units)
    wsum = sum(weights)
    quotas = [units * w / wsum for w in weights]
    parts = [int(q) for q in quotas]
    short = units - sum(parts)
    order = sorted(range(len(parts)), key=lambda i: (-(quotas[i] - parts[i]), i))
    for i in order[:short]:
        parts[i] += 1
    out = [Decimal(p) * unit for p in parts]
    out[-1] += rest
    return out


def random_weights(rng, n, spread):
    return [1 + rng.uniform(-spread, spread) for _ in range(n)]


def split(total, n, rng, lo=Decimal(0), hi=None, spread=0.35, unit=Decimal(100)):
    """`n` positive-ish parts of `total`, each within [lo, hi], seeded-random around equal."""
    if n == 0:
        return apportion(total, [])
    if total < n * lo or (hi is not None and total > n * hi):
        raise SpecError(f"cannot split {total} 万元 into {n} parts within [{lo}, {hi}]")
    free = total - n * lo
    for weights in (random_weights(rng, n, spread), [1] * n):
        parts = [lo + p for p in apportion(free, weights, unit)]
        if hi is None or max(parts) <= hi:
            return parts
    raise SpecError(f"cannot split {total} 万元 into {n} parts at most {hi}")


def pick_date(rng, start, end, after=None):
    """A day in [start, end], not before `after`."""
    if after and after > start:
        start = after
    if start > end:
        raise SpecError(f"no day in [{start}, {end}] after {after}")
    return start + datetime.timedelta(days=rng.randint(0, (end - start).days))
