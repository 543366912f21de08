"""What the listening and moderation API accepts and answers."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from pydantic import BaseModel, Field

from coffeemug.fields import Count, Day, DbId, Label, Text, Timestamp
from coffeemug.listening.models import HideReason

MAX_BODY = 5000
Body = Text(MAX_BODY, min_length=1, strip=True)
ReasonCode = Literal["answered", "duplicate", "off_topic", "no_reply_needed", "escalated"]
LabelName = Literal["abuse", "spam", "criticism", "question", "praise"]
StatusName = Literal["open", "assigned", "answered", "escalated", "hidden", "no_action"]


class CommentCreate(BaseModel):
    body: Body


class CommentRead(BaseModel):
    id: int
    body: str
    status: str
    # Shown to the comment's author only, when it is held or hidden: why.
    reason: str | None = None
    official: bool
    mine: bool
    language: str
    created_at: datetime
    replies: list[CommentRead] = Field(default_factory=list)


class CommentList(BaseModel):
    items: list[CommentRead]


class ItemRead(BaseModel):
    id: int
    source: str
    text: str
    language: str
    sentiment: str
    labels: list[str]
    priority: float
    status: str
    thread_id: int | None
    thread_title: str | None = None
    executive_thread: bool = False
    topic_id: str | None
    topic_ids: list[str]
    reach: int
    url: str | None
    posted_at: datetime
    # The author's handle while the item is open; afterwards only a pseudonym.
    author: str | None
    author_pseudonym: str
    assignee_id: int | None
    team: str | None
    reason_code: str | None
    abuse_score: float
    reasons: list[str]
    article_id: int | None = None


class ItemList(BaseModel):
    items: list[ItemRead]


class AssignBody(BaseModel):
    assignee_id: DbId | None = None
    team: Label | None = None


class DispositionBody(BaseModel):
    status: Literal["escalated", "no_action"]
    reason_code: ReasonCode


class ReplyCreate(BaseModel):
    body: Body
    fact_ids: list[DbId] = Field(default_factory=list, max_length=10)
    team: Label | None = None


class ReplyRead(BaseModel):
    id: int
    item_id: int
    body: str
    language: str
    fact_ids: list[int]
    status: str
    approval_id: int | None = None
    created_at: datetime
    sent_at: datetime | None


class HideBody(BaseModel):
    reason: HideReason
    # For criticism: ask a second moderator instead of being refused.
    request_approval: bool = False


class HideResult(BaseModel):
    item_id: int
    status: str
    approval_id: int | None = None


class ApprovalRead(BaseModel):
    id: int
    item_id: int
    action: str
    reason: str | None
    reply_id: int | None
    # What the approver approves: the reply's text, or the item's text for a hiding.
    text: str = ""
    requested_by: int | None
    approved_by: int | None
    created_at: datetime


class ApprovalList(BaseModel):
    items: list[ApprovalRead]


class FactCreate(BaseModel):
    title: Text(200, min_length=1, strip=True)
    statements: dict[Literal["de", "en"], Text(2000, min_length=1, strip=True)] = Field(
        min_length=1
    )
    figures: Text(1000) = ""
    source_url: Text(500) = ""
    owner: Text(200) = ""
    topic_id: Text(64) | None = None
    valid_until: Day | None = None


class FactRead(BaseModel):
    id: int
    title: str
    statements: dict[str, str]
    languages: list[str]
    figures: str
    source_url: str
    owner: str
    topic_id: str | None
    valid_until: date | None
    expired: bool


class FactList(BaseModel):
    items: list[FactRead]


class Suggestion(BaseModel):
    fact: FactRead
    score: float
    # The card's statement in the item's language (or the first it has).
    text: str


class SuggestionList(BaseModel):
    items: list[Suggestion]


class ExternalItem(BaseModel):
    """One mention or comment from an external source (webhook or file import)."""

    external_id: Text(128, min_length=1, strip=True)
    text: Text(MAX_BODY, min_length=1)
    posted_at: Timestamp
    author: Text(200) = ""
    reach: Count = 0
    language: Text(8) | None = None
    url: Text(500) | None = None
    thread_id: Text(128) | None = None
    thread_title: Text(300) = ""
    thread_url: Text(500) | None = None
    thread_executive: bool = False
    brand: Text(64) = "ours"


class WebhookBody(BaseModel):
    items: list[ExternalItem] = Field(min_length=1, max_length=1000)


class IngestResult(BaseModel):
    stored: int
    duplicates: int


class CrisisBody(BaseModel):
    # A reason starts (or updates) crisis mode; null lifts it.
    reason: Text(500, min_length=1, strip=True) | None


class CrisisRead(BaseModel):
    topic_id: str
    in_crisis: bool
    since: datetime | None
    reason: str | None


class AuditRead(BaseModel):
    id: int
    at: datetime
    actor_id: int | None
    action: str
    subject: str
    detail: dict[str, Any]
    previous_hash: str
    hash: str


class AuditList(BaseModel):
    items: list[AuditRead]
    chain_ok: bool


class AlertRead(BaseModel):
    id: int
    scope: str
    key: str
    label: str = ""  # the thread's title or the topic's id
    hour: datetime
    metric: str
    value: float
    baseline: float
    threshold: float
    exec_watch: bool


class AlertList(BaseModel):
    items: list[AlertRead]


class ClusterRead(BaseModel):
    size: int
    trend: int
    representatives: list[str]
    item_ids: list[int]
    open_questions: int
    fact_id: int | None
    fact_title: str | None
    topic_ids: list[str]


class DiscussionMap(BaseModel):
    clusters: list[ClusterRead]


class StatsTable(BaseModel):
    columns: list[str]
    rows: list[dict[str, Any]]
