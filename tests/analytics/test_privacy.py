"""Crowds (exact member sets) and small-cell / complementary suppression."""

from __future__ import annotations

import numpy as np

from coffeemug.analytics.privacy import (
    Crowd,
    deserialize,
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
