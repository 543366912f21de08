"""Stories and #learnfromit: what happened, what we learned, what we changed.

A story is an article whose text is composed from the three parts of the template. Names of
people and customers the editor lists are replaced before anything is stored (de-
identification). Publishing waits for the teller's consent (409 until it is recorded, through
the same status rule as approvals); comments on stories are held for moderation by default.
"""

from __future__ import annotations

import re

from pydantic import ValidationError
from sqlalchemy.orm import Session

from coffeemug.content import service as content
from coffeemug.content.models import Article, ArticleStatus
from coffeemug.content.schemas import ArticleCreate
from coffeemug.db import utcnow
from coffeemug.errors import Conflict, Forbidden, NotFound, ValidationFailed
from coffeemug.i18n import N_, gettext
from coffeemug.orchestration import repository
from coffeemug.orchestration.models import Story
from coffeemug.orchestration.schemas import StoryCreate, StoryRead
from coffeemug.people.models import Employee
from coffeemug.text.embeddings import Encoder

HEADINGS = (N_("What happened"), N_("What we learned"), N_("What we changed"))
PLACEHOLDER = N_("[name left out]")


def deidentify(text: str, names: list[str], language: str) -> tuple[str, int]:
    """The text with each listed name (whole words, any case) replaced; and how many were."""
    replaced = 0
    placeholder = gettext(language, PLACEHOLDER)
    # Longest first: "Anna Becker" before "Anna".
    for name in sorted(set(names), key=len, reverse=True):
        pattern = re.compile(rf"(?<!\w){re.escape(name)}(?!\w)", re.IGNORECASE)
        text, count = pattern.subn(placeholder, text)
        replaced += count
    return text, replaced


def compose(parts: tuple[str, str, str], language: str) -> str:
    """The article's text: the three parts under their headings, in the story's language."""
    return "\n\n".join(
        f"## {gettext(language, heading)}\n\n{part}"
        for heading, part in zip(HEADINGS, parts, strict=True)
    )


def create_story(
    session: Session, editor: Employee, data: StoryCreate, encoder: Encoder
) -> StoryRead:
    """A draft article from the template (editors); its teller must consent before it goes
    out."""
    teller = data.teller_id or editor.id
    if not repository.employee_exists(session, teller):
        raise ValidationFailed(f"teller_id: unknown employee {teller}", field="teller_id")
    lang = data.language.value
    parts, hidden = [], 0
    for part in (data.what_happened, data.what_we_learned, data.what_we_changed):
        text, count = deidentify(part, data.hide_names, lang)
        parts.append(text)
        hidden += count
    title, count = deidentify(data.title, data.hide_names, lang)
    try:
        # The placeholder may be longer than the name it replaces: cut to the column's length.
        draft = ArticleCreate(
            title=title[:200],
            language=data.language,
            topics=data.topics,
            body=compose((parts[0], parts[1], parts[2]), lang),
            summary=parts[0][:300],
        )
    except ValidationError as exc:
        raise ValidationFailed(f"story: {exc.errors()[0]['msg']}") from exc
    article = content.create_article(session, editor, draft, encoder)
    story = Story(
        article_id=article.id,
        teller_id=teller,
        what_happened=parts[0],
        what_we_learned=parts[1],
        what_we_changed=parts[2],
        deidentified=hidden + count,
        strict_moderation=data.strict_moderation,
    )
    session.add(story)
    session.flush()
    return story_read(article, story)


def story_read(article: Article, story: Story) -> StoryRead:
    return StoryRead(
        article_id=article.id,
        title=article.title,
        language=article.language,
        status=article.status,
        teller_id=story.teller_id,
        what_happened=story.what_happened,
        what_we_learned=story.what_we_learned,
        what_we_changed=story.what_we_changed,
        deidentified=story.deidentified,
        strict_moderation=story.strict_moderation,
        consent_at=story.consent_at,
        consent_by=story.consent_by,
    )


def _story(session: Session, article_id: int) -> tuple[Article, Story]:
    story = repository.story_of(session, article_id)
    article = repository.get_article(session, article_id)
    if story is None or article is None:
        raise NotFound(f"story {article_id} not found")
    return article, story


def story_or_none(session: Session, article_id: int) -> StoryRead | None:
    """The story of this article, if it is one."""
    story = repository.story_of(session, article_id)
    article = repository.get_article(session, article_id)
    return story_read(article, story) if story and article else None


def get_story(session: Session, article_id: int) -> StoryRead:
    return story_read(*_story(session, article_id))


def consent(session: Session, article_id: int, teller: Employee) -> StoryRead:
    """The teller agrees to the story going out as written (only they can)."""
    article, story = _story(session, article_id)
    if story.teller_id != teller.id:
        raise Forbidden("only the person who tells the story can consent to it")
    story.consent_at, story.consent_by = utcnow(), teller.id
    session.flush()
    return story_read(article, story)


def check_consent(
    session: Session, article: Article, old: str, new: str, actor: Employee | None
) -> None:
    """The status rule content calls: no story is published before its teller consented."""
    if new != ArticleStatus.published.value or not article.id:
        return
    story = repository.story_of(session, article.id)
    if story is not None and story.consent_at is None:
        raise Conflict("consent: the story's teller has not agreed to publishing it yet")


def strictly_moderated(session: Session) -> set[int]:
    """Articles whose comments are held for a moderator before they show."""
    return repository.strictly_moderated(session)


def is_strictly_moderated(session: Session, article_id: int) -> bool:
    """Whether comments on this article wait for a moderator (a story with stricter moderation,
    the default for #learnfromit)."""
    return repository.is_strictly_moderated(session, article_id)


def story_article_ids(session: Session) -> set[int]:
    """Every story's article: reactions to them belong in no one's personal statistics."""
    return repository.story_article_ids(session)


def stories_among(session: Session, article_ids: set[int]) -> set[int]:
    """Which of these articles are stories (the feed leaves reactions to them out of every
    employee's learned profile)."""
    return repository.stories_among(session, article_ids)
