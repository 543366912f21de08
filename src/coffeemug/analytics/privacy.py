"""k-anonymity for every figure we show: crowds, small-cell and complementary suppression.

A :class:`Crowd` describes who is behind a figure: the exact set of pseudonymous employee numbers
(a roaring bitmap, merged across days and cells by union) and/or a count floor where only a
guaranteed minimum is known. Its ``lower_bound`` never exceeds the true number of distinct
employees and equals it whenever the set is known, so "show only when lower_bound >= k" decides
on exact counts and can never show a group smaller than k.
"""

from __future__ import annotations

from array import array
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass, field

import numpy as np
from pyroaring import BitMap

# One-filter views keep member sets per ISO week and (filter value, breakdown value): their
# dimension name, and the character joining the two values in the key (never shown).
PAIR_SEPARATOR = "\x1f"


def pair_dim(filter_dim: str, by: str) -> str:
    return f"{filter_dim}/{by}"


def conversion_dim(dim: str) -> str:
    """The sketch dimension of the employees who converted, per day and value of ``dim``."""
    return f"conversion/{dim}"


def member_set(employee_ids: np.ndarray) -> BitMap:
    """The bitmap of these employee numbers (non-negative 32-bit ids, any order)."""
    ids = np.ascontiguousarray(employee_ids, dtype=np.uint32)
    # array('I') takes the buffer as is: many times faster than iterating numpy values.
    return BitMap(array("I", ids.tobytes()))


def serialize(members: BitMap) -> bytes:
    return bytes(members.serialize())


def deserialize(blob: bytes | None) -> BitMap:
    return BitMap.deserialize(blob) if blob else BitMap()


@dataclass
class Crowd:
    """The distinct employees behind one figure: their set, and/or a guaranteed minimum."""

    members: BitMap = field(default_factory=BitMap)
    floor: int = 0

    @classmethod
    def of(cls, employee_ids: Iterable[int]) -> Crowd:
        return cls(BitMap(employee_ids))

    def merge(self, other: Crowd) -> Crowd:
        return Crowd(self.members | other.members, max(self.floor, other.floor))

    @property
    def lower_bound(self) -> int:
        return max(self.floor, len(self.members))

    def count(self) -> int:
        """Distinct employees: exact where the set is known (every rollup reach is)."""
        return self.lower_bound


def is_visible(crowd: Crowd, k: int) -> bool:
    """At least k employees behind the figure, or none at all: a row made only of what no
    employee did (visitors' clicks on shared links, imported conversions, paid reach) says
    nothing about anyone, alone or subtracted from a total."""
    return crowd.lower_bound >= k or crowd.lower_bound == 0


def _union(crowds: Iterable[Crowd]) -> Crowd:
    """One crowd of all these: a single multi-way union instead of a chain of copies."""
    crowds = list(crowds)
    if not crowds:
        return Crowd()
    return Crowd(BitMap.union(*(c.members for c in crowds)), max(c.floor for c in crowds))


def suppress_partition(
    keys: list[Hashable],
    crowds: dict[Hashable, Crowd],
    weight: Callable[[Hashable], float],
    k: int,
    already: set[Hashable] | None = None,
) -> set[Hashable]:
    """Keys to hide in a breakdown whose total is known elsewhere.

    Primary: every group under k. Complementary: while the hidden groups together are under k
    (so "total minus the visible rows" would reveal them), also hide the smallest visible group.
    """
    hidden = set(already or ()) | {key for key in keys if not is_visible(crowds[key], k)}
    return _complement(keys, crowds, weight, k, hidden)


def _complement(
    keys: list[Hashable],
    crowds: dict[Hashable, Crowd],
    weight: Callable[[Hashable], float],
    k: int,
    hidden: set[Hashable],
) -> set[Hashable]:
    """``hidden`` (which holds every group under k) plus the smallest visible groups, until
    the hidden ones together reach k."""
    if not hidden:
        return hidden
    union = _union(crowds[key] for key in hidden)
    if is_visible(union, k):
        return hidden
    # The smallest visible groups in the order the rule takes them, the union grown in place:
    # one sort and one pass instead of a search and a fresh union per added group.
    members, floor = union.members, union.floor
    smallest_first = sorted(
        (key for key in keys if key not in hidden), key=lambda key: (weight(key), str(key))
    )
    for key in smallest_first:
        hidden.add(key)
        members |= crowds[key].members
        floor = max(floor, crowds[key].floor)
        if is_visible(Crowd(members, floor), k):
            break
    return hidden


def suppress_table(
    cells: dict[tuple[Hashable, Hashable], Crowd],
    weight: Callable[[tuple[Hashable, Hashable]], float],
    k: int,
) -> set[tuple[Hashable, Hashable]]:
    """Cells to hide in a two-way table (filter value x breakdown value).

    Rows and columns both have published totals (the one-way breakdowns), and so has the whole
    table (the overview), so complementary suppression runs along rows, columns and the whole
    until nothing changes any more.
    """
    hidden = {cell for cell, crowd in cells.items() if not is_visible(crowd, k)}
    by_row: dict[Hashable, list[tuple[Hashable, Hashable]]] = {}
    by_col: dict[Hashable, list[tuple[Hashable, Hashable]]] = {}
    for cell in cells:
        by_row.setdefault(cell[0], []).append(cell)
        by_col.setdefault(cell[1], []).append(cell)
    lines = [by_row[row] for row in sorted(by_row, key=str)]
    lines += [by_col[col] for col in sorted(by_col, key=str)]
    lines.append(list(cells))
    changed = True
    while changed:
        changed = False
        for members in lines:
            # Every cell under k is in ``hidden`` from the start: only the complement is new.
            line_hidden = {c for c in members if c in hidden}
            if not line_hidden:
                continue
            before = len(line_hidden)
            added = _complement(members, cells, weight, k, line_hidden)
            if len(added) != before:
                hidden |= added
                changed = True
    return hidden
