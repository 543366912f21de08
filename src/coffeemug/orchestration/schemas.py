"""Request and response shapes of campaigns, their reports, approvals, calendar and tasks."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, model_validator

from coffeemug.fields import Amount, Count, Day, DbId, Text, Timestamp
from coffeemug.i18n import Language
from coffeemug.orchestration.models import ApprovalMode, CampaignStatus, FeedScope, TaskKind

CampaignName = Text(200, min_length=1, strip=True)
Description = Text(5000)
Message = Text(300, min_length=1, strip=True)
AudienceValue = Text(64, min_length=1, strip=True)
Comment = Text(2000)
Score = Annotated[float, Field(ge=0.0, le=100.0, allow_inf_nan=False)]
Rate = Annotated[float, Field(ge=0.0, le=1.0, allow_inf_nan=False)]


class CampaignCreate(BaseModel):
    """A campaign and its plan; every field but the name is optional."""

    model_config = ConfigDict(extra="forbid")

    name: CampaignName
    description: Description = ""
    starts_at: Timestamp | None = None
    ends_at: Timestamp | None = None
    status: CampaignStatus = CampaignStatus.planned
    owner_id: DbId | None = None
    goal_score: Score | None = Field(None, description="Target Engagement Score in the window.")
    goal_reach: Count | None = Field(None, description="Target of distinct employees reached.")
    goal_read_rate: Rate | None = Field(None, description="Target share of teasers opened.")
    goal_conversions: Count | None = None
    key_messages: list[Message] = Field(default_factory=list, max_length=20)
    audience_regions: list[AudienceValue] = Field(default_factory=list, max_length=100)
    audience_business_units: list[AudienceValue] = Field(default_factory=list, max_length=100)
    audience_languages: list[Language] = Field(default_factory=list, max_length=2)
    business_units: list[AudienceValue] = Field(default_factory=list, max_length=100)
    planned_hours: Amount = 0.0
    planned_budget: Amount = 0.0

    @model_validator(mode="after")
    def _window(self) -> CampaignCreate:
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValueError("ends_at: must be after starts_at")
        return self


class CampaignRead(BaseModel):
    id: int
    name: str
    description: str
    starts_at: datetime | None
    ends_at: datetime | None
    status: str
    owner_id: int | None
    goal_score: float | None
    goal_reach: int | None
    goal_read_rate: float | None
    goal_conversions: int | None
    key_messages: list[str]
    audience_regions: list[str]
    audience_business_units: list[str]
    audience_languages: list[str]
    business_units: list[str]
    planned_hours: float
    planned_budget: float


class Figures(BaseModel):
    """Additive figures of the campaign or one article; all None where suppressed."""

    suppressed: bool
    impressions: int | None = None
    opens: int | None = None
    likes: int | None = None
    comments: int | None = None
    shares: int | None = None
    conversions: int | None = None
    conversion_value: float | None = None
    reached: int | None = None
    read_rate: float | None = None
    score: float | None = None


class ArticleLine(BaseModel):
    article_id: int
    title: str
    language: str
    status: str
    publish_at: datetime
    figures: Figures


class WeekPoint(BaseModel):
    week: date
    score: float | None = Field(description="Engagement Score of that week; None if suppressed.")


class Effort(BaseModel):
    planned_hours: float
    planned_budget: float
    actual_hours: float
    actual_budget: float
    actual_cost: float
    roi: float | None = Field(description="(value - cost) / cost; None where unknown or hidden.")


class CampaignReport(BaseModel):
    campaign: CampaignRead
    start: date
    end: date
    k: int
    score_version: int
    totals: Figures = Field(description="The sums of the articles shown below.")
    goal_met: dict[str, bool | None]
    weeks: list[WeekPoint]
    articles: list[ArticleLine]
    effort: Effort


class TransitionRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    article_id: int
    from_state: str
    to_state: str
    actor_id: int | None
    at: datetime
    comment: str


class ReviewRead(BaseModel):
    article_id: int
    state: str = Field(
        description="draft, in_review, approved, scheduled, published, archived or rejected"
    )
    mode: str
    steps_required: int
    steps_done: int
    approver_id: int | None
    deputy_id: int | None
    requested_at: datetime | None
    reminded_at: datetime | None
    transitions: list[TransitionRead]


class ReviewRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    approver_id: DbId | None = None
    deputy_id: DbId | None = None
    comment: Comment = ""


class ReviewDecision(BaseModel):
    model_config = ConfigDict(extra="forbid")

    comment: Comment = ""


class SlotCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    day: Day
    region: AudienceValue
    country: Text(2, min_length=2, pattern=r"^[A-Z]{2}$") | None = None  # type: ignore[valid-type]
    topic_id: Text(64, min_length=1)  # type: ignore[valid-type]


class SlotClaim(BaseModel):
    model_config = ConfigDict(extra="forbid")

    business_unit: AudienceValue
    article_id: DbId | None = None


class TaskCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    kind: TaskKind
    title: Text(200) = ""  # type: ignore[valid-type]
    article_id: DbId | None = None
    campaign_id: DbId | None = None
    assignee_id: DbId | None = None
    due_at: Timestamp


class TaskDone(BaseModel):
    model_config = ConfigDict(extra="forbid")

    done: bool = True


class TaskRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    kind: str
    title: str
    article_id: int | None
    campaign_id: int | None
    assignee_id: int | None
    due_at: datetime
    done_at: datetime | None


class ModeRead(BaseModel):
    mode: ApprovalMode


class ModeUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    mode: ApprovalMode


class SlotRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    day: date
    region: str
    country: str | None
    topic_id: str
    business_unit: str | None
    article_id: int | None
    claimed_by: int | None
    claimed_at: datetime | None


class CalendarItem(BaseModel):
    article_id: int
    title: str
    status: str
    publish_at: datetime
    must_read: bool
    paused: bool = Field(description="Scheduled on a topic in crisis mode: held back.")


class ConflictRead(BaseModel):
    kind: str = Field(description="must_reads, same_audience or holiday")
    detail: str


class CalendarDay(BaseModel):
    day: date
    articles: list[CalendarItem]
    slots: list[SlotRead]
    tasks: list[TaskRead]
    conflicts: list[ConflictRead]


class CampaignWindow(BaseModel):
    id: int
    name: str
    starts_at: datetime | None
    ends_at: datetime | None


class CalendarRead(BaseModel):
    start: date
    end: date
    time_zone: str
    campaigns: list[CampaignWindow]
    days: list[CalendarDay]


class FeedCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    scope: FeedScope
    value: Text(64) = Field(  # type: ignore[valid-type]
        "", description="The business unit's name or the campaign's id (not for person)."
    )


class FeedRead(BaseModel):
    id: int
    scope: str
    value: str
    time_zone: str
    created_at: datetime
    url: str = Field(description="The feed's address: keep it secret, revoke it when shared.")


StoryPart = Text(10_000, min_length=1, strip=True)


class StoryCreate(BaseModel):
    """A #learnfromit story: three parts, the teller, names to leave out."""

    model_config = ConfigDict(extra="forbid")

    title: Text(200, min_length=1, strip=True)  # type: ignore[valid-type]
    language: Language
    topics: list[Text(64, min_length=1)] = Field(  # type: ignore[valid-type]
        default_factory=lambda: ["learnfromit"], min_length=1, max_length=10
    )
    what_happened: StoryPart  # type: ignore[valid-type]
    what_we_learned: StoryPart  # type: ignore[valid-type]
    what_we_changed: StoryPart  # type: ignore[valid-type]
    teller_id: DbId | None = Field(None, description="Who tells the story (default: the caller).")
    hide_names: list[Text(120, min_length=2, strip=True)] = Field(  # type: ignore[valid-type]
        default_factory=list,
        max_length=50,
        description="Names of people and customers to replace in the text (de-identification).",
    )
    strict_moderation: bool = True


class StoryRead(BaseModel):
    article_id: int
    title: str
    language: str
    status: str
    teller_id: int | None
    what_happened: str
    what_we_learned: str
    what_we_changed: str
    deidentified: int
    strict_moderation: bool
    consent_at: datetime | None
    consent_by: int | None
