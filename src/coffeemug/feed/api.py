"""HTTP routes of the personal feed and of what it learned about the calling employee."""

from __future__ import annotations

from typing import Annotated

from anyio import CapacityLimiter
from anyio.lowlevel import RunVar
from fastapi import APIRouter, Query, Response, status

from coffeemug.access import Audience, allow
from coffeemug.deps import (
    CurrentEmployee,
    ExternalId,
    SessionDep,
    SettingsDep,
    known_employee,
    run_and_commit,
)
from coffeemug.errors import NotAuthenticated, ValidationFailed, error_responses
from coffeemug.events.models import Channel
from coffeemug.feed import service
from coffeemug.feed.schemas import FeedRead
from coffeemug.i18n import Language
from coffeemug.people.schemas import LearnedRead

router = APIRouter(prefix="/api", tags=["feed"])

# Feeds computed at once per server process. Ranking holds the interpreter lock; with dozens of
# requests computing side by side each one waits its turn at every database round trip and a
# few wait for seconds. A short queue in front keeps the cores as busy and the waits fair.
FEEDS_AT_ONCE = 2
_limiter: RunVar[CapacityLimiter] = RunVar("feed_limiter")


def _feed_limiter() -> CapacityLimiter:
    try:
        return _limiter.get()
    except LookupError:
        _limiter.set(CapacityLimiter(FEEDS_AT_ONCE))
        return _limiter.get()


@router.get(
    "/feed", response_model=FeedRead, responses=error_responses(NotAuthenticated, ValidationFailed)
)
@allow(Audience.employee)
async def get_feed(
    session: SessionDep,
    settings: SettingsDep,
    external_id: ExternalId,
    limit: Annotated[int | None, Query(ge=1, le=100, description="Items wanted.")] = None,
    more: Annotated[
        bool, Query(description="Show more even when today's volume is used up.")
    ] = False,
    channel: Annotated[Channel, Query(description="Where the feed is shown.")] = Channel.intranet,
) -> Response:
    """The calling employee's feed, best first, each item with the reason it is shown.

    Every item returned is logged as an ``article_impressed`` event with its position, score
    and propensity under the response's ``request_id``.
    """

    def compute() -> FeedRead:
        # Who is asking, the feed and the commit in one worker-thread call: each hop between
        # the event loop and the thread pool costs about as much as a small query.
        employee = known_employee(session, external_id, settings)
        return service.get_feed(
            session, employee, limit=limit, more=more, settings=settings, channel=channel
        )

    feed = await run_and_commit(session, compute, limiter=_feed_limiter())
    # Serialised once by the model itself: the framework would dump, validate it again against
    # the response model and encode it, several times the cost of the JSON.
    return Response(content=feed.model_dump_json(), media_type="application/json")


AUTH = error_responses(NotAuthenticated)


@router.get("/me/learned", response_model=LearnedRead, responses=AUTH, tags=["me"])
@allow(Audience.employee)
def get_learned(
    session: SessionDep,
    employee: CurrentEmployee,
    lang: Annotated[
        Language | None,
        Query(description="Language of the words (default: the employee's first language)."),
    ] = None,
) -> LearnedRead:
    """What the feed learned about the employee, per topic, in numbers and words."""
    return service.get_learned(session, employee, language=lang.value if lang else None)


@router.delete("/me/learned", status_code=status.HTTP_204_NO_CONTENT, responses=AUTH, tags=["me"])
@allow(Audience.employee)
def reset_learned(session: SessionDep, employee: CurrentEmployee) -> Response:
    """Forget what the feed learned; preferences and events stay."""
    service.reset_learned(session, employee)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
