"""HTTP route of the personal feed."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from coffeemug.deps import CurrentEmployee, SessionDep, SettingsDep
from coffeemug.errors import NotAuthenticated, ValidationFailed, error_responses
from coffeemug.events.models import Channel
from coffeemug.feed import service
from coffeemug.feed.schemas import FeedRead

router = APIRouter(prefix="/api", tags=["feed"])


@router.get(
    "/feed", response_model=FeedRead, responses=error_responses(NotAuthenticated, ValidationFailed)
)
def get_feed(
    session: SessionDep,
    settings: SettingsDep,
    employee: CurrentEmployee,
    limit: Annotated[int | None, Query(ge=1, le=100, description="Items wanted.")] = None,
    more: Annotated[
        bool, Query(description="Show more even when today's volume is used up.")
    ] = False,
    channel: Annotated[Channel, Query(description="Where the feed is shown.")] = Channel.intranet,
) -> FeedRead:
    """The calling employee's feed, best first, each item with the reason it is shown.

    Every item returned is logged as an ``article_impressed`` event with its position, score
    and propensity under the response's ``request_id``.
    """
    return service.get_feed(
        session, employee, limit=limit, more=more, settings=settings, channel=channel
    )
