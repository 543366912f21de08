"""Request and response shapes of the analytics API."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any

from pydantic import BaseModel, Field, model_validator

from coffeemug.analytics.kpis import ScoreSettings
from coffeemug.fields import Amount, DbId, Text

Note = Text(500)

# Hours of editorial work: a million hours is far beyond any article or campaign.
MAX_HOURS = 1e6
Hours = Annotated[float, Field(ge=0, le=MAX_HOURS, allow_inf_nan=False)]


class ColumnRead(BaseModel):
    key: str
    label: str
    unit: str = "text"


class TableRead(BaseModel):
    """Every analytics answer is a table: the dashboard draws it, CSV exports it."""

    name: str
    title: str
    start: date
    end: date
    k: int = Field(description="Smallest group shown; smaller groups are suppressed.")
    score_version: int | None = None
    columns: list[ColumnRead]
    rows: list[dict[str, Any]]
    suppressed_rows: int = 0
    note: str = ""


class ArticleFigures(BaseModel):
    """One article's first figures for its editor, from the rollups: all hidden (``shown``
    false) when the article concerns fewer than k people, as everywhere in analytics."""

    article_id: int
    shown: bool
    impressions: int = 0
    reached: int | None = None
    open_rate: float | None = None
    likes: int = 0
    dismissals: int = 0
    acknowledgement_rate: float | None = None
    # Acknowledgements counted in the rollups (must-reads' progress against their due date).
    acknowledgements: int = 0


class DueProgress(BaseModel):
    """A must-read's acknowledgements against its due date, for its editor. ``shown`` is false
    (and the counts 0) when the article's figures are hidden, or fewer than k people
    acknowledged or fewer than k did not: either side would point at a few people."""

    article_id: int
    due_at: datetime
    overdue: bool
    shown: bool
    audience: int = 0
    acknowledged: int = 0

    @property
    def share(self) -> float:
        return self.acknowledged / self.audience if self.audience else 0.0


class KpiRead(BaseModel):
    slug: str
    title: str
    unit: str
    group: str
    description: str


class EffortCreate(BaseModel):
    article_id: DbId | None = None
    campaign_id: DbId | None = None
    hours: Hours = 0.0
    budget: Amount = Field(0.0, description="EUR, 0 to 1e9.")
    note: Note = ""

    @model_validator(mode="after")
    def _one_subject(self) -> EffortCreate:
        if (self.article_id is None) == (self.campaign_id is None):
            raise ValueError("give exactly one of article_id or campaign_id")
        return self


class EffortRead(EffortCreate):
    id: int


class ExportRead(BaseModel):
    """One entry of the export log: who took which table out, never its figures."""

    id: int
    exported_at: datetime
    employee_id: int | None
    table_name: str
    parameters: dict[str, Any]
    rows: int


class ScoreConfigCreate(ScoreSettings):
    note: Note = Field("", description="Why the weights changed.")


class ScoreConfigRead(BaseModel):
    version: int
    config: ScoreSettings
    note: str


class ImportReport(BaseModel):
    kind: str
    rows: int
    stored_new: int
    updated_or_unchanged: int
    errors: list[str]
