"""The KPI registry: small, documented definitions computed from rolled-up totals.

Every KPI is zero-guarded (a rate with an empty base is ``None``, shown as "–", never a division
error or a misleading 0) and derived KPIs are built from other KPIs by slug.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field, fields, make_dataclass
from typing import Annotated

import numpy as np
from pydantic import BaseModel, Field

from coffeemug.events.catalogue import COUNT_COLUMNS, INTERACTION_COLUMNS
from coffeemug.i18n import N_, gettext


def _add(self: Totals, other: Totals) -> Totals:
    result = Totals()
    for f in fields(self):
        a, b = getattr(self, f.name), getattr(other, f.name)
        if a is None or b is None:
            setattr(result, f.name, a if b is None else b)
        else:
            setattr(result, f.name, a + b)
    return result


# Additive figures of one group (article, campaign, day, region, ...) over a period: one count
# per column of the event catalogue, the two summed amounts, and the reach figures.
Totals = make_dataclass(
    "Totals",
    [
        *((name, int, field(default=0)) for name in COUNT_COLUMNS),
        ("conversion_value", float, field(default=0.0)),
        ("dwell_seconds", float, field(default=0.0)),
        # Distinct employees reached (exact; None where not known for the group).
        ("reached", int | None, field(default=None)),
        # Employees reached by must-read articles in the group (acknowledgement rate's base).
        ("must_read_reached", int | None, field(default=None)),
        # Imported reach beyond the intranet (campaigns and the company only): ad impressions
        # and visits of trade fairs and events.
        ("paid_impressions", int, field(default=0)),
        ("event_visits", int, field(default=0)),
    ],
    namespace={"add": _add},
)
Totals.__doc__ = "Additive figures of one group over a period (counts from the event catalogue)."


def ratio(numerator: float | None, denominator: float | None) -> float | None:
    """Zero guard shared by every rate."""
    if numerator is None or not denominator:
        return None
    return numerator / denominator


@dataclass(frozen=True)
class Kpi:
    """One figure: its title and description are gettext message ids (English)."""

    slug: str
    title: str
    unit: str  # count | ratio | seconds | currency | score
    group: str  # reach | interaction | impact
    description: str
    compute: Callable[[Totals, dict[str, float | None]], float | None]
    in_tables: bool = True  # a column of every analytics table with KPIs

    def title_in(self, lang: str) -> str:
        return gettext(lang, self.title)

    def description_in(self, lang: str) -> str:
        return gettext(lang, self.description)


REGISTRY: dict[str, Kpi] = {}
Compute = Callable[[Totals, dict[str, float | None]], float | None]


def kpi(
    slug: str, title: str, unit: str, group: str, description: str, in_tables: bool = True
) -> Callable[[Compute], Compute]:
    """Register the decorated function as KPI ``slug`` (titles marked with ``N_``)."""

    def decorate(fn: Compute) -> Compute:
        REGISTRY[slug] = Kpi(slug, title, unit, group, description, fn, in_tables)
        return fn

    return decorate


def interactions(t: Totals) -> int:
    """Active responses beyond seeing the teaser: the event catalogue's interaction counters."""
    return sum(getattr(t, column) for column in INTERACTION_COLUMNS)


@kpi("impressions", N_("Impressions"), "count", "reach", N_("Teasers shown."))
def _impressions(t: Totals, _: dict[str, float | None]) -> float | None:
    return t.impressions


@kpi(
    "reached",
    N_("Employees reached"),
    "count",
    "reach",
    N_("Distinct employees with at least one event (an exact count)."),
)
def _reached(t: Totals, _: dict[str, float | None]) -> float | None:
    return t.reached


@kpi(
    "read_rate",
    N_("Read rate"),
    "ratio",
    "reach",
    N_("Reads (an article read with dwell time) per impression."),
)
def _read_rate(t: Totals, _: dict[str, float | None]) -> float | None:
    return ratio(t.reads, t.impressions)


@kpi(
    "open_rate",
    N_("Open rate"),
    "ratio",
    "reach",
    N_("Opens per impression."),
    in_tables=False,
)
def _open_rate(t: Totals, _: dict[str, float | None]) -> float | None:
    return ratio(t.opens, t.impressions)


@kpi(
    "avg_dwell_seconds",
    N_("Average reading time"),
    "seconds",
    "reach",
    N_("Dwell seconds per read."),
    in_tables=False,
)
def _dwell(t: Totals, _: dict[str, float | None]) -> float | None:
    return ratio(t.dwell_seconds, t.reads)


def _count_of(column: str) -> Compute:
    return lambda t, _: getattr(t, column)


kpi("opens", N_("Opens"), "count", "interaction", N_("Events of type article_opened."))(
    _count_of("opens")
)
kpi("likes", N_("Likes"), "count", "interaction", N_("Events of type article_liked."))(
    _count_of("likes")
)
kpi(
    "comments",
    N_("Comments"),
    "count",
    "interaction",
    N_("Events of type article_commented or comment_posted."),
)(_count_of("comments"))
kpi("shares", N_("Shares"), "count", "interaction", N_("Events of type article_shared."))(
    _count_of("shares")
)


@kpi(
    "interactions",
    N_("Interactions"),
    "count",
    "interaction",
    N_("Opens + likes + comments + shares + saves."),
    in_tables=False,
)
def _interactions(t: Totals, _: dict[str, float | None]) -> float | None:
    return interactions(t)


@kpi(
    "engagement_rate_impression",
    N_("Engagement rate (per impression)"),
    "ratio",
    "interaction",
    N_("Interactions divided by impressions."),
)
def _er_impression(t: Totals, k: dict[str, float | None]) -> float | None:
    return ratio(k["interactions"], k["impressions"])


@kpi(
    "engagement_rate_reached",
    N_("Engagement rate (per employee reached)"),
    "ratio",
    "interaction",
    N_("Interactions divided by employees reached."),
)
def _er_reached(t: Totals, k: dict[str, float | None]) -> float | None:
    return ratio(k["interactions"], k["reached"])


@kpi(
    "acknowledgement_rate",
    N_("Must-read acknowledgement rate"),
    "ratio",
    "reach",
    N_("Acknowledgements per employee reached by must-read articles."),
)
def _ack_rate(t: Totals, _: dict[str, float | None]) -> float | None:
    return ratio(t.acknowledgements, t.must_read_reached)


@kpi(
    "conversions",
    N_("Conversions"),
    "count",
    "impact",
    N_("Conversion events (forms, meetings, tickets) attributed to content."),
)
def _conversions(t: Totals, _: dict[str, float | None]) -> float | None:
    return t.conversions


@kpi(
    "conversion_value",
    N_("Conversion value"),
    "currency",
    "impact",
    N_("Sum of the conversions' values (EUR)."),
)
def _conversion_value(t: Totals, _: dict[str, float | None]) -> float | None:
    return t.conversion_value


@kpi(
    "social_visits",
    N_("Visits from shared links"),
    "count",
    "reach",
    N_("Clicks on links employees shared on social networks (share_clicked)."),
)
def _social_visits(t: Totals, _: dict[str, float | None]) -> float | None:
    return t.share_clicks


@kpi(
    "paid_impressions",
    N_("Paid impressions"),
    "count",
    "reach",
    N_("Ad impressions of the campaign's paid media (imported), apart from organic reach."),
)
def _paid_impressions(t: Totals, _: dict[str, float | None]) -> float | None:
    return t.paid_impressions


@kpi(
    "event_visits",
    N_("Event visits"),
    "count",
    "reach",
    N_("Visits of trade fairs and events for the campaign (imported)."),
)
def _event_visits(t: Totals, _: dict[str, float | None]) -> float | None:
    return t.event_visits


# The KPI columns of every analytics table with KPIs, in registry order.
KPI_COLUMNS: tuple[str, ...] = tuple(slug for slug, k in REGISTRY.items() if k.in_tables)


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
    # Reach counts every contact: intranet impressions, paid impressions and event visits.
    reach = _log_share(t.impressions + t.paid_impressions + t.event_visits, config.reach_reference)
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
