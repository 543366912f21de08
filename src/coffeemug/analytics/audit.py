"""Who exported which analytics table, when and with which filters: never the content.

The works council can ask who took figures out of the system; the log answers that without
copying any figure. Entries are deleted with the raw events when the retention period ends.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import JSON, ForeignKey, Integer, String, delete, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from coffeemug.db import Base, UTCDateTime, utcnow


class ExportRecord(Base):
    """One CSV export of an analytics table."""

    __tablename__ = "analytics_exports"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    exported_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    # The analyst or editor who exported (staff acting in their role, not a reader's behaviour).
    employee_id: Mapped[int | None] = mapped_column(
        ForeignKey("employees.id", ondelete="SET NULL"), nullable=True
    )
    table_name: Mapped[str] = mapped_column(String(64))
    parameters: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    rows: Mapped[int] = mapped_column(Integer, default=0)


def record_export(
    session: Session, employee_id: int, table_name: str, parameters: dict[str, Any], rows: int
) -> ExportRecord:
    record = ExportRecord(
        employee_id=employee_id, table_name=table_name, parameters=parameters, rows=rows
    )
    session.add(record)
    session.flush()
    return record


def list_exports(session: Session, limit: int, offset: int = 0) -> list[ExportRecord]:
    """Newest first."""
    query = (
        select(ExportRecord)
        .order_by(ExportRecord.exported_at.desc(), ExportRecord.id.desc())
        .limit(limit)
        .offset(offset)
    )
    return list(session.scalars(query))


def purge(session: Session, retention_days: int, now: datetime | None = None) -> int:
    cutoff = (now or utcnow()) - timedelta(days=retention_days)
    result = session.execute(delete(ExportRecord).where(ExportRecord.exported_at < cutoff))
    return int(result.rowcount or 0)
