"""HTTP route of search."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query

from coffeemug.access import Audience, allow
from coffeemug.deps import CurrentEmployee, SessionDep
from coffeemug.errors import NotAuthenticated, ValidationFailed, error_responses
from coffeemug.fields import Text
from coffeemug.search import service
from coffeemug.search.schemas import SearchRead

router = APIRouter(prefix="/api", tags=["search"])


@router.get(
    "/search",
    response_model=SearchRead,
    responses=error_responses(NotAuthenticated, ValidationFailed),
)
@allow(Audience.employee)
def search(
    session: SessionDep,
    employee: CurrentEmployee,
    q: Annotated[Text(200, min_length=1, strip=True), Query(description="Words to find.")],
    topic: Annotated[Text(64) | None, Query(description="Only articles of this topic.")] = None,
    language: Annotated[
        Literal["de", "en"] | None, Query(description="Only articles in this language.")
    ] = None,
    limit: Annotated[int, Query(ge=1, le=100, description="Hits wanted.")] = service.DEFAULT_LIMIT,
) -> SearchRead:
    """Articles the caller may read now that match ``q``, best first. German articles are
    matched under German stemming (so an inflected word finds them), all others under English."""
    return service.search(session, employee, q, topic=topic, language=language, limit=limit)
