"""What a table may show beyond each row's own crowd: conversions, and rows made of articles.

Every row of a breakdown is shown only if at least k employees are behind it (service and
privacy.py). Two answers for the same period may also be subtracted from each other; two rules
close what the per-row check leaves open (docs/privacy.md):

1. **Conversions** are an employee's own business result (a meeting booked through a post they
   shared). A row's conversions and their value count only where at least k distinct employees
   converted, with complementary suppression along the breakdown; otherwise they are left out
   of the row's conversions, value and Engagement Score, and the row says so (``None``).
   Where the rollup cannot tell converters apart (per region or business unit, and in filtered
   views) event conversions are never shown.
2. **Campaigns and topics are sums of articles.** A campaign row minus its visible article rows
   would be its hidden articles, so campaign and topic rows leave out the articles that the
   article breakdown of the same period (and filter) hides.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

import numpy as np
from pyroaring import BitMap
from sqlalchemy.orm import Session

from coffeemug.analytics import repository
from coffeemug.analytics.kpis import Totals
from coffeemug.analytics.models import SUMMED
from coffeemug.analytics.privacy import Crowd, suppress_partition

# Breakdowns whose rows are sums of articles.
ARTICLE_SUMS = ("campaign", "topic")


class Row(Protocol):
    """What these rules need of a breakdown row (service.Group has it)."""

    key: Any
    totals: Totals
    hidden: bool | None
    conversions_withheld: bool


def withhold(row: Row) -> None:
    """Leave the row's event conversions out of everything it shows."""
    row.totals.conversions = 0
    row.totals.conversion_value = 0.0
    row.conversions_withheld = True


def withhold_small_conversions(
    session: Session,
    k: int,
    start: Any,
    end: Any,
    dim: str,
    rows: Collection[Row],
    filtered: bool = False,
) -> None:
    """Rule 1 for a breakdown (``rows`` hold event conversions only, nothing imported yet)."""
    converting = [row for row in rows if row.totals.conversions > 0]
    if not converting:
        return
    if filtered or dim not in repository.CONVERSION_DIMENSIONS:
        hidden = {row.key for row in converting}
    else:
        known = repository.conversion_members(session, start, end, dim)
        crowds = {row.key: Crowd(known.get(str(row.key), BitMap())) for row in converting}
        weight = {row.key: row.totals.conversions for row in converting}
        # Rows hidden as a whole hide their conversions too: they count as hidden here.
        already = {row.key for row in converting if row.hidden}
        hidden = suppress_partition(list(crowds), crowds, weight.__getitem__, k, already)
    for row in converting:
        if row.key in hidden:
            withhold(row)


def conversions_shown_overall(session: Session, k: int, start: Any, end: Any) -> bool:
    """Rule 1 for the company-wide total."""
    known = repository.conversion_members(session, start, end, "all")
    return len(known.get("", ())) >= k


@dataclass
class ConversionGate:
    """Rule 1 for articles decided one by one (long lists): per article, whether its event
    conversions may count, and the event value to leave out of its ranking otherwise.

    Fewer conversions than k means fewer converters: only the articles with k conversions or
    more need their sets of converters read, and only when asked about (``decide``), because a
    top list needs a few of them, not thousands.
    """

    withheld_value: dict[int, float]
    # Articles not decided yet: their event conversion value.
    undecided: dict[int, float]
    session: Session
    k: int
    start: Any
    end: Any

    @classmethod
    def for_articles(
        cls, session: Session, k: int, start: Any, end: Any, ranking: dict[str, np.ndarray]
    ) -> ConversionGate:
        """The gate of the articles of an ``article_ranking`` of the period (its conversions and
        their value per article): the ranking has summed them already, so no other statement
        reads the conversion cells of the period, whose number grows with the events."""
        keys = ranking["key"].tolist()
        counts = ranking["conversions"].tolist()
        values = ranking["conversion_value"].tolist()
        converting = [(int(a), n, v) for a, n, v in zip(keys, counts, values, strict=True) if n]
        return cls(
            {key: value for key, count, value in converting if count < k},
            {key: value for key, count, value in converting if count >= k},
            session,
            k,
            start,
            end,
        )

    def decide(self, keys: Iterable[int]) -> None:
        """Read the converters of those of ``keys`` not decided yet (one query for all)."""
        wanted = [key for key in keys if key in self.undecided]
        if not wanted:
            return
        people = repository.conversion_members(
            self.session, self.start, self.end, "article", [str(key) for key in wanted]
        )
        for key in wanted:
            value = self.undecided.pop(key)
            if len(people.get(str(key), ())) < self.k:
                self.withheld_value[key] = value

    def apply(self, row: Row) -> None:
        self.decide([row.key])
        if row.key in self.withheld_value and row.totals.conversions > 0:
            withhold(row)


def leave_out_articles(rows: Iterable[Row], hidden_sums: Mapping[Any, Totals]) -> None:
    """Rule 2 for campaign or topic rows: subtract the summed totals of each row's hidden
    articles (``hidden_sums``, per row key); a row left with nothing is hidden itself."""
    for row in rows:
        part = hidden_sums.get(row.key)
        if part is None:
            continue
        _subtract(row.totals, part)
        if row.totals.events == 0:
            row.hidden = True


def _subtract(total: Totals, part: Totals) -> None:
    # Never below zero: an article re-tagged after its events were rolled up was counted under
    # its old campaign or topics (docs/privacy.md, attribution at rollup time). The parts are
    # never negative, so one clamp of the summed parts equals clamping after each article.
    for name in SUMMED:
        value = getattr(total, name) - getattr(part, name)
        setattr(total, name, max(value, 0))


def filtered_article_sums(
    dim: str,
    visible_cells: Mapping[int, Totals],
    crowds: Mapping[int, Crowd],
    memberships: tuple[Mapping[int, int], Mapping[int, list[str]]],
) -> dict[Any, tuple[Totals, Crowd]]:
    """Rule 2 in a filtered view: campaign or topic rows summed from the view's visible article
    cells only, with the union of their people."""
    campaigns, topics = memberships
    sums: dict[Any, tuple[Totals, Crowd]] = {}
    for article, cell in visible_cells.items():
        keys = [campaigns[article]] if dim == "campaign" and article in campaigns else []
        if dim == "topic":
            keys = topics.get(article, [])
        for key in keys:
            total, crowd = sums.get(key, (Totals(), Crowd()))
            sums[key] = (total.add(cell), crowd.merge(crowds[article]))
    return sums
