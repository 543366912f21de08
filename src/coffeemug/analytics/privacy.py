"""k-anonymity for every figure we show: crowds, small-cell and complementary suppression.

A :class:`Crowd` describes who is behind a figure without naming anyone: HyperLogLog registers
(mergeable across days and cells) and/or a count floor. Its ``lower_bound`` never exceeds the
true number of distinct employees, so "show only when lower_bound >= k" can never show a group
smaller than k; it may hide a group that is in fact large enough (we prefer that error).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass, field

import numpy as np

# Registers per sketch. Each register a group touches needs at least one distinct employee, so
# the number of non-empty registers is a hard lower bound of the group size (up to 128).
HLL_REGISTERS = 128
HLL_MAX_LOWER_BOUND = HLL_REGISTERS
_RANK_BITS = 25  # hash bits left after the register index (7 bits for 128 registers)


def hll_hash(employee_ids: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Register index and rank (1..26) of each employee id in a HyperLogLog sketch.

    A 32-bit mix of the id in two multiply-xorshift rounds. Sketches stored by earlier versions
    used the very same mix, so old and new registers merge without counting anyone twice.
    """
    x = employee_ids.astype(np.uint64)
    x = (x * np.uint64(2654435761)) & np.uint64(0xFFFFFFFF)
    x ^= x >> np.uint64(16)
    x = (x * np.uint64(73244475)) & np.uint64(0xFFFFFFFF)
    x ^= x >> np.uint64(15)
    registers = (x & np.uint64(HLL_REGISTERS - 1)).astype(np.intp)
    # Rank = leading zeros of the remaining bits + 1; frexp's exponent is the bit length.
    rest = (x >> np.uint64(7)).astype(np.float64)
    ranks = (_RANK_BITS + 1 - np.frexp(rest)[1]).astype(np.uint8)
    return registers, ranks


@dataclass
class Crowd:
    """The distinct employees behind one figure, as a sketch and/or a guaranteed minimum."""

    registers: dict[int, int] = field(default_factory=dict)
    floor: int = 0

    @classmethod
    def from_rows(cls, rows: Iterable[tuple[int, int]]) -> Crowd:
        crowd = cls()
        for reg, rho in rows:
            if rho > crowd.registers.get(reg, 0):
                crowd.registers[reg] = rho
        return crowd

    @classmethod
    def from_registers(cls, registers: list[int], floor: int = 0) -> Crowd:
        return cls({i: int(v) for i, v in enumerate(registers) if v}, floor)

    def merge(self, other: Crowd) -> Crowd:
        registers = dict(self.registers)
        for reg, rho in other.registers.items():
            if rho > registers.get(reg, 0):
                registers[reg] = rho
        return Crowd(registers, max(self.floor, other.floor))

    @property
    def lower_bound(self) -> int:
        return max(self.floor, len(self.registers))

    def estimate(self) -> int:
        """HyperLogLog estimate of distinct employees (never below the guaranteed minimum)."""
        if not self.registers:
            return self.floor
        m = HLL_REGISTERS
        zeros = m - len(self.registers)
        harmonic = zeros + sum(2.0**-rho for rho in self.registers.values())
        alpha = 0.7213 / (1 + 1.079 / m)
        raw = alpha * m * m / harmonic
        if raw <= 2.5 * m and zeros > 0:
            raw = m * math.log(m / zeros)  # linear counting is exact-ish for small groups
        return max(self.lower_bound, round(raw))


def estimates(registers: np.ndarray) -> np.ndarray:
    """``Crowd.estimate()`` of many sketches at once (one row of registers each, no floor)."""
    m = HLL_REGISTERS
    nonzero = (registers > 0).sum(axis=1)
    zeros = m - nonzero
    harmonic = np.power(2.0, -registers.astype(np.float64)).sum(axis=1)
    alpha = 0.7213 / (1 + 1.079 / m)
    raw = alpha * m * m / harmonic
    with np.errstate(divide="ignore"):
        linear = m * np.log(m / np.maximum(zeros, 1))
    raw = np.where((raw <= 2.5 * m) & (zeros > 0), linear, raw)
    return np.where(nonzero > 0, np.maximum(nonzero, np.round(raw)), 0).astype(np.int64)


def is_visible(crowd: Crowd, k: int) -> bool:
    return crowd.lower_bound >= k


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
    while hidden:
        union = Crowd()
        for key in hidden:
            union = union.merge(crowds[key])
        if is_visible(union, k):
            break
        visible = [key for key in keys if key not in hidden]
        if not visible:
            break
        hidden.add(min(visible, key=lambda key: (weight(key), str(key))))
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
    rows = sorted({a for a, _ in cells}, key=str)
    cols = sorted({b for _, b in cells}, key=str)
    lines = [[c for c in cells if c[0] == row] for row in rows]
    lines += [[c for c in cells if c[1] == col] for col in cols]
    lines.append(list(cells))
    changed = True
    while changed:
        changed = False
        for members in lines:
            before = len(hidden)
            hidden |= suppress_partition(
                members, cells, weight, k, already={c for c in members if c in hidden}
            )
            changed = changed or len(hidden) != before
    return hidden
