"""Shapes of the personal feed."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field


class Picture(BaseModel):
    url: str
    alt: str = Field(description="What the picture shows, in words.")
    width: int
    height: int


class FeedItem(BaseModel):
    article_id: int
    title: str
    summary: str
    topics: list[str]
    language: str
    must_read: bool
    reason: str = Field(description="Why this item is shown, in the employee's language.")
    reason_code: str
    score: float
    propensity: float = Field(description="Probability the policy had of placing the item here.")
    position: int
    published_at: datetime
    author: str | None = Field(None, description="Who wrote it (display name).")
    reading_minutes: int = Field(1, description="Minutes it takes to read.")
    picture: Picture | None = None


class Budget(BaseModel):
    volume: int | None = Field(description="Items a day the employee chose; null = all.")
    consumed_today: int = Field(
        description="Items outside the must-read lane opened, dismissed, liked, ... today: "
        "what the volume counts."
    )
    shown_today: int = Field(description="Items shown today (today's feed).")
    remaining: int | None = Field(
        description="Items the employee may still consume today; null when volume is all."
    )
    exhausted: bool = Field(description="Today's items are used; ask with more=true for more.")


class FeedRead(BaseModel):
    items: list[FeedItem]
    request_id: str
    budget: Budget
