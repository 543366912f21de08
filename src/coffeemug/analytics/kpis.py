"""The KPI registry: small, documented definitions computed from rolled-up totals.

Every KPI is zero-guarded (a rate with an empty base is ``None``, shown as "–", never a division
error or a misleading 0) and derived KPIs are built from other KPIs by slug.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, fields
from typing import Annotated

import numpy as np
from pydantic import BaseModel, Field


@dataclass
class Totals:
    """Additive figures of one group (article, campaign, day, region, ...) over a period."""

    events: int = 0
    impressions: int = 0
    opens: int = 0
    reads: int = 0
    likes: int = 0
    dismissals: int = 0
    saves: int = 0
    shares: int = 0
    acknowledgements: int = 0
    comments: int = 0
    conversions: int = 0
    conversion_value: float = 0.0
    dwell_seconds: float = 0.0
    # Distinct employees reached (HyperLogLog estimate; None where not known for this group).
    reached: int | None = None
    # Employees reached by must-read articles in this group (the acknowledgement rate's base).
    must_read_reached: int | None = None

    def add(self, other: Totals) -> Totals:
        result = Totals()
        for f in fields(self):
            a, b = getattr(self, f.name), getattr(other, f.name)
            if a is None or b is None:
                setattr(result, f.name, a if b is None else b)
            else:
                setattr(result, f.name, a + b)
        return result


def ratio(numerator: float | None, denominator: float | None) -> float | None:
    """Zero guard shared by every rate."""
    if numerator is None or not denominator:
        return None
    return numerator / denominator


@dataclass(frozen=True)
class Kpi:
    slug: str
    title_en: str
    title_de: str
    unit: str  # count | ratio | seconds | currency | score
    group: str  # reach | interaction | impact
    description: str
    compute: Callable[[Totals, dict[str, float | None]], float | None]

    def title(self, lang: str) -> str:
        return self.title_de if lang == "de" else self.title_en


REGISTRY: dict[str, Kpi] = {}


def kpi(
    slug: str, title_en: str, title_de: str, unit: str, group: str, description: str
) -> Callable[[Callable[[Totals, dict[str, float | None]], float | None]], None]:
    def decorate(fn: Callable[[Totals, dict[str, float | None]], float | None]) -> None:
        REGISTRY[slug] = Kpi(slug, title_en, title_de, unit, group, description, fn)

    return decorate


# What counts as an interaction: an active response beyond seeing the teaser.
INTERACTION_COLUMNS = ("opens", "likes", "comments", "shares", "saves")


def interactions(t: Totals) -> int:
    return sum(getattr(t, column) for column in INTERACTION_COLUMNS)


@kpi("impressions", "Impressions", "Impressionen", "count", "reach", "Teasers shown.")
def _impressions(t: Totals, _: dict[str, float | None]) -> float | None:
    return t.impressions


@kpi(
    "reached",
    "Employees reached",
    "Erreichte Mitarbeitende",
    "count",
    "reach",
    "Distinct employees with at least one event (HyperLogLog estimate, ±9 %).",
)
def _reached(t: Totals, _: dict[str, float | None]) -> float | None:
    return t.reached


@kpi(
    "read_rate",
    "Read rate",
    "Leserate",
    "ratio",
    "reach",
    "Reads (an article read with dwell time) per impression.",
)
def _read_rate(t: Totals, _: dict[str, float | None]) -> float | None:
    return ratio(t.reads, t.impressions)


@kpi(
    "avg_dwell_seconds",
    "Average reading time",
    "Mittlere Lesedauer",
    "seconds",
    "reach",
    "Dwell seconds per read.",
)
def _dwell(t: Totals, _: dict[str, float | None]) -> float | None:
    return ratio(t.dwell_seconds, t.reads)


@kpi(
    "acknowledgement_rate",
    "Must-read acknowledgement rate",
    "Bestätigungsquote Pflichtlektüre",
    "ratio",
    "reach",
    "Acknowledgements per employee reached by must-read articles.",
)
def _ack_rate(t: Totals, _: dict[str, float | None]) -> float | None:
    return ratio(t.acknowledgements, t.must_read_reached)


for _slug, _en, _de, _event in (
    ("opens", "Opens", "Öffnungen", "article_opened"),
    ("likes", "Likes", "Likes", "article_liked"),
    ("comments", "Comments", "Kommentare", "article_commented"),
    ("shares", "Shares", "Geteilt", "article_shared"),
):
    kpi(_slug, _en, _de, "count", "interaction", f"Events of type {_event}.")(
        lambda t, _, name=_slug: getattr(t, name)
    )


@kpi(
    "interactions",
    "Interactions",
    "Interaktionen",
    "count",
    "interaction",
    "Opens + likes + comments + shares + saves.",
)
def _interactions(t: Totals, _: dict[str, float | None]) -> float | None:
    return interactions(t)


@kpi(
    "engagement_rate_impression",
    "Engagement rate (per impression)",
    "Engagement-Rate (je Impression)",
    "ratio",
    "interaction",
    "Interactions divided by impressions.",
)
def _er_impression(t: Totals, k: dict[str, float | None]) -> float | None:
    return ratio(k["interactions"], k["impressions"])


@kpi(
    "engagement_rate_reached",
    "Engagement rate (per employee reached)",
    "Engagement-Rate (je erreichte Person)",
    "ratio",
    "interaction",
    "Interactions divided by employees reached.",
)
def _er_reached(t: Totals, k: dict[str, float | None]) -> float | None:
    return ratio(k["interactions"], k["reached"])


@kpi(
    "conversions",
    "Conversions",
    "Conversions",
    "count",
    "impact",
    "Conversion events (forms, meetings, tickets) attributed to content.",
)
def _conversions(t: Totals, _: dict[str, float | None]) -> float | None:
    return t.conversions


@kpi(
    "conversion_value",
    "Conversion value",
    "Conversion-Wert",
    "currency",
    "impact",
    "Sum of the conversions' values (EUR).",
)
def _conversion_value(t: Totals, _: dict[str, float | None]) -> float | None:
    return t.conversion_value


def compute_all(t: Totals) -> dict[str, float | None]:
    """Every KPI for one group; derived KPIs see the values computed before them."""
    values: dict[str, float | None] = {}
    for slug, definition in REGISTRY.items():
        values[slug] = definition.compute(t, values)
    return values


# ---------------------------------------------------------------- Engagement Score


Weight = Annotated[float, Field(ge=0, le=1000, allow_inf_nan=False)]
Reference = Annotated[float, Field(le=1e12, allow_inf_nan=False)]


class ScoreSettings(BaseModel):
    """Weights and normalisation of the Engagement Score (one version of it)."""

    # Finite and bounded: an infinite weight would make every score NaN.
    weight_reach: Weight = Field(0.3, description="Weight of the reach component.")
    weight_interaction: Weight = Field(0.4, description="Weight of the interaction component.")
    weight_impact: Weight = Field(0.3, description="Weight of the business-impact component.")
    reach_reference: Reference = Field(
        10_000, gt=1, description="Impressions that earn the full reach component (log scale)."
    )
    interaction_reference: Reference = Field(
        0.25, gt=0, description="Engagement rate per impression that earns the full component."
    )
    impact_reference: Reference = Field(
        10_000, gt=1, description="Conversion value (EUR) that earns the full component (log)."
    )


DEFAULT_SCORE_VERSION = 1
DEFAULT_SCORE = ScoreSettings()


def _log_share(value: float, reference: float) -> float:
    return min(1.0, math.log10(1 + max(value, 0.0)) / math.log10(1 + reference))


@dataclass(frozen=True)
class Score:
    version: int
    score: float
    reach: float
    interaction: float
    impact: float


def engagement_score(t: Totals, config: ScoreSettings, version: int) -> Score:
    """0..100: weighted mean of three components, each normalised to 0..1 against a reference.

    Computed at read time from rollups, so a new weights version re-scores all history alike.
    """
    reach = _log_share(t.impressions, config.reach_reference)
    rate = ratio(interactions(t), t.impressions) or 0.0
    interaction = min(1.0, rate / config.interaction_reference)
    impact = _log_share(t.conversion_value, config.impact_reference)
    weights = config.weight_reach + config.weight_interaction + config.weight_impact
    if weights == 0:
        total = 0.0
    else:
        total = (
            config.weight_reach * reach
            + config.weight_interaction * interaction
            + config.weight_impact * impact
        ) / weights
    return Score(
        version,
        round(100 * total, 2),
        round(100 * reach, 2),
        round(100 * interaction, 2),
        round(100 * impact, 2),
    )


def engagement_scores(
    impressions: np.ndarray,
    interaction_counts: np.ndarray,
    conversion_value: np.ndarray,
    config: ScoreSettings,
) -> np.ndarray:
    """``engagement_score(...).score`` for many groups at once (ranking long lists)."""

    def log_share(value: np.ndarray, reference: float) -> np.ndarray:
        return np.minimum(1.0, np.log10(1 + np.maximum(value, 0.0)) / math.log10(1 + reference))

    reach = log_share(impressions, config.reach_reference)
    with np.errstate(divide="ignore", invalid="ignore"):
        rate = np.where(impressions > 0, interaction_counts / np.maximum(impressions, 1), 0.0)
    interaction = np.minimum(1.0, rate / config.interaction_reference)
    impact = log_share(conversion_value, config.impact_reference)
    weights = config.weight_reach + config.weight_interaction + config.weight_impact
    if weights == 0:
        return np.zeros_like(reach)
    total = (
        config.weight_reach * reach
        + config.weight_interaction * interaction
        + config.weight_impact * impact
    ) / weights
    return np.round(100 * total, 2)
