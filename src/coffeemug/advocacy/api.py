"""HTTP routes of advocacy: the share composer, the coach, the employee's own outcomes, the
guideline rules (admins), aggregates (editors and analysts), team goals and badges."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Response, status
from pydantic import BaseModel

from coffeemug.access import Audience, allow
from coffeemug.advocacy import outcomes, service
from coffeemug.advocacy.schemas import (
    CoachRead,
    CoachRequest,
    GoalRead,
    GoalSet,
    ImportResult,
    OutcomeTable,
    RuleCreate,
    RuleRead,
    ShareCreate,
    ShareCreated,
    ShareKit,
    ShareRead,
)
from coffeemug.analytics.api import AnalyticsReader
from coffeemug.deps import (
    AdminEmployee,
    CurrentEmployee,
    EditorEmployee,
    SessionDep,
    SettingsDep,
)
from coffeemug.errors import (
    Conflict,
    Forbidden,
    NotAuthenticated,
    NotFound,
    ValidationFailed,
    error_responses,
)
from coffeemug.fields import DbId
from coffeemug.i18n import language_of
from coffeemug.people.models import Employee
from coffeemug.text.embeddings import get_encoder

router = APIRouter(prefix="/api", tags=["advocacy"])

READ_ERRORS = error_responses(NotAuthenticated, Forbidden, NotFound)
WRITE_ERRORS = error_responses(
    NotAuthenticated, Forbidden, NotFound, Conflict, ValidationFailed, service.GuidelineBlocked
)
Language = Literal["de", "en"]


def _language(employee: Employee, chosen: str | None) -> str:
    """The language asked for, else the employee's first language we speak, else English."""
    if chosen:
        return chosen
    for lang in employee.languages or []:
        if language_of(lang):
            return language_of(lang) or "en"
    return "en"


@router.get("/shares/kit/{article_id}", response_model=ShareKit, responses=READ_ERRORS)
@allow(Audience.employee)
def share_kit(
    article_id: DbId,
    session: SessionDep,
    settings: SettingsDep,
    employee: CurrentEmployee,
    language: Language | None = None,
) -> ShareKit:
    """What the composer offers for an article: caption starters in the employee's language,
    hashtags from its topics, the disclosure line, each network's limits, whether it pauses."""
    return service.share_kit(session, employee, article_id, _language(employee, language), settings)


@router.post(
    "/shares",
    response_model=ShareCreated,
    status_code=status.HTTP_201_CREATED,
    responses=WRITE_ERRORS,
)
@allow(Audience.employee)
def create_share(
    data: ShareCreate, session: SessionDep, settings: SettingsDep, employee: CurrentEmployee
) -> ShareCreated:
    """Share an article in your own words: answers the tracked link /s/<token>, the network's
    share-intent URL, warnings of the guideline check and the coach's view. 409 while a topic
    of the article is in crisis mode or for a suggested caption posted unchanged; 422 over the
    network's length limit or for a post breaking a blocking guideline."""
    return service.create_share(
        session,
        employee,
        data,
        language=_language(employee, None),
        settings=settings,
        encoder=get_encoder(settings.embedder),
    )


@router.get("/shares/mine", response_model=list[ShareRead], responses=READ_ERRORS)
@allow(Audience.employee)
def my_shares(session: SessionDep, employee: CurrentEmployee) -> list[ShareRead]:
    """Your own shares and their clicks (nobody else sees these)."""
    return service.my_shares(session, employee)


@router.get("/shares/{share_id}", response_model=ShareRead, responses=READ_ERRORS)
@allow(Audience.employee)
def my_share(share_id: DbId, session: SessionDep, employee: CurrentEmployee) -> ShareRead:
    """One of your own shares; another employee's answers 404 as an unknown id."""
    return service.my_share(session, employee, share_id)


@router.post("/coach", response_model=CoachRead, responses=WRITE_ERRORS)
@allow(Audience.employee)
def coach(
    data: CoachRequest, session: SessionDep, settings: SettingsDep, employee: CurrentEmployee
) -> CoachRead:
    """Score a draft (0 to 100) with tips and reasons in your language, and the places where
    it breaks the business conduct guidelines."""
    return service.coach_for(
        session,
        employee,
        data.text,
        data.network,
        _language(employee, data.language),
        data.article_id,
        get_encoder(settings.embedder),
    )


@router.get("/advocacy/rules", response_model=list[RuleRead], responses=READ_ERRORS)
@allow(Audience.admin)
def list_rules(session: SessionDep, admin: AdminEmployee) -> list[RuleRead]:
    """The business conduct rules the guideline check applies (admins only)."""
    return [RuleRead.model_validate(r) for r in service.list_rules(session)]


@router.post(
    "/advocacy/rules",
    response_model=RuleRead,
    status_code=status.HTTP_201_CREATED,
    responses=WRITE_ERRORS,
)
@allow(Audience.admin)
def add_rule(data: RuleCreate, session: SessionDep, admin: AdminEmployee) -> RuleRead:
    """Add a rule (or update the one with the same kind, language and value)."""
    return RuleRead.model_validate(service.save_rule(session, data)[0])


@router.post("/advocacy/rules/import", response_model=ImportResult, responses=WRITE_ERRORS)
@allow(Audience.admin)
def import_rules(
    rules: list[RuleCreate], session: SessionDep, admin: AdminEmployee
) -> ImportResult:
    """Import a list of rules, all or nothing."""
    created, updated = service.import_rules(session, rules)
    return ImportResult(created=created, updated=updated)


@router.delete(
    "/advocacy/rules/{rule_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    responses=WRITE_ERRORS,
)
@allow(Audience.admin)
def delete_rule(rule_id: DbId, session: SessionDep, admin: AdminEmployee) -> Response:
    service.delete_rule(session, rule_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get("/advocacy/outcomes", response_model=OutcomeTable, responses=READ_ERRORS)
@allow(Audience.analytics)
def outcome_table(
    session: SessionDep,
    settings: SettingsDep,
    reader: AnalyticsReader,
    by: outcomes.Dimension = "network",
    days: int | None = None,
) -> OutcomeTable:
    """Shares, clicks and sharers by article, campaign, network or business unit; rows with
    fewer than k sharers are withheld; earned reach keeps measured and estimated apart."""
    return outcomes.outcome_table(session, by, settings, days if days and days > 0 else None)


@router.get("/advocacy/goals", response_model=list[GoalRead], responses=READ_ERRORS)
@allow(Audience.employee)
def list_goals(
    session: SessionDep, settings: SettingsDep, employee: CurrentEmployee
) -> list[GoalRead]:
    """Team goals and each business unit's shares against them (withheld below k sharers)."""
    return outcomes.goals(session, settings.privacy_k)


@router.put("/advocacy/goals", response_model=GoalRead, responses=WRITE_ERRORS)
@allow(Audience.editor)
def set_goal(
    data: GoalSet, session: SessionDep, settings: SettingsDep, editor: EditorEmployee
) -> GoalRead:
    """Set a business unit's target of shares for a month (editors)."""
    return outcomes.goal_progress(session, outcomes.set_goal(session, data), settings.privacy_k)


class BadgeChoice(BaseModel):
    opted_in: bool


class BadgesRead(BaseModel):
    opted_in: bool
    badges: list[str]


@router.get("/advocacy/badges", response_model=BadgesRead, responses=READ_ERRORS)
@allow(Audience.employee)
def my_badges(session: SessionDep, employee: CurrentEmployee) -> BadgesRead:
    """Your own badges, if you opted in; nobody else can see them."""
    return BadgesRead(
        opted_in=outcomes.badges_opted_in(session, employee),
        badges=[b.code for b in outcomes.my_badges(session, employee)],
    )


@router.put("/advocacy/badges", response_model=BadgesRead, responses=WRITE_ERRORS)
@allow(Audience.employee)
def choose_badges(data: BadgeChoice, session: SessionDep, employee: CurrentEmployee) -> BadgesRead:
    """Opt in to (or out of) badges for your own shares."""
    outcomes.set_badges(session, employee, data.opted_in)
    return my_badges(session, employee)
