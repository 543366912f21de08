"""What shares achieved: the employee's own figures, k-anonymous aggregates for editors and
analysts, earned reach (measured apart from estimated), team goals and private badges.

Nothing here ranks people: aggregates are by article, campaign, network or business unit, a
row appears only when at least k employees shared in it (with complementary suppression so a
hidden row cannot be worked out from the total), team goals count a unit's shares, and badges
are computed for the employee alone, on request, only if they opted in.
"""

from __future__ import annotations

from calendar import monthrange
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Literal

import numpy as np
from sqlalchemy.orm import Session

from coffeemug.advocacy import repository
from coffeemug.advocacy.models import Share, TeamGoal
from coffeemug.advocacy.schemas import EarnedReach, GoalRead, GoalSet, OutcomeRow, OutcomeTable
from coffeemug.analytics.privacy import Crowd, suppress_partition
from coffeemug.content.models import Article
from coffeemug.db import utcnow
from coffeemug.i18n import N_, gettext
from coffeemug.people.models import Employee
from coffeemug.settings import Settings

Dimension = Literal["article", "campaign", "network", "business_unit"]
KEYS = {
    "article": Article.title,
    "campaign": Share.campaign,
    "network": Share.network,
    "business_unit": Share.business_unit,
}
# The API states the estimate's formula in English (the pages say it in the reader's language).
API_LANGUAGE = "en"
ESTIMATE_BASIS = N_(
    "Estimate: impressions = clicks x %(per_click)s; media value = impressions / 1,000 x "
    "%(cpm)s EUR (CPM); click value = clicks x %(cpc)s EUR (CPC)."
)


def earned_reach(shares: int | None, clicks: int | None, settings: Settings) -> EarnedReach:
    """Measured shares and clicks, and the estimates derived from them, labelled as such."""
    impressions = (
        None if clicks is None else round(clicks * settings.advocacy_impressions_per_click)
    )
    return EarnedReach(
        shares=shares,
        clicks=clicks,
        estimated_impressions=impressions,
        estimated_media_value_eur=(
            None
            if impressions is None
            else round(impressions / 1000 * settings.advocacy_cpm_eur, 2)
        ),
        estimated_click_value_eur=(
            None if clicks is None else round(clicks * settings.advocacy_cpc_eur, 2)
        ),
        estimate_basis=gettext(
            API_LANGUAGE,
            ESTIMATE_BASIS,
            per_click=settings.advocacy_impressions_per_click,
            cpm=settings.advocacy_cpm_eur,
            cpc=settings.advocacy_cpc_eur,
        ),
    )


# The coach is checked against at most this many recent shares (pairs grow with the square).
COACH_CHECK_SHARES = 2000


def coach_accuracy(session: Session, since: datetime | None) -> tuple[float | None, int]:
    """How often the coach scored the more-clicked of two shares higher (ties count half),
    over every pair of recent shares with different clicks; (accuracy x100, pairs)."""
    rows = repository.scores_and_clicks(session, since, COACH_CHECK_SHARES)
    if len(rows) < 2:
        return None, 0
    scores = np.array([r[0] for r in rows], dtype=np.float64)
    clicks = np.array([r[1] for r in rows], dtype=np.float64)
    better = clicks[:, None] > clicks[None, :]
    pairs = int(better.sum())
    if pairs == 0:
        return None, 0
    diff = scores[:, None] - scores[None, :]
    right = float((better & (diff > 0)).sum() + 0.5 * (better & (diff == 0)).sum())
    return round(100 * right / pairs, 1), pairs


def outcome_table(
    session: Session, by: Dimension, settings: Settings, days: int | None = None
) -> OutcomeTable:
    """Shares, clicks and sharers by one dimension, rows under k sharers withheld."""
    k = settings.privacy_k
    since = utcnow() - timedelta(days=days) if days else None
    raw = repository.outcome_rows(session, KEYS[by], since)
    rows = {str(key): (shares, clicks, sharers) for key, shares, clicks, sharers in raw}
    crowds = {key: Crowd(floor=value[2]) for key, value in rows.items()}
    hidden = suppress_partition(list(rows), crowds, lambda key: rows[key][0], k)  # type: ignore[arg-type]
    shown = [
        OutcomeRow(key=key, shares=s, clicks=c, sharers=n)
        for key, (s, c, n) in sorted(rows.items(), key=lambda item: (-item[1][1], item[0]))
        if key not in hidden
    ]
    total = repository.outcome_rows(session, Share.language.is_not(None), since)
    shares = sum(r[1] for r in total)
    clicks = sum(r[2] for r in total)
    sharers = max((r[3] for r in total), default=0)
    visible = sharers >= k
    accuracy, pairs = coach_accuracy(session, since) if visible else (None, 0)
    return OutcomeTable(
        by=by,
        k=k,
        rows=shown,
        hidden=len(hidden),
        earned=earned_reach(shares if visible else None, clicks if visible else None, settings),
        coach_accuracy=accuracy,
        coach_pairs=pairs,
    )


# ---- team goals


def month_of(moment: datetime) -> str:
    return f"{moment.year:04d}-{moment.month:02d}"


def _month_bounds(month: str) -> tuple[datetime, datetime]:
    year, number = int(month[:4]), int(month[5:7])
    start = datetime(year, number, 1, tzinfo=UTC)
    return start, start + timedelta(days=monthrange(year, number)[1])


def set_goal(session: Session, data: GoalSet) -> TeamGoal:
    goal = repository.goal(session, data.business_unit, data.month)
    if goal is None:
        goal = TeamGoal(business_unit=data.business_unit, month=data.month, target=data.target)
        session.add(goal)
    goal.target = data.target
    session.flush()
    return goal


def goal_progress(session: Session, goal: TeamGoal, k: int) -> GoalRead:
    """A unit's shares in the goal's month; withheld while fewer than k colleagues shared."""
    start, end = _month_bounds(goal.month)
    shares, sharers = repository.unit_shares(session, goal.business_unit, start, end)
    return GoalRead(
        business_unit=goal.business_unit,
        month=goal.month,
        target=goal.target,
        shares=shares if sharers >= k else None,
    )


def goals(session: Session, k: int, month: str | None = None) -> list[GoalRead]:
    return [goal_progress(session, g, k) for g in repository.goals(session, month)]


def my_team_goal(session: Session, employee: Employee, k: int) -> GoalRead | None:
    goal = repository.goal(session, employee.business_unit, month_of(utcnow()))
    return None if goal is None else goal_progress(session, goal, k)


# ---- badges: private and opt-in


@dataclass(frozen=True)
class Badge:
    code: str
    title: str
    description: str


BADGES = (
    Badge("first_share", N_("First share"), N_("You shared an article for the first time.")),
    Badge("five_shares", N_("Regular voice"), N_("You shared five articles.")),
    Badge(
        "own_words", N_("In your own words"), N_("The coach scored one of your posts 80 or more.")
    ),
    Badge("both_languages", N_("Bilingual"), N_("You shared in German and in English.")),
    Badge("read_on", N_("Read on"), N_("Ten people followed the link of one of your posts.")),
)


def badges_opted_in(session: Session, employee: Employee) -> bool:
    return repository.opted_in(session, employee.id)


def set_badges(session: Session, employee: Employee, opted_in: bool) -> None:
    repository.set_opt_in(session, employee.id, opted_in)


def my_badges(session: Session, employee: Employee) -> list[Badge]:
    """The badges the employee earned; none unless they opted in (nobody else can ask)."""
    if not repository.opted_in(session, employee.id):
        return []
    shares = repository.shares_of(session, employee.id)
    earned = {
        "first_share": len(shares) >= 1,
        "five_shares": len(shares) >= 5,
        "own_words": any(s.coach_score >= 80 for s, _, _ in shares),
        "both_languages": {s.language for s, _, _ in shares} >= {"de", "en"},
        "read_on": any(clicks >= 10 for _, _, clicks in shares),
    }
    return [b for b in BADGES if earned[b.code]]
