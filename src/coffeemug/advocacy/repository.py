"""All SQL of advocacy."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import delete, func, insert, select, text
from sqlalchemy.orm import Session

from coffeemug.advocacy.models import BadgeOptIn, GuidelineRule, Share, ShareClick, TeamGoal
from coffeemug.content.models import Article, Campaign


def add(session: Session, row: Any) -> None:
    session.add(row)
    session.flush()


def rules(session: Session) -> Sequence[GuidelineRule]:
    return session.scalars(
        select(GuidelineRule).order_by(GuidelineRule.kind, GuidelineRule.value)
    ).all()


def rule_by_key(session: Session, kind: str, language: str, value: str) -> GuidelineRule | None:
    return session.scalars(
        select(GuidelineRule).where(
            GuidelineRule.kind == kind,
            GuidelineRule.language == language,
            GuidelineRule.value == value,
        )
    ).first()


def delete_rule(session: Session, rule_id: int) -> int:
    return session.execute(delete(GuidelineRule).where(GuidelineRule.id == rule_id)).rowcount


def campaign_name(session: Session, campaign_id: int | None) -> str | None:
    if campaign_id is None:
        return None
    return session.scalar(select(Campaign.name).where(Campaign.id == campaign_id))


def link_targets(session: Session, tokens: Collection[str]) -> dict[str, tuple[int, int, str, str]]:
    """(share id, article id, network, campaign) by token, in one indexed lookup."""
    if not tokens:
        return {}
    rows = session.execute(
        select(Share.token, Share.id, Share.article_id, Share.network, Share.campaign).where(
            Share.token.in_(list(tokens))
        )
    ).all()
    return {r[0]: (r[1], r[2], r[3], r[4]) for r in rows}


def shares_of(session: Session, employee_id: int) -> list[tuple[Share, str, int]]:
    """The employee's shares, newest first, with the article title and clicks."""
    clicks = (
        select(ShareClick.share_id, func.count().label("n"))
        .group_by(ShareClick.share_id)
        .subquery()
    )
    rows = session.execute(
        select(Share, Article.title, func.coalesce(clicks.c.n, 0))
        .join(Article, Article.id == Share.article_id)
        .outerjoin(clicks, clicks.c.share_id == Share.id)
        .where(Share.employee_id == employee_id)
        .order_by(Share.created_at.desc(), Share.id.desc())
    ).all()
    return [(r[0], r[1], int(r[2])) for r in rows]


def clicks_by_week(session: Session, employee_id: int) -> list[datetime]:
    """When the employee's shares were clicked (for the over-time chart)."""
    return list(
        session.scalars(
            select(ShareClick.clicked_at)
            .join(Share, Share.id == ShareClick.share_id)
            .where(Share.employee_id == employee_id)
        ).all()
    )


def outcome_rows(
    session: Session, key: Any, since: datetime | None
) -> list[tuple[str | None, int, int, int]]:
    """(key, shares, clicks, distinct sharers) grouped by ``key`` (a column expression)."""
    clicks = (
        select(ShareClick.share_id, func.count().label("n"))
        .group_by(ShareClick.share_id)
        .subquery()
    )
    stmt = (
        select(
            key,
            func.count(Share.id),
            func.coalesce(func.sum(clicks.c.n), 0),
            func.count(func.distinct(Share.employee_id)),
        )
        .select_from(Share)
        .join(Article, Article.id == Share.article_id)
        .outerjoin(clicks, clicks.c.share_id == Share.id)
        .group_by(key)
    )
    if since is not None:
        stmt = stmt.where(Share.created_at >= since)
    return [(r[0], int(r[1]), int(r[2]), int(r[3])) for r in session.execute(stmt).all()]


def goals(session: Session, month: str | None = None) -> Sequence[TeamGoal]:
    stmt = select(TeamGoal).order_by(TeamGoal.month.desc(), TeamGoal.business_unit)
    if month:
        stmt = stmt.where(TeamGoal.month == month)
    return session.scalars(stmt).all()


def goal(session: Session, business_unit: str, month: str) -> TeamGoal | None:
    return session.scalars(
        select(TeamGoal).where(TeamGoal.business_unit == business_unit, TeamGoal.month == month)
    ).first()


def unit_shares(
    session: Session, business_unit: str, start: datetime, end: datetime
) -> tuple[int, int]:
    """(shares, distinct sharers) of a business unit between two moments."""
    row = session.execute(
        select(func.count(Share.id), func.count(func.distinct(Share.employee_id))).where(
            Share.business_unit == business_unit,
            Share.created_at >= start,
            Share.created_at < end,
        )
    ).one()
    return int(row[0]), int(row[1])


def opted_in(session: Session, employee_id: int) -> bool:
    row = session.get(BadgeOptIn, employee_id)
    return bool(row and row.opted_in)


def set_opt_in(session: Session, employee_id: int, value: bool) -> None:
    row = session.get(BadgeOptIn, employee_id)
    if row is None:
        session.add(BadgeOptIn(employee_id=employee_id, opted_in=value))
    else:
        row.opted_in = value
    session.flush()


def share_count(session: Session) -> int:
    return int(session.scalar(select(func.count(Share.id))) or 0)


def insert_shares(session: Session, rows: Sequence[dict[str, Any]]) -> dict[str, int]:
    """Bulk insert of shares (demo data); ids by token."""
    if rows:
        session.execute(insert(Share), list(rows))
    tokens = [r["token"] for r in rows]
    found = session.execute(select(Share.token, Share.id).where(Share.token.in_(tokens))).all()
    return {token: share_id for token, share_id in found}


def insert_clicks(session: Session, rows: Sequence[dict[str, Any]]) -> None:
    if rows:
        session.execute(insert(ShareClick), list(rows))


def add_clicks(session: Session, share_ids: Sequence[int], at: datetime) -> None:
    """Clicks at one moment: their shares and the time (a Core insert: the redirect's hot path)."""
    if share_ids:
        session.execute(
            insert(ShareClick), [{"share_id": share_id, "clicked_at": at} for share_id in share_ids]
        )


def relax_durability(session: Session) -> None:
    """PostgreSQL: this transaction's commit does not wait for its WAL to reach the disk.

    For clicks on shared links only: a crash of the database server may lose the clicks of the
    last moment (never corrupt anything), and a viral post does not queue behind disk flushes.
    """
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SET LOCAL synchronous_commit TO OFF"))


def scores_and_clicks(
    session: Session, since: datetime | None, limit: int
) -> list[tuple[int, int]]:
    """(coach score, clicks) of the most recent shares."""
    clicks = (
        select(ShareClick.share_id, func.count().label("n"))
        .group_by(ShareClick.share_id)
        .subquery()
    )
    stmt = (
        select(Share.coach_score, func.coalesce(clicks.c.n, 0))
        .outerjoin(clicks, clicks.c.share_id == Share.id)
        .order_by(Share.created_at.desc())
        .limit(limit)
    )
    if since is not None:
        stmt = stmt.where(Share.created_at >= since)
    return [(int(a), int(b)) for a, b in session.execute(stmt).all()]
