"""The rollup's own serializer of member sets writes what pyroaring writes, byte for byte."""

from __future__ import annotations

import numpy as np
from pyroaring import BitMap

from coffeemug.analytics.privacy import member_set, serialize
from coffeemug.analytics.rollup.bitmaps import serialize_sorted_sets


def _sets(rng: np.random.Generator) -> list[np.ndarray]:
    edges = [
        np.array([], dtype=np.uint32),
        np.array([5], dtype=np.uint32),
        np.array([65535, 65536, 70000, 2**32 - 1], dtype=np.uint32),
        np.arange(4096, dtype=np.uint32) * 3,  # the largest array container
        np.arange(4097, dtype=np.uint32) * 2,  # a bitmap container
        np.arange(100, dtype=np.uint32),  # one run
        np.unique(rng.integers(0, 400_000, 100_000)).astype(np.uint32),
    ]
    spans = (100, 70_000, 400_000, 2**32 - 1)
    drawn = [
        np.unique(rng.integers(0, spans[i % 4], int(rng.integers(0, 3000)))).astype(np.uint32)
        for i in range(200)
    ]
    return edges + drawn


def test_sets_serialized_at_once_equal_pyroaring_byte_for_byte() -> None:
    sets = _sets(np.random.default_rng(0))
    ids = np.concatenate(sets)
    bounds = np.r_[0, np.cumsum([len(s) for s in sets])]
    blobs = serialize_sorted_sets(ids, bounds)
    assert len(blobs) == len(sets)
    for blob, members in zip(blobs, sets, strict=True):
        assert type(blob) is bytes
        assert blob == serialize(member_set(members))
        assert list(BitMap.deserialize(blob)) == members.tolist()


def test_no_sets_serialize_to_nothing() -> None:
    assert len(serialize_sorted_sets(np.zeros(0, dtype=np.uint32), np.array([0]))) == 0
