"""The page tests' newsroom with every role, and articles a reader must not see."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy.orm import Session

from coffeemug.content.models import Article, Campaign
from coffeemug.db import utcnow
from coffeemug.people.models import Employee
from factories import make_article, make_campaign, make_employee
from web.newsroom import Newsroom, build_newsroom


@dataclass
class TrustRoom:
    """The page tests' newsroom, plus an analyst, a campaign and articles a reader must not see:
    a draft, one scheduled for later and one targeted at another region."""

    room: Newsroom
    analyst: Employee
    campaign: Campaign
    draft: Article
    scheduled: Article
    elsewhere: Article

    @property
    def reader(self) -> Employee:
        return self.room.reader

    @property
    def editor(self) -> Employee:
        return self.room.editor

    @property
    def admin(self) -> Employee:
        return self.room.admin

    @property
    def live(self) -> Article:
        return self.room.articles[0]


def build_trust_room(session: Session) -> TrustRoom:
    room = build_newsroom(session)
    analyst = make_employee(
        session, "analyst-1", region="DE", business_unit="Communications", roles=["analyst"]
    )
    campaign = make_campaign(session, "Trust campaign")
    now = utcnow()
    draft = make_article(session, "A draft nobody may see yet", topics=["ai"], status="draft")
    scheduled = make_article(
        session,
        "Scheduled for the day after tomorrow",
        topics=["ai"],
        publish_at=now + timedelta(days=2),
    )
    elsewhere = make_article(
        session, "Only for the United States", topics=["ai"], audience_regions=["US"]
    )
    session.flush()
    return TrustRoom(room, analyst, campaign, draft, scheduled, elsewhere)
