"""Effort entered by editors, and result against effort (ROI) per article and campaign."""

from __future__ import annotations

import statistics
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from coffeemug.analytics import repository
from coffeemug.analytics.kpis import ratio
from coffeemug.analytics.labels import note, title
from coffeemug.analytics.models import Effort
from coffeemug.analytics.schemas import EffortCreate, TableRead
from coffeemug.analytics.service import (
    Group,
    chosen_groups,
    columns,
    labels,
    make_table,
    rounded,
)
from coffeemug.errors import NotFound
from coffeemug.settings import Settings

# Cost of one hour of editorial work when comparing effort, in EUR.
HOURLY_RATE = 80.0
# Results per euro this many times below (or above) the median get flagged.
PROPORTION_FACTOR = 3.0


def set_effort(session: Session, data: EffortCreate) -> Effort:
    """Record (or replace) the effort spent on an article or campaign."""
    if data.article_id is not None and not repository.articles_by_id(session, [data.article_id]):
        raise NotFound(f"article {data.article_id} does not exist")
    if data.campaign_id is not None and not repository.campaigns_by_id(session, [data.campaign_id]):
        raise NotFound(f"campaign {data.campaign_id} does not exist")
    # One statement that inserts or replaces: two editors saving at once both succeed.
    return repository.upsert_effort(
        session, data.article_id, data.campaign_id, data.hours, data.budget, data.note
    )


def effort_choices(
    session: Session, article_limit: int
) -> tuple[list[tuple[int, str]], list[tuple[int, str]]]:
    """What effort can be entered for: every campaign, the most recent published articles."""
    return repository.effort_choices(session, article_limit)


def roi_table(
    session: Session,
    settings: Settings,
    start: date,
    end: date,
    lang: str,
    version: int | None,
) -> TableRead:
    """Effort against Engagement Score and value; flags results out of proportion to effort."""
    efforts = repository.list_efforts(session)
    scored: dict[tuple[str, Any], tuple[Group, dict[str, Any]]] = {}
    version_used: int | None = None
    for dim in ("article", "campaign"):
        if any(getattr(e, f"{dim}_id") is not None for e in efforts):
            wanted = {getattr(e, f"{dim}_id") for e in efforts}
            scorer, mine = chosen_groups(session, settings, dim, start, end, wanted, version)
            version_used = scorer.version
            scored.update({(dim, g.key): (g, scorer.values(g)) for g in mine})
    names = {
        "article": labels(
            session, "article", [e.article_id for e in efforts if e.article_id], lang
        ),
        "campaign": labels(
            session, "campaign", [e.campaign_id for e in efforts if e.campaign_id], lang
        ),
    }
    rows = []
    for effort in efforts:
        dim = "article" if effort.article_id is not None else "campaign"
        key = effort.article_id if dim == "article" else effort.campaign_id
        group, values = scored.get((dim, key), (None, {}))
        hidden = group is not None and group.hidden
        cost = effort.hours * HOURLY_RATE + effort.budget
        score = None if hidden else (values.get("score") or 0.0)
        if group is None:
            value: float | None = 0.0  # nothing happened in the period, nothing imported
        else:
            # None where hidden, or where conversions of fewer than k employees were withheld.
            value = None if hidden else values.get("conversion_value")
        rows.append(
            {
                "kind": dim,
                "key": str(key),
                "label": names[dim].get(key, str(key)),
                "suppressed": hidden,
                "hours": effort.hours,
                "budget": effort.budget,
                "cost": round(cost, 2),
                "score": score,
                "conversion_value": value,
                "roi": None if value is None else rounded(ratio(value - cost, cost)),
                "score_per_1000_eur": None if score is None else rounded(ratio(score * 1000, cost)),
                "flag": "",
            }
        )
    _flag_out_of_proportion(rows)
    keys = (
        "kind",
        "key",
        "label",
        "suppressed",
        "hours",
        "budget",
        "cost",
        "score",
        "conversion_value",
        "roi",
        "score_per_1000_eur",
        "flag",
    )
    return make_table(
        "roi",
        title("roi", lang),
        start,
        end,
        settings,
        columns(keys, lang),
        rows,
        version_used,
        note=note("roi", lang, rate=f"{HOURLY_RATE:.0f}", factor=f"{PROPORTION_FACTOR:.0f}"),
    )


def _flag_out_of_proportion(rows: list[dict[str, Any]]) -> None:
    efficiencies = [r["score_per_1000_eur"] for r in rows if r["score_per_1000_eur"] is not None]
    if len(efficiencies) < 3:
        return
    median = statistics.median(efficiencies)
    for row in rows:
        value = row["score_per_1000_eur"]
        if value is None or median <= 0:
            continue
        if value < median / PROPORTION_FACTOR:
            row["flag"] = "effort_out_of_proportion"
        elif value > median * PROPORTION_FACTOR:
            row["flag"] = "high_yield"
