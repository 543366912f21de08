"""Liveness and readiness."""

from __future__ import annotations

from fastapi import APIRouter
from sqlalchemy import text

from coffeemug.access import Audience, allow
from coffeemug.deps import SessionDep

router = APIRouter(tags=["health"])


@router.get("/api/health")
@allow(Audience.anyone)
def health(session: SessionDep) -> dict[str, str]:
    """Answers ok when the database answers."""
    session.execute(text("SELECT 1"))
    return {"status": "ok", "database": session.get_bind().dialect.name}
