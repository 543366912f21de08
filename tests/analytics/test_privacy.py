"""Crowds (exact member sets) and small-cell / complementary suppression."""

from __future__ import annotations

import numpy as np
from pyroaring import BitMap

from coffeemug.analytics.privacy import (
    Crowd,
    deserialize,
    is_visible,
    member_set,
    serialize,
    suppress_partition,
    suppress_table,
)


def test_counts_are_exact_at_every_size() -> None:
    rng = np.random.default_rng(5)
    for n in (1, 3, 4, 5, 9, 40, 500, 10_000, 250_000):
        ids = rng.choice(2**31 - 1, size=n, replace=False) + 1
        # Every person twice, in any order: a set counts people, not events.
        crowd = Crowd(deserialize(serialize(member_set(np.concatenate([ids, ids[::-1]])))))
        assert crowd.count() == crowd.lower_bound == n


def test_merge_is_a_union() -> None:
    merged = Crowd.of([1, 2, 3]).merge(Crowd.of([3, 4, 9]))
    assert sorted(merged.members) == [1, 2, 3, 4, 9]
    assert merged.count() == 5
    assert Crowd(floor=7).merge(Crowd(floor=3)).lower_bound == 7


def test_a_group_of_four_is_never_counted_as_five() -> None:
    # What the estimate allowed before: four people over many days and cells are four.
    parts = [Crowd.of([10, 20]), Crowd.of([20, 30]), Crowd.of([30, 40]), Crowd.of([40, 10])]
    union = Crowd()
    for part in parts:
        union = union.merge(part)
    assert union.count() == 4
    assert suppress_partition(["a"], {"a": union}, lambda key: 1, k=5) == {"a"}


def test_small_groups_and_their_complement_are_hidden() -> None:
    crowds = {"A": Crowd(floor=10), "B": Crowd(floor=3), "C": Crowd(floor=8), "D": Crowd(floor=20)}
    weights = {"A": 100, "B": 5, "C": 50, "D": 300}
    hidden = suppress_partition(list(crowds), crowds, weights.__getitem__, k=5)
    # B alone would be revealed by total minus A, C, D: the smallest other group goes too.
    assert hidden == {"B", "C"}


def test_nothing_hidden_when_every_group_is_large_enough() -> None:
    crowds = {"A": Crowd(floor=5), "B": Crowd(floor=6)}
    assert suppress_partition(list(crowds), crowds, lambda key: 1, k=5) == set()


def test_two_way_table_protects_rows_and_columns() -> None:
    big, small = Crowd(floor=50), Crowd(floor=2)
    cells = {
        ("EU", "email"): small,
        ("EU", "app"): big,
        ("EU", "intranet"): big,
        ("US", "email"): big,
        ("US", "app"): big,
        ("US", "intranet"): big,
    }
    hidden = suppress_table(cells, lambda cell: 1 if cell == ("EU", "app") else 10, k=5)
    assert ("EU", "email") in hidden
    # The email column total is published too: another email cell must go with it.
    assert any(cell[1] == "email" and cell[0] != "EU" for cell in hidden)
    assert any(cell[0] == "EU" and cell[1] != "email" for cell in hidden)


def _partition_as_stated(keys: list, crowds: dict, weight, k: int, already: set) -> set:
    """suppress_partition written out plainly: a fresh union and a search per added group."""
    hidden = set(already) | {key for key in keys if not is_visible(crowds[key], k)}
    while hidden:
        union = Crowd()
        for key in hidden:
            union = union.merge(crowds[key])
        visible = [key for key in keys if key not in hidden]
        if is_visible(union, k) or not visible:
            break
        hidden.add(min(visible, key=lambda key: (weight(key), str(key))))
    return hidden


def _table_as_stated(cells: dict, weight, k: int) -> set:
    """suppress_table written out plainly (each line found by a scan of the whole table)."""
    hidden = {cell for cell, crowd in cells.items() if not is_visible(crowd, k)}
    rows = sorted({a for a, _ in cells}, key=str)
    cols = sorted({b for _, b in cells}, key=str)
    lines = [[c for c in cells if c[0] == row] for row in rows]
    lines += [[c for c in cells if c[1] == col] for col in cols]
    lines.append(list(cells))
    changed = True
    while changed:
        before = len(hidden)
        for members in lines:
            already = {c for c in members if c in hidden}
            hidden |= _partition_as_stated(members, cells, weight, k, already)
        changed = len(hidden) != before
    return hidden


def _random_table(rng: np.random.Generator) -> dict:
    rows, cols = int(rng.integers(1, 6)), int(rng.integers(1, 30))
    cells = {}
    for r in range(rows):
        for c in range(cols):
            if rng.random() < 0.8:
                size = int(rng.choice([0, 1, 2, 3, 4, 6, 9, 30]))
                people = rng.choice(60, size=size, replace=False) + 1
                cells[(f"r{r}", c)] = Crowd(BitMap(people.tolist()), int(rng.choice([0, 0, 3, 7])))
    return cells


def test_fast_suppression_hides_exactly_what_the_rule_says() -> None:
    # The fast versions sort once and grow one union; the decisions must not change.
    rng = np.random.default_rng(11)
    for trial in range(80):
        cells = _random_table(rng)
        weights = {cell: int(rng.integers(0, 5)) for cell in cells}
        line = [cell for cell in cells if cell[0] == "r0"]
        already = {cell for cell in line if rng.random() < 0.1}
        assert suppress_partition(line, cells, weights.__getitem__, 5, already) == (
            _partition_as_stated(line, cells, weights.__getitem__, 5, already)
        ), trial
        assert suppress_table(cells, weights.__getitem__, k=5) == (
            _table_as_stated(cells, weights.__getitem__, k=5)
        ), trial
