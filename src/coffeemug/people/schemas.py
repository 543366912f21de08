"""Shapes of the employee record and the preferences they own."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

from coffeemug.fields import Text
from coffeemug.i18n import Language
from coffeemug.people.models import VOLUME_CHOICES, DigestCadence
from coffeemug.settings import is_time_zone


class EmployeeRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    external_id: str
    display_name: str
    region: str
    business_unit: str
    languages: list[str]
    roles: list[str]
    email: str | None = None


class PreferencesRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    followed_topics: list[str]
    muted_topics: list[str]
    volume: int | None = Field(description="Items a day: 3, 7, 15 or null for all.")
    digest: str
    languages: list[str]
    onboarded: bool
    time_zone: str | None = Field(
        None, description="IANA time zone for the digest; null = the company default."
    )


TopicRef = Text(64, min_length=1)


class PreferencesUpdate(BaseModel):
    """The fields sent replace the stored ones; fields left out stay as they are."""

    model_config = ConfigDict(extra="forbid")

    followed_topics: list[TopicRef] | None = Field(None, max_length=200)
    muted_topics: list[TopicRef] | None = Field(None, max_length=200)
    volume: int | None = Field(None, description="3, 7, 15, or null for all")
    digest: DigestCadence | None = None
    languages: list[Language] | None = Field(None, min_length=1, max_length=2)
    onboarded: bool | None = None
    time_zone: Text(64) | None = Field(  # type: ignore[valid-type]
        None, description="IANA name, e.g. Europe/Berlin; null = company default"
    )

    @field_validator("time_zone")
    @classmethod
    def _known_zone(cls, value: str | None) -> str | None:
        if value is not None and not is_time_zone(value):
            raise ValueError("unknown time zone (use an IANA name such as Europe/Berlin)")
        return value

    @field_validator("volume")
    @classmethod
    def _volume_choice(cls, value: int | None) -> int | None:
        if value not in VOLUME_CHOICES:
            raise ValueError("must be 3, 7, 15 or null (all)")
        return value

    @field_validator("followed_topics", "muted_topics", "languages")
    @classmethod
    def _unique(cls, values: list[Any] | None) -> list[Any] | None:
        return None if values is None else list(dict.fromkeys(values))


class TopicAffinity(BaseModel):
    topic: str
    name: str
    affinity: float = Field(description="Decayed learned affinity in [-1, 1].")
    words: str = Field(description="The affinity in plain words, in the employee's language.")


class LearnedRead(BaseModel):
    feedback_count: int = Field(description="Everything learned from, items shown included.")
    reactions: int = Field(
        0,
        description="Reactions learned from (opened, read, liked, saved, dismissed, ...), net "
        "of those taken back; items merely shown do not count.",
    )
    updated_at: datetime | None
    topics: list[TopicAffinity]
    outweighed: list[TopicAffinity] = Field(
        default_factory=list,
        description="Followed topics whose learned dislike takes away (part of) the follow: "
        "their articles rank lower than following alone would place them.",
    )


class MeRead(BaseModel):
    employee: EmployeeRead
    preferences: PreferencesRead


class SavedItem(BaseModel):
    article_id: int
    title: str
    summary: str
    language: str
    topics: list[str]
    saved_at: datetime


class ExportRead(BaseModel):
    employee: EmployeeRead
    preferences: PreferencesRead
    learned: dict[str, Any]
    events: list[dict[str, Any]]
    mail: list[dict[str, Any]] = Field(default_factory=list, description="E-mails sent to them.")
    shares: list[dict[str, Any]] = Field(
        default_factory=list, description="Articles they shared on social networks, with clicks."
    )
    comments: list[dict[str, Any]] = Field(
        default_factory=list, description="Their comments under articles, with any reason hidden."
    )
