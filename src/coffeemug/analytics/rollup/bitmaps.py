"""Many roaring bitmaps serialized at once with numpy, byte for byte as ``pyroaring`` writes
them, so that the rollup does not build a ``BitMap`` object per member set: a window of ten
million events writes more than a million sets, most of them a handful of people.

Only sets whose containers are all array containers are written here: the portable format's
cookie (12346) and number of containers (u32 each), per container its key (the upper 16 bits of
its numbers) and cardinality - 1 (u16 each), per container the offset of its data from the start
(u32), then each container's numbers as sorted u16, all little-endian. ``pyroaring`` writes a
container of more than 4,096 numbers as a bitmap, and one of consecutive numbers as runs (when
two runs per number or fewer make it smaller); sets with such a container are left to it.
"""

from __future__ import annotations

import numpy as np

from coffeemug.analytics.privacy import member_set, serialize

_COOKIE = 12346
_ARRAY_LIMIT = 4096


def serialize_sorted_sets(ids: np.ndarray, bounds: np.ndarray) -> np.ndarray:
    """The serialized bitmaps of ``ids[bounds[i]:bounds[i + 1]]`` (each slice sorted and
    distinct, 32-bit non-negative), as an object array of bytes."""
    ids = np.ascontiguousarray(ids, dtype=np.uint32)
    n = len(bounds) - 1
    counts = np.diff(bounds)
    owner = np.repeat(np.arange(n), counts)
    high = ids >> 16
    low = ids & 0xFFFF
    new_container = np.ones(len(ids), dtype=bool)
    new_container[1:] = (owner[1:] != owner[:-1]) | (high[1:] != high[:-1])
    starts = np.flatnonzero(new_container)
    cards = np.diff(np.r_[starts, len(ids)])
    # Runs per container: a number continues a run if it follows the one before it.
    continues = np.zeros(len(ids), dtype=bool)
    continues[1:] = ~new_container[1:] & (low[1:] == low[:-1] + 1)
    runs = cards - np.add.reduceat(continues, starts) if len(starts) else cards
    other = (cards > _ARRAY_LIMIT) | (2 * runs < cards)
    blobs = np.empty(n, dtype=object)
    special = np.zeros(n, dtype=bool)
    special[owner[starts[other]]] = True
    for i in np.flatnonzero(special).tolist():
        blobs[i] = serialize(member_set(ids[bounds[i] : bounds[i + 1]]))
    plain = ~special
    keep = plain[owner]
    if plain.any():
        blobs[plain] = _arrays_only(ids[keep], counts[plain])
    return blobs


def _arrays_only(ids: np.ndarray, counts: np.ndarray) -> list[bytes]:
    """Serialized sets of ``counts[i]`` consecutive ids each, every container an array.

    Every field lies at an even byte (a set takes 8 + 8 per container + 2 per number bytes), so
    the sets are written as one array of 16-bit words; a u32 field is two words.
    """
    n = len(counts)
    owner = np.repeat(np.arange(n), counts)
    high = (ids >> 16).astype(np.int64)
    new_container = np.ones(len(ids), dtype=bool)
    new_container[1:] = (owner[1:] != owner[:-1]) | (high[1:] != high[:-1])
    starts = np.flatnonzero(new_container)
    cards = np.diff(np.r_[starts, len(ids)])
    container_set = owner[starts]
    per_set = np.bincount(container_set, minlength=n)
    set_words = 4 + 4 * per_set + counts
    set_start = np.r_[0, np.cumsum(set_words)]
    words = np.zeros(int(set_start[-1]), dtype="<u2")
    first = set_start[:-1]
    words[first] = _COOKIE
    words[first + 2] = per_set & 0xFFFF
    words[first + 3] = per_set >> 16
    # Each container's rank within its set: its key and cardinality - 1, then its offset.
    first_container = (np.cumsum(per_set) - per_set)[container_set]
    rank = np.arange(len(starts)) - first_container
    base = first[container_set]
    words[base + 4 + 2 * rank] = high[starts]
    words[base + 5 + 2 * rank] = cards - 1
    before = np.cumsum(cards) - cards  # numbers in all earlier containers
    offset = 2 * (4 + 4 * per_set[container_set] + before - before[first_container])
    at = base + 4 + 2 * per_set[container_set] + 2 * rank
    words[at] = offset & 0xFFFF
    words[at + 1] = offset >> 16
    # The numbers: each set's low halves in order, right after its headers.
    data_start = first + 4 + 4 * per_set
    index = np.arange(len(ids)) - np.repeat(np.cumsum(counts) - counts, counts)
    words[data_start[owner] + index] = ids & 0xFFFF
    payload = words.tobytes()
    bounds = (2 * set_start).tolist()
    return [payload[bounds[i] : bounds[i + 1]] for i in range(n)]
