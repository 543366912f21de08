"""Topics, articles and campaigns."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Table,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from coffeemug.db import Base, UTCDateTime, utcnow


class ArticleStatus(StrEnum):
    draft = "draft"
    published = "published"
    archived = "archived"


class Topic(Base):
    """A node of the taxonomy; ``id`` is a readable slug such as ``sustainability``."""

    __tablename__ = "topics"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name_de: Mapped[str] = mapped_column(String(120))
    name_en: Mapped[str] = mapped_column(String(120))
    parent_id: Mapped[str | None] = mapped_column(
        ForeignKey("topics.id", ondelete="SET NULL"), nullable=True
    )
    mandatory: Mapped[bool] = mapped_column(Boolean, default=False)
    followed_by_default: Mapped[bool] = mapped_column(Boolean, default=False)
    # Crisis mode: while set, scheduled articles and employees' shares on this topic pause.
    # The state lives with the topic so every layer can read it; who set it and why is in the
    # moderation audit log.
    crisis_since: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    crisis_reason: Mapped[str | None] = mapped_column(String(500), nullable=True)

    def name(self, language: str) -> str:
        return self.name_de if language == "de" else self.name_en


class Campaign(Base):
    __tablename__ = "campaigns"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    description: Mapped[str] = mapped_column(Text, default="")
    starts_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    ends_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


article_topics = Table(
    "article_topics",
    Base.metadata,
    Column("article_id", ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
    Column("topic_id", ForeignKey("topics.id", ondelete="CASCADE"), primary_key=True),
    Index("ix_article_topics_topic_id", "topic_id"),
)


class Article(Base):
    __tablename__ = "articles"
    __table_args__ = (
        Index("ix_articles_status_publish_at", "status", "publish_at"),
        # Lets every feed request check cheaply whether content changed (count and max).
        Index("ix_articles_updated_at", "updated_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # Key of the article in the system it was imported from, so a re-import updates in place.
    external_id: Mapped[str | None] = mapped_column(String(128), unique=True, nullable=True)
    title: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(String(1000), default="")
    body: Mapped[str] = mapped_column(Text, default="")
    language: Mapped[str] = mapped_column(String(2))
    author_id: Mapped[int | None] = mapped_column(
        ForeignKey("employees.id", ondelete="SET NULL"), nullable=True
    )
    status: Mapped[str] = mapped_column(String(16), default=ArticleStatus.draft.value)
    publish_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    must_read: Mapped[bool] = mapped_column(Boolean, default=False)
    # A must-read's "acknowledge by": who has not acknowledged by then gets one reminder.
    due_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    shareable: Mapped[bool] = mapped_column(Boolean, default=True)
    # Editorial priority in [0, 1]: a nudge the ranker adds, never a guarantee.
    priority: Mapped[float] = mapped_column(Float, default=0.0)
    campaign_id: Mapped[int | None] = mapped_column(
        ForeignKey("campaigns.id", ondelete="SET NULL"), nullable=True
    )
    # Linked language versions: a translation names the article it translates (the original),
    # so the versions are one story (each reader gets one version; figures add up).
    translation_of: Mapped[int | None] = mapped_column(
        ForeignKey("articles.id", ondelete="SET NULL"), nullable=True
    )
    # Audience targeting: an empty list means everyone.
    audience_regions: Mapped[list[str]] = mapped_column(JSON, default=list)
    audience_business_units: Mapped[list[str]] = mapped_column(JSON, default=list)
    audience_languages: Mapped[list[str]] = mapped_column(JSON, default=list)
    # Unit-norm float32 sentence embedding of title + summary (see coffeemug.text).
    embedding: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    topics: Mapped[list[Topic]] = relationship(secondary=article_topics, lazy="raise")
