"""HTTP routes for topics and articles."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Response, status

from coffeemug.access import Audience, allow
from coffeemug.content import service
from coffeemug.content.schemas import (
    ArticleCreate,
    ArticleFilters,
    ArticleList,
    ArticleRead,
    ArticleUpdate,
    TopicCreate,
    TopicKey,
    TopicRead,
    TopicUpdate,
)
from coffeemug.deps import AdminEmployee, CurrentEmployee, EditorEmployee, SessionDep, SettingsDep
from coffeemug.errors import (
    Conflict,
    Forbidden,
    NotAuthenticated,
    NotFound,
    ValidationFailed,
    error_responses,
)
from coffeemug.fields import DbId
from coffeemug.text.embeddings import get_encoder

router = APIRouter(prefix="/api", tags=["content"])

READ_ERRORS = error_responses(NotAuthenticated, NotFound)
WRITE_ERRORS = error_responses(NotAuthenticated, Forbidden, NotFound, Conflict, ValidationFailed)


@router.get("/topics", response_model=list[TopicRead], responses=READ_ERRORS)
@allow(Audience.employee)
def list_topics(session: SessionDep, employee: CurrentEmployee) -> list[TopicRead]:
    """The topic taxonomy with German and English names and the two admin flags."""
    return [TopicRead.model_validate(t) for t in service.list_topics(session)]


@router.post(
    "/topics",
    response_model=TopicRead,
    status_code=status.HTTP_201_CREATED,
    responses=WRITE_ERRORS,
)
@allow(Audience.admin)
def create_topic(data: TopicCreate, session: SessionDep, admin: AdminEmployee) -> TopicRead:
    """Add a topic (admins only)."""
    return TopicRead.model_validate(service.create_topic(session, data))


@router.patch("/topics/{topic_id}", response_model=TopicRead, responses=WRITE_ERRORS)
@allow(Audience.admin)
def update_topic(
    topic_id: TopicKey, data: TopicUpdate, session: SessionDep, admin: AdminEmployee
) -> TopicRead:
    """Change a topic's names, parent or flags (admins only)."""
    return TopicRead.model_validate(service.update_topic(session, topic_id, data))


@router.get("/articles", response_model=ArticleList, responses=READ_ERRORS)
@allow(Audience.employee)
def list_articles(
    session: SessionDep,
    employee: CurrentEmployee,
    filters: Annotated[ArticleFilters, Depends()],
) -> ArticleList:
    """Articles, newest first; editors see every status, readers only the live articles
    targeted at them."""
    return service.list_articles(session, employee, filters)


@router.post(
    "/articles",
    response_model=ArticleRead,
    status_code=status.HTTP_201_CREATED,
    responses=WRITE_ERRORS,
)
@allow(Audience.editor)
def create_article(
    data: ArticleCreate, session: SessionDep, settings: SettingsDep, editor: EditorEmployee
) -> ArticleRead:
    """Write an article (editors only); its embedding is computed from title and summary."""
    article = service.create_article(session, editor, data, get_encoder(settings.embedder))
    return service.article_read(article)


@router.get("/articles/{article_id}", response_model=ArticleRead, responses=READ_ERRORS)
@allow(Audience.employee)
def get_article(article_id: DbId, session: SessionDep, employee: CurrentEmployee) -> ArticleRead:
    """One article; readers only a live one targeted at them (others answer 404 as unknown)."""
    return service.article_read(service.get_article_for(session, employee, article_id))


@router.patch("/articles/{article_id}", response_model=ArticleRead, responses=WRITE_ERRORS)
@allow(Audience.editor)
def update_article(
    article_id: DbId,
    data: ArticleUpdate,
    session: SessionDep,
    settings: SettingsDep,
    editor: EditorEmployee,
) -> ArticleRead:
    """Change an article (editors only); send only the fields that change."""
    encoder = get_encoder(settings.embedder)
    article = service.update_article(session, article_id, data, encoder, actor=editor)
    return service.article_read(article)


@router.post("/articles/{article_id}/archive", response_model=ArticleRead, responses=WRITE_ERRORS)
@allow(Audience.editor)
def archive_article(article_id: DbId, session: SessionDep, editor: EditorEmployee) -> ArticleRead:
    """Archive an article: out of every feed, history kept (editors only)."""
    return service.article_read(service.archive_article(session, article_id, actor=editor))


@router.delete(
    "/articles/{article_id}", status_code=status.HTTP_204_NO_CONTENT, responses=WRITE_ERRORS
)
@allow(Audience.editor)
def delete_article(article_id: DbId, session: SessionDep, editor: EditorEmployee) -> Response:
    """Delete an article for good (editors only); its events keep no article reference."""
    service.delete_article(session, article_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
