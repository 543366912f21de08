"""Liveness and readiness."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from sqlalchemy import text

from coffeemug.access import Audience, allow
from coffeemug.deps import SessionDep
from coffeemug.jobs import service as jobs_service

router = APIRouter(tags=["health"])


@router.get("/api/health")
@allow(Audience.anyone)
def health(session: SessionDep) -> dict[str, Any]:
    """Answers ok when the database answers; with how far analytics lag behind (the rollup's
    watermark) and how many background jobs are parked after failing."""
    session.execute(text("SELECT 1"))
    return {
        "status": "ok",
        "database": session.get_bind().dialect.name,
        "jobs": jobs_service.health(session).model_dump(mode="json"),
    }
