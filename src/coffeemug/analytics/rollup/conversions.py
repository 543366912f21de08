"""The rollup of conversion events: cells per day x article x channel x kind, and the exact set
of employees who converted per day and value of each dimension the conversion rules need
(analytics.disclosure). Conversions are rare, so plain Python does."""

from __future__ import annotations

from collections import defaultdict
from datetime import timedelta
from typing import Any

import numpy as np
from pyroaring import BitMap
from sqlalchemy.orm import Session

from coffeemug.analytics.models import ARTICLE_WEEK, NO_ARTICLE
from coffeemug.analytics.privacy import conversion_dim, serialize
from coffeemug.analytics.rollup import store as rollup_store
from coffeemug.analytics.rollup.aggregate import Names, week_monday

# The dimensions whose converters are counted; "all" is keyed "" and serves the day breakdown.
CONVERSION_DIMENSIONS = ("all", "kind", "article", "campaign", "topic", "channel")


def roll_conversions(
    session: Session,
    window: rollup_store.WindowConversions,
    campaigns: dict[int, int],
    topics: list[tuple[int, str]],
) -> None:
    """Add the window's conversion events to the cells and the converters' sets."""
    if not window.day:
        return
    topics_of: dict[int, list[str]] = defaultdict(list)
    for article, topic in topics:
        topics_of[article].append(topic)
    cells: dict[tuple[int, int, str, str], list[Any]] = {}
    sets: dict[tuple[str, int, str], BitMap] = defaultdict(BitMap)
    for day, article, channel, kind, value, employee in zip(
        window.day,
        window.article,
        window.channel,
        window.kind,
        window.value,
        window.employee,
        strict=True,
    ):
        cell = cells.setdefault((day, article, channel, kind), [0, 0.0, BitMap()])
        cell[0] += 1
        cell[1] += value
        if employee == rollup_store.NO_EMPLOYEE:
            continue
        cell[2].add(employee)
        keys = {"all": [""], "kind": [kind], "channel": [channel]}
        if article != NO_ARTICLE:
            keys["article"] = [str(article)]
            keys["campaign"] = [str(campaigns[article])] if article in campaigns else []
            keys["topic"] = topics_of.get(article, [])
        for dim, values in keys.items():
            for key in values:
                sets[(conversion_dim(dim), day, key)].add(employee)
        if article != NO_ARTICLE:
            week = int(week_monday(np.int64(day)))
            sets[(conversion_dim(ARTICLE_WEEK), week, str(article))].add(employee)
    rollup_store.add_conversion_cells(
        session,
        [
            {
                "day": rollup_store.EPOCH_DAY + timedelta(days=day),
                "article_id": article,
                "channel": channel,
                "kind": kind,
                "conversions": count,
                "value": value,
                "employees": len(people),
            }
            for (day, article, channel, kind), (count, value, people) in sorted(cells.items())
        ],
    )
    write_sets(session, sets)


def write_sets(session: Session, sets: dict[tuple[str, int, str], BitMap]) -> None:
    """Merge member sets keyed (dim, day as days since 1970, key) into the stored ones."""
    if not sets:
        return
    names = Names()
    ordered = sorted(sets)
    members = np.empty(len(ordered), dtype=object)
    members[:] = [serialize(sets[key]) for key in ordered]
    rollup_store.write_sketches(
        session,
        names.names,
        {
            "day": np.array([day for _, day, _ in ordered], dtype=np.int64),
            "dim": names.codes([dim for dim, _, _ in ordered]),
            "key": names.codes([key for _, _, key in ordered]),
            "members": members,
            "people": np.array([len(sets[key]) for key in ordered], dtype=np.int64),
        },
    )
