"""Crowd sketches and small-cell / complementary suppression."""

from __future__ import annotations

import random

from coffeemug.analytics.privacy import HLL_REGISTERS, Crowd, suppress_partition, suppress_table


def _crowd_of(ids: range, seed: int = 1) -> Crowd:
    rng = random.Random(seed)
    rows = []
    for _ in ids:
        h = rng.getrandbits(32)
        w = h >> 7
        rho = 26 - w.bit_length() if w else 26
        rows.append((h & (HLL_REGISTERS - 1), rho))
    return Crowd.from_rows(rows)


def test_lower_bound_never_exceeds_the_true_count() -> None:
    for n in (1, 3, 4, 5, 40, 500):
        crowd = _crowd_of(range(n), seed=n)
        assert 1 <= crowd.lower_bound <= n


def test_estimate_is_close_for_large_groups() -> None:
    crowd = _crowd_of(range(20_000), seed=3)
    assert abs(crowd.estimate() - 20_000) / 20_000 < 0.3
    small = _crowd_of(range(60), seed=4)
    assert abs(small.estimate() - 60) <= 10


def test_merge_is_a_union() -> None:
    a = Crowd.from_rows([(1, 3), (2, 1)])
    b = Crowd.from_rows(
        [(2, 4), (9, 1)],
    )
    merged = a.merge(b)
    assert merged.registers == {1: 3, 2: 4, 9: 1}
    assert Crowd(floor=7).merge(Crowd(floor=3)).lower_bound == 7


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
