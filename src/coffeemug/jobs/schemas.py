"""Shapes of the job ledger as `coffeemug jobs`, the admin API and the health check show it."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, Field


class JobStatusRead(BaseModel):
    kind: str
    help: str
    schedule: str | None = Field(description="Cron schedule in UTC; null = run when handed work.")
    last_started_at: datetime | None
    last_status: str | None
    last_summary: str | None
    last_error: str | None
    next_run_at: datetime | None
    runs: int
    failures: int
    consecutive_failures: int
    parked: int
    lag_seconds: float | None = Field(
        description="Periodic: how far behind its schedule the kind is now; other kinds: how "
        "long the last run waited in the queue."
    )


class ParkedJobRead(BaseModel):
    id: int
    kind: str
    args: dict[str, Any]
    attempts: int
    error: str
    parked_at: datetime


class JobsHealth(BaseModel):
    data_as_of: datetime | None = Field(description="Events ingested up to here are rolled up.")
    rollup_lag_seconds: float | None
    parked: int
