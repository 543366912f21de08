"""What the advocacy API takes and answers."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from coffeemug.advocacy.models import Network, RuleKind, Severity
from coffeemug.fields import Count, DbId, Text

PostText = Text(5000, min_length=1)
RuleLanguage = Literal["de", "en", "*"]
Month = Text(7, min_length=7, pattern=r"^20\d\d-(0[1-9]|1[0-2])$")


class ShareCreate(BaseModel):
    article_id: DbId
    network: Network
    text: PostText
    # Set after the composer's nudge, to post a suggested caption unchanged all the same.
    confirm_unchanged: bool = False


class CoachRequest(BaseModel):
    text: PostText
    network: Network
    language: Literal["de", "en"] | None = Field(
        None, description="Language of the tips; unset means the language of the text."
    )
    article_id: DbId | None = Field(
        None, description="The article the post is about (own words are compared with it)."
    )


class TipRead(BaseModel):
    code: str
    message: str
    reason: str


class ViolationRead(BaseModel):
    rule_id: int
    severity: Severity
    start: int
    end: int
    match: str
    clause: str
    clause_url: str


class CoachRead(BaseModel):
    score: int = Field(description="0 to 100: the share of the coach's checks the post passes.")
    language: str
    tips: list[TipRead]
    passed: list[str]
    violations: list[ViolationRead]


class ShareCreated(BaseModel):
    id: int
    url: str = Field(description="The tracked link, /s/<token>.")
    link: str = Field(description="The tracked link as an absolute URL.")
    post: str = Field(description="The text as posted: the draft, the disclosure line, the link.")
    intent_url: str | None = Field(
        description="The network's own page to post it; None: copy the post into the app."
    )
    checks: list[ViolationRead]
    coach: CoachRead


class NetworkRead(BaseModel):
    name: str
    label: str
    limit: int
    good_length: tuple[int, int]


class ShareKit(BaseModel):
    """Everything the composer needs for one article."""

    article_id: int
    title: str
    summary: str
    language: str
    starters: list[str]
    hashtags: list[str]
    disclosure: str
    networks: list[NetworkRead]
    paused: bool = Field(description="A topic of the article is in crisis mode: sharing pauses.")


class ShareRead(BaseModel):
    """One of the employee's own shares and what it achieved (owner only)."""

    id: int
    article_id: int
    title: str
    network: str
    text: str
    url: str
    coach_score: int
    clicks: int
    created_at: datetime


class RuleCreate(BaseModel):
    kind: RuleKind
    language: RuleLanguage = "*"
    value: Text(200, min_length=1)  # type: ignore[valid-type]
    severity: Severity = Severity.warn
    clause: Text(200, min_length=1)  # type: ignore[valid-type]
    clause_url: Text(500, min_length=1, pattern=r"^(https?://|/)\S*$")  # type: ignore[valid-type]


class RuleRead(RuleCreate):
    model_config = ConfigDict(from_attributes=True)

    id: int


class ImportResult(BaseModel):
    created: int
    updated: int


class GoalSet(BaseModel):
    business_unit: Text(64, min_length=1)  # type: ignore[valid-type]
    month: Month  # type: ignore[valid-type]
    target: Count


class GoalRead(BaseModel):
    business_unit: str
    month: str
    target: int
    shares: int | None = Field(description="Shares so far; None below k colleagues sharing.")


class OutcomeRow(BaseModel):
    key: str
    shares: int | None
    clicks: int | None
    sharers: int | None


class EarnedReach(BaseModel):
    """Measured figures and labelled estimates, never mixed."""

    shares: int | None
    clicks: int | None
    estimated_impressions: int | None
    estimated_media_value_eur: float | None
    estimated_click_value_eur: float | None
    estimate_basis: str


class OutcomeTable(BaseModel):
    by: str
    k: int
    rows: list[OutcomeRow]
    hidden: int = Field(description="Rows withheld because fewer than k employees shared.")
    earned: EarnedReach
    coach_accuracy: float | None = Field(
        None,
        description="Of two shares with different clicks, how often (x100) the coach scored "
        "the more-clicked one higher; chance is 50. None below k sharers.",
    )
    coach_pairs: int = 0
