"""The demo seed plans: three campaigns with goals and effort, a calendar of daily topics,
reviews under way and tasks; the campaign report answers for them."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from coffeemug.analytics.models import Effort
from coffeemug.content.models import Article
from coffeemug.demo.service import SeedOptions, seed
from coffeemug.orchestration import service
from coffeemug.orchestration.models import (
    ArticleReview,
    CalendarSlot,
    CampaignPlan,
    Story,
    Task,
)
from coffeemug.settings import Settings
from coffeemug.text.embeddings import get_encoder

NOW = datetime(2026, 3, 2, tzinfo=UTC)


def test_demo_has_plans_calendar_reviews_and_tasks(session: Session, settings: Settings) -> None:
    options = SeedOptions(employees=60, articles=100, days=3, seed=5, now=NOW)
    seed(session, options, get_encoder("hashing"), settings=settings)
    plans = session.scalars(select(CampaignPlan)).all()
    assert len(plans) == 3 and all(p.goal_score and p.key_messages for p in plans)
    assert session.scalar(select(func.count(Effort.id)).where(Effort.campaign_id.is_not(None))) == 3
    slots = session.scalars(select(CalendarSlot)).all()
    # 14 days: 10 weekdays, 4 regions each.
    assert len(slots) == 40
    assert any(s.business_unit for s in slots) and any(s.article_id for s in slots)
    assert session.scalar(select(func.count()).select_from(ArticleReview)) > 0
    assert session.scalar(select(func.count()).select_from(Task)) > 0
    told = session.scalars(select(Story)).all()
    assert len(told) == 5 and all(s.consent_at for s in told)
    languages = {session.get(Article, s.article_id).language for s in told}
    assert languages == {"de", "en"}
    report = service.campaign_report(session, settings, plans[0].campaign_id, NOW.date())
    assert report.effort.actual_hours > 0 and report.weeks
