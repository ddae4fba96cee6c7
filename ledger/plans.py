"""What an import would do: rows to create, to update, unchanged and rejected.

A plan is computed from the file and the database as they are; its digest
fingerprints every decision in it, so a confirmation can tell whether the
plan it would carry out is still the one the user previewed.
"""

import hashlib
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

SAMPLE_SIZE = 50
CHUNK = 2000  # IN (…) lists: well under SQLite's variable limit


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    reason: str
    value: str = ""

    def as_json(self):
        return {"row": self.row, "column": self.column, "value": self.value, "reason": self.reason}


@dataclass
class Plan:
    kind: str
    creates: list = field(default_factory=list)
    updates: list = field(default_factory=list)
    unchanged: list = field(default_factory=list)  # (row, pk, version)
    rejected: dict = field(default_factory=dict)  # row -> [RowError]
    rows: int = 0
    details: dict = field(default_factory=dict)
    _hash: object = field(default_factory=hashlib.sha256, repr=False)

    def reject(self, row, column, reason, value=""):
        self.rejected.setdefault(row, []).append(RowError(row, column, reason, value))

    def feed(self, *parts):
        """Add one decision to the digest (reprs of dicts built in a fixed order, dates, Decimals)."""
        self._hash.update(repr(parts).encode())
        self._hash.update(b"\n")

    def digest(self):
        copy = self._hash.copy()
        for row in sorted(self.rejected):
            copy.update(repr((row, [e.reason for e in self.rejected[row]])).encode())
        return copy.hexdigest()

    def errors(self):
        return [e.as_json() for row in sorted(self.rejected) for e in self.rejected[row]]

    def counts(self):
        return {
            "created": len(self.creates),
            "updated": len(self.updates),
            "unchanged": len(self.unchanged),
            "rejected": len(self.rejected),
        }


def chunks(values, size=CHUNK):
    values = list(values)
    for start in range(0, len(values), size):
        yield values[start : start + size]


def display(value):
    """A value as the preview shows it."""
    if value is None or value == "":
        return "—"
    if isinstance(value, Decimal):
        return f"{value:,.2f}"
    if isinstance(value, bool):
        return _("是") if value else _("否")
    return str(value)


def read_rows(read, rows, plan, progress=None):
    """[(row number, record)] of the rows `read` accepts (it records the others on `plan`);
    `progress(count)` every thousand rows."""
    parsed = []
    for count, (number, values) in enumerate(rows, start=1):
        record = read(number, values, plan)
        if record is not None:
            parsed.append((number, record))
        if progress and count % 1000 == 0:
            progress(count)
        plan.rows = count
    return parsed
