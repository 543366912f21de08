"""Request and response shapes for topics and articles."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from coffeemug.content.models import ArticleStatus
from coffeemug.fields import Count, DbId, Text, Timestamp
from coffeemug.i18n import Language

TopicId = Text(64, strip=True, pattern=r"^[a-z0-9][a-z0-9_-]{0,63}$")
# A topic id as a path or filter names it: any id the column can hold (unknown ones answer 404).
TopicKey = Text(64, min_length=1)
Name = Text(120, min_length=1, strip=True)
Title = Text(200, min_length=1, strip=True)
Summary = Text(1000, strip=True)
Body = Text(200_000)
AudienceValue = Text(64, min_length=1, strip=True)
ExternalId = Text(128, min_length=1)
SearchText = Text(200)
Priority = Annotated[float, Field(ge=0.0, le=1.0, allow_inf_nan=False)]


def _dedupe(values: list[str]) -> list[str]:
    return list(dict.fromkeys(values))


class TopicCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: TopicId
    name_de: Name
    name_en: Name
    parent_id: TopicId | None = None
    mandatory: bool = False
    followed_by_default: bool = False


class TopicUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name_de: Name | None = None
    name_en: Name | None = None
    parent_id: TopicId | None = None
    mandatory: bool | None = None
    followed_by_default: bool | None = None


class TopicRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: str
    name_de: str
    name_en: str
    parent_id: str | None
    mandatory: bool
    followed_by_default: bool


class _ArticleFields(BaseModel):
    model_config = ConfigDict(extra="forbid")

    @field_validator(
        "topics",
        "audience_regions",
        "audience_business_units",
        "audience_languages",
        check_fields=False,
    )
    @classmethod
    def _unique(cls, values: list[str] | None) -> list[str] | None:
        return None if values is None else _dedupe(values)


class ArticleCreate(_ArticleFields):
    title: Title
    summary: Summary = ""
    body: Body = ""
    language: Language
    topics: list[TopicId] = Field(min_length=1, max_length=10)
    status: ArticleStatus = ArticleStatus.draft
    publish_at: Timestamp | None = None
    expires_at: Timestamp | None = None
    must_read: bool = False
    due_at: Timestamp | None = Field(
        None, description="Must-reads only: who has not acknowledged by then gets a reminder."
    )
    shareable: bool = True
    priority: Priority = 0.0
    campaign_id: DbId | None = None
    audience_regions: list[AudienceValue] = Field(default_factory=list, max_length=100)
    audience_business_units: list[AudienceValue] = Field(default_factory=list, max_length=100)
    audience_languages: list[Language] = Field(default_factory=list, max_length=2)
    external_id: ExternalId | None = None
    translation_of: DbId | None = Field(
        None, description="The article this one translates: both are versions of one story."
    )


class ArticleUpdate(_ArticleFields):
    """Partial update: only the fields sent change."""

    title: Title | None = None
    summary: Summary | None = None
    body: Body | None = None
    language: Language | None = None
    topics: list[TopicId] | None = Field(None, min_length=1, max_length=10)
    status: ArticleStatus | None = None
    publish_at: Timestamp | None = None
    expires_at: Timestamp | None = None
    must_read: bool | None = None
    due_at: Timestamp | None = None
    shareable: bool | None = None
    priority: Priority | None = None
    campaign_id: DbId | None = None
    audience_regions: list[AudienceValue] | None = Field(None, max_length=100)
    audience_business_units: list[AudienceValue] | None = Field(None, max_length=100)
    audience_languages: list[Language] | None = Field(None, max_length=2)
    translation_of: DbId | None = None


class ArticleRead(BaseModel):
    id: int
    external_id: str | None
    title: str
    summary: str
    body: str
    language: str
    topics: list[str]
    author_id: int | None
    status: str
    publish_at: datetime
    expires_at: datetime | None
    must_read: bool
    due_at: datetime | None = None
    shareable: bool
    priority: float
    campaign_id: int | None
    audience_regions: list[str]
    audience_business_units: list[str]
    audience_languages: list[str]
    has_embedding: bool
    translation_of: int | None = None
    created_at: datetime
    updated_at: datetime


class ArticleList(BaseModel):
    items: list[ArticleRead]
    total: int
    limit: int
    offset: int


class ArticleFilters(BaseModel):
    """Filters of the article list; all optional."""

    status: ArticleStatus | None = None
    topic: TopicKey | None = None
    language: Language | None = None
    must_read: bool | None = None
    campaign_id: DbId | None = None
    q: SearchText | None = None
    limit: int = Field(50, ge=1, le=500)
    offset: Count = 0


class DeskFilters(BaseModel):
    """The desk's search and filters; all optional. ``status`` tells scheduled articles
    (published with a publish time still ahead) from live ones."""

    q: SearchText | None = None
    status: Literal["draft", "scheduled", "published", "archived"] | None = None
    language: Language | None = None
    campaign_id: DbId | None = None
    author_id: DbId | None = None
