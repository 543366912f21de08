"""Topics and articles: validation, embeddings on save, role-aware reading."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import datetime

from sqlalchemy.orm import Session

from coffeemug.content import repository
from coffeemug.content.models import Article, ArticleStatus, Topic
from coffeemug.content.schemas import (
    ArticleCreate,
    ArticleFilters,
    ArticleList,
    ArticleRead,
    ArticleUpdate,
    DeskFilters,
    TopicCreate,
    TopicUpdate,
)
from coffeemug.db import utcnow
from coffeemug.errors import Conflict, NotFound, ValidationFailed
from coffeemug.people import service as people
from coffeemug.people.models import Employee, Role
from coffeemug.text.embeddings import Encoder, to_bytes

# Workflow rules of higher layers (orchestration's approvals), registered at start-up: called
# before an article's status changes (they may refuse with Conflict) and after its content was
# edited, each with the employee who acts (None where unknown, e.g. imports).
StatusCheck = Callable[[Session, Article, str, str, Employee | None], None]
EditListener = Callable[[Session, Article, Employee | None], None]
_status_checks: dict[str, StatusCheck] = {}
_edit_listeners: dict[str, EditListener] = {}
# The fields whose change is an edit of the article's content (not of its schedule).
CONTENT_FIELDS = (
    "title",
    "summary",
    "body",
    "language",
    "topics",
    "must_read",
    "audience_regions",
    "audience_business_units",
    "audience_languages",
)


def on_status_change(name: str, check: StatusCheck) -> None:
    """Register ``check(session, article, old_status, new_status, actor)`` (once per name)."""
    _status_checks[name] = check


def on_content_edit(name: str, listener: EditListener) -> None:
    """Register ``listener(session, article, actor)``, called after a content edit."""
    _edit_listeners[name] = listener


def status_changed(
    session: Session, article: Article, old: str, new: str, actor: Employee | None
) -> None:
    """Run the registered checks on a status change (e.g. approval rules: 409 when broken);
    every path that changes an article's status calls it, the file import included."""
    if old != new:
        for check in _status_checks.values():
            check(session, article, old, new, actor)


def _content_changed(article: Article, changes: dict[str, object]) -> bool:
    for key in CONTENT_FIELDS:
        if key not in changes:
            continue
        value = changes[key]
        current: object = getattr(article, key)
        if key == "topics":
            current, value = sorted(t.id for t in article.topics), sorted(value or [])
        elif key in ("language", "audience_languages"):
            value = [str(v) for v in value] if isinstance(value, list) else str(value)
        elif isinstance(value, str) and isinstance(current, str):
            # Browsers send a textarea's line breaks as CRLF: no edit by itself.
            value, current = value.replace("\r\n", "\n"), current.replace("\r\n", "\n")
        if value != current:
            return True
    return False


def list_topics(session: Session) -> Sequence[Topic]:
    """Every topic of the taxonomy, ordered by id."""
    return repository.list_topics(session)


def topic_ids_in_crisis(session: Session) -> set[str]:
    """Topics in crisis mode: their scheduled articles and employees' shares pause."""
    return repository.topic_ids_in_crisis(session)


def set_crisis_mode(session: Session, topic_id: str, reason: str | None) -> Topic:
    """Start crisis mode on a topic (``reason`` given) or lift it (``reason`` None).

    Starting it again keeps the original start time and updates the reason."""
    topic = repository.get_topic(session, topic_id)
    if topic is None:
        raise NotFound(f"no topic with id {topic_id!r}")
    if reason is None:
        topic.crisis_since, topic.crisis_reason = None, None
    else:
        topic.crisis_since = topic.crisis_since or utcnow()
        topic.crisis_reason = reason
    session.flush()
    repository.touch_scheduled_articles(session, topic_id)
    return topic


def _check_parent(session: Session, topic_id: str, parent_id: str | None) -> None:
    if parent_id is None:
        return
    if parent_id == topic_id:
        raise ValidationFailed("parent_id: a topic cannot be its own parent", field="parent_id")
    seen = {topic_id}
    current = repository.get_topic(session, parent_id)
    if current is None:
        raise ValidationFailed(f"parent_id: unknown topic '{parent_id}'", field="parent_id")
    while current is not None:
        if current.id in seen:
            raise ValidationFailed("parent_id: this would make a cycle", field="parent_id")
        seen.add(current.id)
        current = repository.get_topic(session, current.parent_id) if current.parent_id else None


def create_topic(session: Session, data: TopicCreate) -> Topic:
    """Add a topic (admins); 409 if the id is taken."""
    if repository.get_topic(session, data.id) is not None:
        raise Conflict(f"id: topic '{data.id}' exists already", field="id")
    _check_parent(session, data.id, data.parent_id)
    topic = Topic(**data.model_dump())
    session.add(topic)
    session.flush()
    return topic


def update_topic(session: Session, topic_id: str, data: TopicUpdate) -> Topic:
    """Change names, parent or flags of a topic (admins)."""
    topic = repository.get_topic(session, topic_id)
    if topic is None:
        raise NotFound(f"topic '{topic_id}' not found")
    changes = data.model_dump(exclude_unset=True)
    for flag in ("name_de", "name_en", "mandatory", "followed_by_default"):
        if flag in changes and changes[flag] is None:
            raise ValidationFailed(f"{flag}: must not be null", field=flag)
    if "parent_id" in changes:
        _check_parent(session, topic_id, changes["parent_id"])
    for key, value in changes.items():
        setattr(topic, key, value)
    session.flush()
    return topic


def article_read(article: Article) -> ArticleRead:
    """The API shape of an article (its topics must be loaded)."""
    return ArticleRead(
        id=article.id,
        external_id=article.external_id,
        title=article.title,
        summary=article.summary,
        body=article.body,
        language=article.language,
        topics=[t.id for t in article.topics],
        author_id=article.author_id,
        status=article.status,
        publish_at=article.publish_at,
        expires_at=article.expires_at,
        must_read=article.must_read,
        due_at=article.due_at,
        shareable=article.shareable,
        priority=article.priority,
        campaign_id=article.campaign_id,
        audience_regions=list(article.audience_regions),
        audience_business_units=list(article.audience_business_units),
        audience_languages=list(article.audience_languages),
        has_embedding=article.embedding is not None,
        translation_of=article.translation_of,
        created_at=article.created_at,
        updated_at=article.updated_at,
    )


def embedding_text(title: str, summary: str) -> str:
    """What the embedding of an article is computed from."""
    return f"{title}. {summary}".strip()


def resolve_topics(session: Session, topic_ids: Sequence[str]) -> list[Topic]:
    """The topics named, in order; 422 naming the first unknown one."""
    found = repository.topics_by_id(session, topic_ids)
    unknown = [t for t in topic_ids if t not in found]
    if unknown:
        raise ValidationFailed(f"topics: unknown topic '{unknown[0]}'", field="topics")
    return [found[t] for t in topic_ids]


def check_schedule(publish_at: datetime, expires_at: datetime | None) -> None:
    """Expiry must come after the publish time."""
    if expires_at is not None and expires_at <= publish_at:
        raise ValidationFailed("expires_at: must be after publish_at", field="expires_at")


def check_due(must_read: bool, publish_at: datetime, due_at: datetime | None) -> None:
    """A due date belongs to a must-read and comes after the publish time."""
    if due_at is None:
        return
    if not must_read:
        raise ValidationFailed("due_at: only a must-read has a due date", field="due_at")
    if due_at <= publish_at:
        raise ValidationFailed("due_at: must be after publish_at", field="due_at")


def _check_campaign(session: Session, campaign_id: int | None) -> None:
    if campaign_id is not None and not repository.campaign_exists(session, campaign_id):
        raise ValidationFailed(f"campaign_id: unknown campaign {campaign_id}", field="campaign_id")


def check_translation(
    session: Session, article_id: int | None, language: str, original_id: int | None
) -> None:
    """A translation names an original in another language that is no translation itself,
    and a story has one version per language."""
    if original_id is None:
        return
    original = repository.get_article(session, original_id)
    field = "translation_of"
    if original is None or original.id == article_id:
        raise ValidationFailed(f"translation_of: unknown article {original_id}", field=field)
    if original.translation_of is not None:
        raise ValidationFailed("translation_of: name the original, not a translation", field=field)
    if original.language == language:
        raise ValidationFailed("translation_of: the original is in the same language", field=field)
    taken = repository.versions_of(session, original_id)
    if any(v.language == language and v.id != article_id for v in taken):
        raise Conflict(f"translation_of: the story has a {language} version already", field=field)


def has_versions(session: Session, article_id: int) -> bool:
    return bool(repository.versions_of(session, article_id))


def versions_of(session: Session, article: Article) -> list[Article]:
    """Every language version of the article's story (itself included), original first."""
    original_id = article.translation_of or article.id
    original = repository.get_article(session, original_id)
    found = [original] if original is not None else []
    return found + [v for v in repository.versions_of(session, original_id)]


def create_article(
    session: Session, author: Employee | None, data: ArticleCreate, encoder: Encoder
) -> Article:
    """Write a new article (editors) and embed its title and summary; one written as published
    passes the registered workflow checks first."""
    topics = resolve_topics(session, data.topics)
    publish_at = data.publish_at or utcnow()
    check_schedule(publish_at, data.expires_at)
    check_due(data.must_read, publish_at, data.due_at)
    _check_campaign(session, data.campaign_id)
    check_translation(session, None, data.language.value, data.translation_of)
    if data.external_id and repository.get_article_by_external_id(session, data.external_id):
        raise Conflict(f"external_id: '{data.external_id}' exists already", field="external_id")
    values = data.model_dump(
        exclude={"topics", "publish_at", "status", "language", "audience_languages"}
    )
    article = Article(
        **values,
        language=data.language.value,
        status=data.status.value,
        publish_at=publish_at,
        author_id=author.id if author else None,
        audience_languages=[lang.value for lang in data.audience_languages],
    )
    article.topics = topics
    article.embedding = to_bytes(encoder.encode([embedding_text(data.title, data.summary)])[0])
    now = utcnow()
    article.created_at = now
    article.updated_at = now
    session.add(article)
    session.flush()
    status_changed(session, article, ArticleStatus.draft.value, article.status, author)
    return article


def get_article(session: Session, article_id: int) -> Article:
    """One article with its topics; 404 if absent."""
    article = repository.get_article(session, article_id)
    if article is None:
        raise NotFound(f"article {article_id} not found")
    return article


def desk_articles(
    session: Session,
    author_id: int | None,
    limit: int,
    offset: int,
    filters: DeskFilters | None = None,
) -> tuple[Sequence[Article], int]:
    """One page of the desk's articles, the latest edited first (one author's, or all,
    narrowed by search and filters), and the total."""
    return repository.desk_articles(session, author_id, limit, offset, filters, utcnow())


def unpublish_article(session: Session, article_id: int, actor: Employee | None) -> Article:
    """Take a published (or scheduled) article back to draft."""
    article = get_article(session, article_id)
    if article.status != ArticleStatus.published.value:
        raise Conflict(f"status: article {article_id} is not published")
    status_changed(session, article, article.status, ArticleStatus.draft.value, actor)
    article.status = ArticleStatus.draft.value
    article.updated_at = utcnow()
    session.flush()
    return article


def not_shareable(session: Session, article_ids: Sequence[int]) -> set[int]:
    """Which of these articles the editors marked as not to be shared."""
    return repository.not_shareable(session, article_ids)


def existing_article_ids(session: Session, article_ids: Iterable[int]) -> set[int]:
    """Which of these ids are articles (drafts and archived ones included)."""
    return repository.existing_article_ids(session, article_ids)


def reader_of(session: Session, employee: Employee) -> repository.Reader:
    """The employee as an audience: region, business unit and the languages they read (their
    preferences, as the feed uses them)."""
    languages = tuple(people.get_preferences(session, employee).languages or ["en"])
    return repository.Reader(employee.region, employee.business_unit, languages)


def sees_every_article(employee: Employee) -> bool:
    """Editors (and admins) see drafts, scheduled and archived articles and every audience."""
    return employee.has_role(Role.editor)


def get_article_for(session: Session, employee: Employee, article_id: int) -> Article:
    """One article as this employee may see it: editors any, readers only a live one targeted
    at them; anything else answers exactly as an unknown id (drafts are not enumerable)."""
    article = get_article(session, article_id)
    if not sees_every_article(employee) and not visible_article_ids(
        session, employee, [article_id]
    ):
        raise NotFound(f"article {article_id} not found")
    return article


def visible_article_ids(session: Session, employee: Employee, ids: Sequence[int]) -> set[int]:
    """Of these articles, the ones the employee may see now (readers: live and targeted)."""
    if sees_every_article(employee):
        return repository.existing_article_ids(session, ids)
    live = repository.live_for(session, reader_of(session, employee), utcnow())
    return repository.article_ids_where(session, ids, live)


def eventable_article_ids(session: Session, employee: Employee, ids: Sequence[int]) -> set[int]:
    """Of these articles, the ones the employee may report events about: what they may see, or
    saw before it expired or was archived (events arrive late). Never a draft, a scheduled
    article or one targeted at others."""
    if sees_every_article(employee):
        return repository.existing_article_ids(session, ids)
    shown = repository.shown_before(session, reader_of(session, employee), utcnow())
    return repository.article_ids_where(session, ids, shown)


def update_article(
    session: Session,
    article_id: int,
    data: ArticleUpdate,
    encoder: Encoder,
    actor: Employee | None = None,
) -> Article:
    """Change an article (editors); re-embeds when title or summary change. A content edit is
    told to the registered listeners, a status change passes the workflow checks."""
    article = get_article(session, article_id)
    changes = data.model_dump(exclude_unset=True)
    edited = _content_changed(article, changes)
    required = ("title", "language", "status", "publish_at", "must_read", "shareable", "priority")
    lists = ("topics", "audience_regions", "audience_business_units", "audience_languages")
    for key in (*required, *lists, "summary", "body"):
        if key in changes and changes[key] is None:
            raise ValidationFailed(f"{key}: must not be null", field=key)
    if "topics" in changes:
        article.topics = resolve_topics(session, changes.pop("topics"))
    check_schedule(
        changes.get("publish_at", article.publish_at),
        changes.get("expires_at", article.expires_at),
    )
    check_due(
        changes.get("must_read", article.must_read),
        changes.get("publish_at", article.publish_at),
        changes.get("due_at", article.due_at),
    )
    if "campaign_id" in changes:
        _check_campaign(session, changes["campaign_id"])
    if "translation_of" in changes or "language" in changes:
        language = str(changes.get("language") or article.language)
        check_translation(
            session, article.id, language, changes.get("translation_of", article.translation_of)
        )
    if edited:
        for listener in _edit_listeners.values():
            listener(session, article, actor)
    if changes.get("status") is not None:
        status_changed(session, article, article.status, str(changes["status"]), actor)
    for key, value in changes.items():
        if key == "audience_languages":
            value = [str(v) for v in value]
        elif key in ("language", "status"):
            value = str(value)
        setattr(article, key, value)
    if "title" in changes or "summary" in changes:
        text = embedding_text(article.title, article.summary)
        article.embedding = to_bytes(encoder.encode([text])[0])
    # Set explicitly: a change of topics alone leaves the row untouched, yet the feed's cache
    # of live articles must notice it.
    article.updated_at = utcnow()
    session.flush()
    return article


def archive_article(session: Session, article_id: int, actor: Employee | None = None) -> Article:
    """Take an article out of every feed but keep it and its history."""
    article = get_article(session, article_id)
    status_changed(session, article, article.status, ArticleStatus.archived.value, actor)
    article.status = ArticleStatus.archived.value
    article.updated_at = utcnow()
    session.flush()
    return article


def delete_article(session: Session, article_id: int) -> None:
    """Remove an article for good (its events stay, without the article reference); one
    deleted at the same moment by another request answers 404 like any missing article."""
    # The row goes by one statement (the database removes what depends on it): the loaded
    # object is let go of first, so the session holds nothing stale.
    session.expunge(get_article(session, article_id))
    if not repository.delete_article(session, article_id):
        raise NotFound(f"article {article_id} not found")


def list_articles(session: Session, employee: Employee, filters: ArticleFilters) -> ArticleList:
    """Articles matching the filters; readers see only the live ones targeted at them."""
    visible = None
    if not sees_every_article(employee):
        visible = repository.listed_for(session, reader_of(session, employee), utcnow())
    rows, total = repository.list_articles(session, filters, visible=visible)
    return ArticleList(
        items=[article_read(a) for a in rows],
        total=total,
        limit=filters.limit,
        offset=filters.offset,
    )
