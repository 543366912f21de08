"""The read side's table registry: every analytics table once, driving the API endpoints
(``/api/analytics/<path>``, JSON or CSV), the dashboard's sections and the CSV export alike.

A table is a function of the period and its own parameters, annotated as FastAPI reads them
(``Query``/``Path``), returning a ``TableRead``. ``analytics.api`` mounts one endpoint per
``TABLES`` entry; the dashboard page (web.routes.analytics) draws ``SECTIONS`` in order, each
a table with fixed parameters and, where it helps, a chart.

Adding a table: a function here and a ``Table`` entry (plus a ``Section`` to show it on the
dashboard and the German words of its title and columns in the message catalogue).
"""

from dataclasses import dataclass, field
from datetime import date
from typing import Annotated, Any, Literal

from fastapi import Path, Query
from sqlalchemy.orm import Session

from coffeemug.analytics import buzz, roi, service
from coffeemug.analytics.repository import BREAKDOWNS
from coffeemug.analytics.schemas import TableRead
from coffeemug.fields import DbId, Text
from coffeemug.i18n import N_
from coffeemug.settings import Settings


@dataclass(frozen=True)
class Period:
    """What every table is asked for: the session, settings, period and label language."""

    session: Session
    settings: Settings
    start: date
    end: date
    lang: str


# Parameters take their types from coffeemug.fields, so that every generated endpoint refuses
# what does not fit (an unknown dimension, an id beyond 32 bits, NUL in a filter) with 422.
Version = Annotated[
    DbId | None, Query(description="Engagement Score version (default: the newest).")
]
Dimension = Annotated[
    Literal[BREAKDOWNS],  # type: ignore[valid-type]
    Path(description="day, article, campaign, topic, channel, region or business_unit."),
]
Segment = Text(64)


def overview(p: Period, score_version: Version = None) -> TableRead:
    """Company-wide KPIs and Engagement Score for the period."""
    return service.overview_table(p.session, p.settings, p.start, p.end, p.lang, score_version)


def breakdown(
    p: Period,
    dim: Dimension,
    region: Annotated[Segment | None, Query(description="Only this region.")] = None,
    business_unit: Annotated[Segment | None, Query(description="Only this business unit.")] = None,
    channel: Annotated[Segment | None, Query(description="Only this channel.")] = None,
    score_version: Version = None,
    limit: Annotated[int, Query(ge=1, le=1000, description="Rows at most.")] = 100,
) -> TableRead:
    """KPIs per day, article, campaign, topic, channel, region or business unit."""
    filters = {"region": region, "business_unit": business_unit, "channel": channel}
    return service.breakdown_table(
        p.session, p.settings, dim, p.start, p.end, p.lang, filters, score_version, limit
    )


def top(
    p: Period,
    dim: Annotated[Literal["article", "campaign"], Path(description="article or campaign.")],
    which: Annotated[Literal["top", "flop"], Query(description="Best or worst.")] = "top",
    n: Annotated[int, Query(ge=1, le=100, description="How many.")] = 10,
    score_version: Version = None,
) -> TableRead:
    """Top or flop articles or campaigns by Engagement Score."""
    return service.top_flop_table(
        p.session, p.settings, dim, which, p.start, p.end, p.lang, score_version, n
    )


def conversions(p: Period) -> TableRead:
    """Conversions and their value by kind."""
    return service.conversions_table(p.session, p.settings, p.start, p.end, p.lang)


def social(
    p: Period,
    by: Annotated[Literal["network", "campaign"], Query(description="Group by.")] = "network",
) -> TableRead:
    """Visits from social networks against impressions there."""
    return buzz.social_table(p.session, p.settings, p.start, p.end, p.lang, by)


def share_of_buzz(p: Period) -> TableRead:
    """Our share of all mentions (ours + configured competitors), per topic."""
    return buzz.share_of_buzz_table(p.session, p.settings, p.start, p.end, p.lang)


def topic_footprint(p: Period) -> TableRead:
    """Distribution of our content, interactions and mentions, and competitors', over topics."""
    return buzz.topic_footprint_table(p.session, p.settings, p.start, p.end, p.lang)


def roi_table(p: Period, score_version: Version = None) -> TableRead:
    """Effort against result per article and campaign, with out-of-proportion flags."""
    return roi.roi_table(p.session, p.settings, p.start, p.end, p.lang, score_version)


@dataclass(frozen=True)
class Table:
    name: str
    path: str  # under /api/analytics; ``{dim}`` is a path parameter of ``build``
    build: Any  # (Period, **parameters) -> TableRead


TABLES: tuple[Table, ...] = (
    Table("overview", "/overview", overview),
    Table("breakdown", "/breakdown/{dim}", breakdown),
    Table("top", "/top/{dim}", top),
    Table("conversions", "/conversions", conversions),
    Table("social", "/social", social),
    Table("share-of-buzz", "/share-of-buzz", share_of_buzz),
    Table("topic-footprint", "/topic-footprint", topic_footprint),
    Table("roi", "/roi", roi_table),
)
BY_NAME = {table.name: table for table in TABLES}


@dataclass(frozen=True)
class Chart:
    """How a section draws its table: ``x`` column against ``y`` columns (with their legend
    names; none: every column after ``x``, named by its header)."""

    kind: Literal["bar", "lines"]
    x: str
    y: tuple[tuple[str, str], ...] = ()
    visible_only: bool = False  # leave suppressed rows out of the chart
    over_period: bool = False  # the x axis is the whole period, quiet days included


@dataclass(frozen=True)
class Section:
    id: str
    title: str
    table: str
    params: dict[str, Any] = field(default_factory=dict)
    chart: Chart | None = None


SCORE_PARTS = (
    ("score", N_("Engagement Score")),
    ("score_reach", N_("Reach")),
    ("score_interaction", N_("Interaction")),
    ("score_impact", N_("Impact")),
)

# The dashboard, top to bottom (the overview heads the page on its own).
SECTIONS: tuple[Section, ...] = (
    Section(
        "score_over_time",
        N_("Engagement Score and its components over time"),
        "breakdown",
        {"dim": "day", "limit": 1000},
        Chart("lines", "key", SCORE_PARTS, visible_only=True, over_period=True),
    ),
    Section("top", N_("Top articles"), "top", {"dim": "article", "which": "top"}),
    Section("flop", N_("Flop articles"), "top", {"dim": "article", "which": "flop"}),
    Section("top_campaigns", N_("Top campaigns"), "top", {"dim": "campaign"}),
    *(
        Section(
            f"by_{dim}",
            title,
            "breakdown",
            {"dim": dim},
            Chart("bar", "label", SCORE_PARTS, visible_only=True),
        )
        for dim, title in (
            ("topic", N_("By topic")),
            ("channel", N_("By channel")),
            ("region", N_("By region")),
            ("business_unit", N_("By business unit")),
        )
    ),
    Section(
        "share_of_buzz",
        N_("Share of buzz"),
        "share-of-buzz",
        chart=Chart(
            "bar",
            "topic",
            (
                ("share_of_buzz", N_("Share of buzz")),
                ("share_of_buzz_reach_weighted", N_("Reach-weighted")),
            ),
        ),
    ),
    Section(
        "topic_footprint", N_("Topic footprint"), "topic-footprint", chart=Chart("bar", "topic")
    ),
    Section(
        "social",
        N_("Social: visits vs impressions"),
        "social",
        {"by": "network"},
        Chart(
            "bar",
            "network",
            (("impressions", N_("Impressions")), ("link_visits", N_("Link visits"))),
        ),
    ),
    Section("conversions", N_("Conversions by kind"), "conversions"),
    Section("roi", N_("Effort and ROI"), "roi"),
)


def accepts(table: Table, name: str) -> bool:
    """Whether the table takes parameter ``name`` (e.g. ``score_version``)."""
    return name in table.build.__code__.co_varnames[: table.build.__code__.co_argcount]


def build(name: str, period: Period, **params: Any) -> TableRead:
    """Table ``name`` for the period with the given parameters."""
    return BY_NAME[name].build(period, **params)
