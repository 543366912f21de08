"""Rollup tables, imported external data and the analytics configuration.

Rollups never hold an employee id in a column: the distinct-employee information they keep is a
count per cell and, per day and dimension value, the set of pseudonymous employee numbers as a
compressed bitmap, never shown or exported (see docs/privacy.md).
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column

from coffeemug.db import Base, UTCDateTime, utcnow
from coffeemug.events.catalogue import COUNT_COLUMNS

# Rollup keys cannot be NULL (they form the primary key): these stand for "none".
NO_ARTICLE = 0
NO_SEGMENT = ""

# The summed columns of every counter table (SegmentDay, DimensionDay, ...).
SUMMED = (*COUNT_COLUMNS, "conversion_value", "dwell_seconds")
# Dimensions whose member sets are kept per ISO week (sketch dimension ``week_dim(dim)``, ``day``
# its Monday): a month's reach per value then unions about five sets instead of thirty daily
# ones. Articles are kept per week only, totals and sets (ARTICLE_WEEK): periods are whole
# weeks, and daily article rows would be most of what the rollup writes.
WEEKLY_SETS = ("all", "article", "campaign", "topic", "channel", "region", "business_unit")


def week_dim(dim: str) -> str:
    """The sketch (and, for articles, totals) dimension of ``dim``'s weekly rows."""
    return f"{dim}_week"


ARTICLE_WEEK = week_dim("article")
# Every article's set of all its people (``day`` = 1970-01-01): with the sizes of its weeks
# outside a period, a lower bound of its people in the period that needs no set read.
ARTICLE_LIFE = "article_life"
ARTICLE_LIFE_DAY = date(1970, 1, 1)


class _Sums:
    """The summed figures besides the event counts, shared by every counter table."""

    conversion_value: Mapped[float] = mapped_column(Float, default=0.0)
    dwell_seconds: Mapped[float] = mapped_column(Float, default=0.0)
    # A lower bound of the distinct employees behind the row: exact for one rollup batch, the
    # maximum over batches afterwards (distinct counts do not add).
    employees: Mapped[int] = mapped_column(Integer, default=0)


# One integer column per count of the event catalogue ("events" and each counter).
_Counts = type(
    "_Counts",
    (_Sums,),
    {
        "__doc__": "The count columns (from the event catalogue) and the other summed figures.",
        "__annotations__": {name: Mapped[int] for name in COUNT_COLUMNS},
        **{name: mapped_column(Integer, default=0) for name in COUNT_COLUMNS},
    },
)


class FilteredArticleWeek(_Counts, Base):
    """Event counts per ISO week x article x value of one filter dimension (channel, region or
    business unit): what a one-filter view of articles (and of their campaigns and topics) sums.

    ``day`` is the week's Monday, as for the weekly pair sets these rows go with (periods are
    whole weeks). ``employees`` is only a floor, the largest count of one day and segment: the
    views count people from the pair sets.
    """

    __tablename__ = "analytics_filtered_article_weeks"

    # Key order as the rollup writes (sorted) and a view reads: a period of one filter dimension.
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    filter_dim: Mapped[str] = mapped_column(String(16), primary_key=True)
    value: Mapped[str] = mapped_column(String(64), primary_key=True)
    # No foreign key: rollups outlive deleted articles.
    article_id: Mapped[int] = mapped_column(Integer, primary_key=True)


class SegmentDay(_Counts, Base):
    """Event counts per day x channel x segment (region, business unit).

    One-filter views between segments (region by channel, a unit's days) need the whole two-way
    table for suppression: a few hundred of these rows per day answer it. ``employees`` is exact
    for one batch and a lower bound after several.
    """

    __tablename__ = "analytics_segment_days"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    channel: Mapped[str] = mapped_column(String(16), primary_key=True)
    region: Mapped[str] = mapped_column(String(64), primary_key=True)
    business_unit: Mapped[str] = mapped_column(String(64), primary_key=True)


# The segment days' key: the dimensions a view between segments can be answered from.
SEGMENT_KEYS = tuple(column.name for column in SegmentDay.__table__.primary_key)


class DimensionDay(_Counts, Base):
    """Totals per day and dimension value; breakdowns read these rows, never the events.

    ``dim`` is one of all, article, campaign, topic, channel, region, business_unit, or
    article_week (``day`` is the Monday of an ISO week; long article rankings read these).
    ``employees`` is a lower bound of the distinct employees of that day and value.
    """

    __tablename__ = "analytics_dimension_days"
    __table_args__ = (
        Index("ix_analytics_dimension_days_dim_day", "dim", "day"),
        # Totals of a few chosen values (the articles a ranked page shows) over a period.
        Index("ix_analytics_dimension_days_dim_key_day", "dim", "key", "day"),
    )

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    dim: Mapped[str] = mapped_column(String(16), primary_key=True)
    key: Mapped[str] = mapped_column(String(64), primary_key=True)


class DimensionSketch(Base):
    """The exact set of employees behind one day and dimension value.

    ``members`` is a serialized roaring bitmap of their pseudonymous numbers: merging days or
    batches is a union, done in memory on read and on rollup, and the number of distinct
    employees of any period is the size of the union (exact at every size). Kept apart from the
    totals so that scanning totals stays cheap; read by primary key for the values a page shows
    or cannot decide from the floor.
    """

    __tablename__ = "analytics_dimension_sketches"

    # Key order (dim, key, day): reads ask for some values of one dimension over a period.
    # One-filter views add pair dimensions ("region/article": per ISO week, ``day`` its Monday,
    # the key both values joined by privacy.PAIR_SEPARATOR), hence the wider columns.
    dim: Mapped[str] = mapped_column(String(32), primary_key=True)
    key: Mapped[str] = mapped_column(String(160), primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    members: Mapped[bytes] = mapped_column(LargeBinary)
    # How many members (exact; empty for sets stored before sizes were kept): lets the database
    # bound a union from the sizes of its parts without reading them.
    people: Mapped[int | None] = mapped_column(Integer, nullable=True)


# The state (analytics_state) set once every article with totals has its life row.
LIFE_TOTALS_BUILT = "article_totals_built"


class ArticleLife(_Counts, Base):
    """Every article's totals over its whole life, its first and last day with events and its
    exact number of people (``employees``, the size of its ``article_life`` set).

    A period that holds an article's whole life (the usual case for recent articles) has
    exactly these totals and people: lists of hidden articles and their sums then read one row
    per article instead of its weekly rows and sets.
    """

    __tablename__ = "analytics_article_lives"
    __table_args__ = (
        # The articles with events in a period: those whose last day is on or after its start.
        Index("ix_analytics_article_lives_last_day", "last_day"),
    )

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    first_day: Mapped[date] = mapped_column(Date)
    last_day: Mapped[date] = mapped_column(Date)


class ConversionRollup(Base):
    """Conversion events per day x article x channel x kind."""

    __tablename__ = "analytics_conversion_rollups"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    article_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    channel: Mapped[str] = mapped_column(String(16), primary_key=True)
    kind: Mapped[str] = mapped_column(String(32), primary_key=True)
    conversions: Mapped[int] = mapped_column(Integer, default=0)
    value: Mapped[float] = mapped_column(Float, default=0.0)
    # Lower bound of distinct employees behind the cell, as in SegmentDay.employees.
    employees: Mapped[int] = mapped_column(Integer, default=0)


class RollupState(Base):
    """Named watermarks, e.g. the ``ingested_at`` up to which events are rolled up."""

    __tablename__ = "analytics_state"

    name: Mapped[str] = mapped_column(String(32), primary_key=True)
    value: Mapped[datetime] = mapped_column(UTCDateTime)


class SocialMetric(Base):
    """Per-post metrics imported from a social network or ad tool, one row per post and day."""

    __tablename__ = "analytics_social_metrics"
    __table_args__ = (
        CheckConstraint("impressions >= 0 AND clicks >= 0 AND link_visits >= 0", name="counts"),
    )

    network: Mapped[str] = mapped_column(String(32), primary_key=True)
    post_id: Mapped[str] = mapped_column(String(128), primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True, index=True)
    impressions: Mapped[int] = mapped_column(Integer, default=0)
    clicks: Mapped[int] = mapped_column(Integer, default=0)
    likes: Mapped[int] = mapped_column(Integer, default=0)
    comments: Mapped[int] = mapped_column(Integer, default=0)
    shares: Mapped[int] = mapped_column(Integer, default=0)
    link_visits: Mapped[int] = mapped_column(Integer, default=0)
    article_id: Mapped[int | None] = mapped_column(
        ForeignKey("articles.id", ondelete="SET NULL"), nullable=True
    )
    campaign_id: Mapped[int | None] = mapped_column(
        ForeignKey("campaigns.id", ondelete="SET NULL"), nullable=True
    )


class ImportedConversion(Base):
    """A web conversion (form, meeting, trade-fair ticket) with its source channel and value."""

    __tablename__ = "analytics_imported_conversions"

    id: Mapped[str] = mapped_column(String(128), primary_key=True)
    day: Mapped[date] = mapped_column(Date, index=True)
    kind: Mapped[str] = mapped_column(String(32))
    channel: Mapped[str] = mapped_column(String(32))
    value: Mapped[float] = mapped_column(Float, default=0.0)
    article_id: Mapped[int | None] = mapped_column(
        ForeignKey("articles.id", ondelete="SET NULL"), nullable=True
    )
    campaign_id: Mapped[int | None] = mapped_column(
        ForeignKey("campaigns.id", ondelete="SET NULL"), nullable=True
    )


class PaidImpressions(Base):
    """Paid media: ad impressions of a campaign on one day, per network and medium (imported)."""

    __tablename__ = "analytics_paid_impressions"
    __table_args__ = (CheckConstraint("impressions >= 0", name="counts"),)

    campaign_id: Mapped[int] = mapped_column(
        ForeignKey("campaigns.id", ondelete="CASCADE"), primary_key=True
    )
    day: Mapped[date] = mapped_column(Date, primary_key=True, index=True)
    network: Mapped[str] = mapped_column(String(32), primary_key=True)
    medium: Mapped[str] = mapped_column(String(32), primary_key=True)
    impressions: Mapped[int] = mapped_column(Integer, default=0)


class EventVisits(Base):
    """Physical events: visits of a trade fair or event for a campaign on one day (imported)."""

    __tablename__ = "analytics_event_visits"
    __table_args__ = (CheckConstraint("visits >= 0", name="counts"),)

    campaign_id: Mapped[int] = mapped_column(
        ForeignKey("campaigns.id", ondelete="CASCADE"), primary_key=True
    )
    day: Mapped[date] = mapped_column(Date, primary_key=True, index=True)
    event_name: Mapped[str] = mapped_column(String(128), primary_key=True)
    visits: Mapped[int] = mapped_column(Integer, default=0)


# The brand of a mention that is about us (others carry the configured competitor's name).
OURS = "ours"


class Mention(Base):
    """A media or social mention of our brand or a configured competitor."""

    __tablename__ = "analytics_mentions"
    __table_args__ = (Index("ix_analytics_mentions_day_brand", "day", "brand"),)

    id: Mapped[str] = mapped_column(String(128), primary_key=True)
    day: Mapped[date] = mapped_column(Date)
    source: Mapped[str] = mapped_column(String(128))
    author_reach: Mapped[int] = mapped_column(Integer, default=0)
    text: Mapped[str] = mapped_column(Text, default="")
    # "ours" or the configured competitor's name.
    brand: Mapped[str] = mapped_column(String(64))
    topic_id: Mapped[str | None] = mapped_column(
        ForeignKey("topics.id", ondelete="SET NULL"), nullable=True
    )


class Effort(Base):
    """Effort an editor entered for an article or a campaign (exactly one of the two)."""

    __tablename__ = "analytics_efforts"
    __table_args__ = (
        CheckConstraint("(article_id IS NULL) <> (campaign_id IS NULL)", name="one_subject"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    article_id: Mapped[int | None] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), nullable=True, unique=True
    )
    campaign_id: Mapped[int | None] = mapped_column(
        ForeignKey("campaigns.id", ondelete="CASCADE"), nullable=True, unique=True
    )
    hours: Mapped[float] = mapped_column(Float, default=0.0)
    budget: Mapped[float] = mapped_column(Float, default=0.0)
    note: Mapped[str] = mapped_column(String(500), default="")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


class ScoreConfig(Base):
    """One version of the Engagement Score's weights and normalisation; never edited in place."""

    __tablename__ = "analytics_score_configs"

    version: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    config: Mapped[dict[str, float]] = mapped_column(JSON)
    note: Mapped[str] = mapped_column(String(500), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
