"""Shapes of search results."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field


class SearchHit(BaseModel):
    article_id: int
    title: str
    summary: str
    language: str
    topics: list[str]
    published_at: datetime
    rank: float = Field(description="Relevance: higher is better (ts_rank; FTS5: -bm25).")


class SearchRead(BaseModel):
    query: str
    hits: list[SearchHit]
