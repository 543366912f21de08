"""Campaigns as first-class objects: their plan, and the report of plan against result.

The report's figures come from analytics' read side (rollups, suppressed exactly as the
dashboard's article and campaign breakdowns), effort and ROI from ``analytics.roi``.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy.orm import Session

from coffeemug.analytics import roi
from coffeemug.analytics import service as analytics
from coffeemug.analytics.kpis import Totals, compute_all, engagement_score
from coffeemug.analytics.periods import MAX_PERIOD_WEEKS, WEEK_DAYS, resolve_period, week_start
from coffeemug.content.models import Article, Campaign
from coffeemug.db import utcnow
from coffeemug.errors import Conflict, NotFound, ValidationFailed
from coffeemug.orchestration import repository
from coffeemug.orchestration.models import CampaignPlan
from coffeemug.orchestration.schemas import (
    ArticleLine,
    CampaignCreate,
    CampaignRead,
    CampaignReport,
    Effort,
    Figures,
    WeekPoint,
)
from coffeemug.settings import Settings

# The report's score curve shows at most this many weeks (the last ones of the window).
MAX_CURVE_WEEKS = 26
_PLAN_FIELDS = (
    "status",
    "owner_id",
    "goal_score",
    "goal_reach",
    "goal_read_rate",
    "goal_conversions",
    "key_messages",
    "audience_regions",
    "audience_business_units",
    "audience_languages",
    "business_units",
    "planned_hours",
    "planned_budget",
)


def campaign_read(campaign: Campaign, plan: CampaignPlan | None) -> CampaignRead:
    """The API shape of a campaign; one without a plan shows an empty one."""
    values: dict[str, Any] = {name: getattr(plan, name, None) for name in _PLAN_FIELDS}
    for name in ("key_messages", "audience_regions", "audience_business_units"):
        values[name] = list(values[name] or [])
    values["audience_languages"] = list(values["audience_languages"] or [])
    values["business_units"] = list(values["business_units"] or [])
    values["status"] = values["status"] or "planned"
    values["planned_hours"] = values["planned_hours"] or 0.0
    values["planned_budget"] = values["planned_budget"] or 0.0
    return CampaignRead(
        id=campaign.id,
        name=campaign.name,
        description=campaign.description or "",
        starts_at=campaign.starts_at,
        ends_at=campaign.ends_at,
        **values,
    )


def list_campaigns(session: Session) -> list[CampaignRead]:
    """Every campaign with its plan, the latest first."""
    return [campaign_read(c, p) for c, p in repository.campaigns_with_plans(session)]


def campaign_choices(session: Session) -> list[tuple[int, str]]:
    """(id, name) of every campaign, for the desk's form."""
    return sorted(repository.campaign_names(session), key=lambda pair: pair[1].lower())


def get_campaign(session: Session, campaign_id: int) -> CampaignRead:
    found = repository.campaign_with_plan(session, campaign_id)
    if found is None:
        raise NotFound(f"campaign {campaign_id} not found")
    return campaign_read(*found)


def create_campaign(session: Session, data: CampaignCreate) -> CampaignRead:
    """A new campaign with its plan (editors); 409 if the name is taken."""
    if repository.campaign_named(session, data.name) is not None:
        raise Conflict(f"name: a campaign named {data.name!r} exists already", field="name")
    if data.owner_id is not None and not repository.employee_exists(session, data.owner_id):
        raise ValidationFailed(f"owner_id: unknown employee {data.owner_id}", field="owner_id")
    campaign = Campaign(
        name=data.name,
        description=data.description,
        starts_at=data.starts_at,
        ends_at=data.ends_at,
        created_at=utcnow(),
    )
    session.add(campaign)
    session.flush()
    plan = CampaignPlan(campaign_id=campaign.id, updated_at=utcnow())
    for name in _PLAN_FIELDS:
        value = getattr(data, name)
        if name == "audience_languages":
            value = [str(v) for v in value]
        elif name == "status":
            value = str(value)
        setattr(plan, name, value)
    session.add(plan)
    session.flush()
    return campaign_read(campaign, plan)


# ------------------------------------------------------------------ the report


def report_period(campaign: CampaignRead, today: date) -> tuple[date, date]:
    """The whole weeks of the campaign's window up to this week (analytics answers for whole
    weeks only); without a window, the last 30 days."""
    end = min(campaign.ends_at.date(), today) if campaign.ends_at else today
    start = campaign.starts_at.date() if campaign.starts_at else None
    if start is not None and start > end:
        start = end
    if start is not None and (end - start).days >= MAX_PERIOD_WEEKS * WEEK_DAYS - WEEK_DAYS:
        start = end - timedelta(days=(MAX_PERIOD_WEEKS - 1) * WEEK_DAYS)
    return resolve_period(start, end)


def _figures(totals: Totals | None, score: float | None, reached: int | None) -> Figures:
    if totals is None:
        return Figures(suppressed=True)
    kpis = compute_all(totals)
    return Figures(
        suppressed=False,
        impressions=totals.impressions,
        opens=totals.opens,
        likes=totals.likes,
        comments=totals.comments,
        shares=totals.shares,
        conversions=totals.conversions,
        conversion_value=round(totals.conversion_value, 2),
        reached=reached,
        read_rate=None if kpis["open_rate"] is None else round(kpis["open_rate"], 4),
        score=score,
    )


def _article_lines(
    session: Session,
    settings: Settings,
    articles: list[Article],
    start: date,
    end: date,
) -> tuple[list[ArticleLine], Totals, int]:
    """Each article's figures as the article breakdown decides them, and the sum of the
    articles shown (hidden ones add nothing, exactly as on the dashboard)."""
    ids = {a.id for a in articles}
    scorer, groups = analytics.chosen_groups(session, settings, "article", start, end, ids, None)
    by_id = {g.key: g for g in groups}
    total = Totals()
    lines = []
    for article in articles:
        group = by_id.get(article.id)
        if group is None:
            figures = _figures(Totals(), 0.0, 0)
        elif group.hidden:
            figures = _figures(None, None, None)
        else:
            total = total.add(group.totals)
            score = scorer.values(group)["score"]
            figures = _figures(group.totals, score, group.totals.reached)
        lines.append(
            ArticleLine(
                article_id=article.id,
                title=article.title,
                language=article.language,
                status=article.status,
                publish_at=article.publish_at,
                figures=figures,
            )
        )
    return lines, total, scorer.version


def _campaign_group(
    session: Session, settings: Settings, campaign_id: int, start: date, end: date
) -> tuple[Any, Any]:
    scorer, groups = analytics.chosen_groups(
        session, settings, "campaign", start, end, {campaign_id}, None
    )
    return scorer, (groups[0] if groups else None)


def _weeks(
    session: Session, settings: Settings, campaign_id: int, start: date, end: date
) -> list[WeekPoint]:
    """The campaign's Engagement Score per week, each week suppressed on its own."""
    first = max(start, week_start(end) - timedelta(days=(MAX_CURVE_WEEKS - 1) * WEEK_DAYS))
    points = []
    monday = week_start(first)
    while monday <= end:
        sunday = monday + timedelta(days=WEEK_DAYS - 1)
        scorer, group = _campaign_group(session, settings, campaign_id, monday, sunday)
        if group is None:
            score: float | None = 0.0
        else:
            score = scorer.values(group)["score"]
        points.append(WeekPoint(week=monday, score=score))
        monday += timedelta(days=WEEK_DAYS)
    return points


def _effort(
    session: Session,
    settings: Settings,
    campaign: CampaignRead,
    article_ids: set[int],
    start: date,
    end: date,
) -> Effort:
    """Planned effort against the effort entries of the campaign and its articles, with the
    ROI analytics computes for the campaign's own entry (None where hidden or missing)."""
    table = roi.roi_table(session, settings, start, end, "en", None)
    hours = budget = cost = 0.0
    campaign_roi = None
    for row in table.rows:
        mine = (row["kind"] == "campaign" and row["key"] == str(campaign.id)) or (
            row["kind"] == "article" and int(row["key"]) in article_ids
        )
        if not mine:
            continue
        hours += row["hours"]
        budget += row["budget"]
        cost += row["cost"]
        if row["kind"] == "campaign":
            campaign_roi = row["roi"]
    return Effort(
        planned_hours=campaign.planned_hours,
        planned_budget=campaign.planned_budget,
        actual_hours=round(hours, 2),
        actual_budget=round(budget, 2),
        actual_cost=round(cost, 2),
        roi=campaign_roi,
    )


def _goals(campaign: CampaignRead, totals: Figures) -> dict[str, bool | None]:
    """Each goal set: met, not (yet) met, or None where the figure is suppressed."""
    pairs = {
        "score": (campaign.goal_score, totals.score),
        "reach": (campaign.goal_reach, totals.reached),
        "read_rate": (campaign.goal_read_rate, totals.read_rate),
        "conversions": (campaign.goal_conversions, totals.conversions),
    }
    return {
        name: None if actual is None else actual >= goal
        for name, (goal, actual) in pairs.items()
        if goal is not None
    }


def campaign_report(
    session: Session, settings: Settings, campaign_id: int, today: date | None = None
) -> CampaignReport:
    """Plan against actual for one campaign: the sums of its articles' figures, its score
    per week, effort and ROI; nothing about fewer than k people."""
    campaign = get_campaign(session, campaign_id)
    start, end = report_period(campaign, today or datetime.now(UTC).date())
    articles = list(repository.campaign_articles(session, campaign_id))
    lines, total, version = _article_lines(session, settings, articles, start, end)
    scorer, group = _campaign_group(session, settings, campaign_id, start, end)
    if group is not None and group.hidden:
        # Fewer than k people in the whole campaign: no article of it shows figures either.
        totals = _figures(None, None, None)
        lines = [line.model_copy(update={"figures": Figures(suppressed=True)}) for line in lines]
    else:
        score = engagement_score(total, scorer.config, scorer.version).score
        reached = group.totals.reached if group is not None else 0
        totals = _figures(total, score, reached)
    return CampaignReport(
        campaign=campaign,
        start=start,
        end=end,
        k=settings.privacy_k,
        score_version=version,
        totals=totals,
        goal_met=_goals(campaign, totals),
        weeks=_weeks(session, settings, campaign_id, start, end),
        articles=lines,
        effort=_effort(session, settings, campaign, {a.id for a in articles}, start, end),
    )
