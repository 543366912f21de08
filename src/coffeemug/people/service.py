"""The employee's own record and the preferences they own."""

from __future__ import annotations

from sqlalchemy.orm import Session

from coffeemug.content import service as content
from coffeemug.db import utcnow
from coffeemug.errors import ValidationFailed
from coffeemug.events import repository as events_repository
from coffeemug.people import repository
from coffeemug.people.models import DigestCadence, Employee, Preferences
from coffeemug.people.schemas import (
    EmployeeRead,
    ExportRead,
    PreferencesRead,
    PreferencesUpdate,
    SavedItem,
)

SUPPORTED_LANGUAGES = ("de", "en")


def default_languages(employee: Employee) -> list[str]:
    """The employee's directory languages we publish in, English if none."""
    return [lang for lang in employee.languages if lang in SUPPORTED_LANGUAGES] or ["en"]


def mandatory_topics(session: Session) -> list[str]:
    """Topics nobody can mute or unfollow."""
    return [tid for tid, mandatory, _ in repository.topic_flags(session) if mandatory]


def get_preferences(session: Session, employee: Employee) -> Preferences:
    """The employee's preferences, created with the defaults on first use."""
    prefs = repository.get_preferences(session, employee.id)
    if prefs is not None:
        return prefs
    flags = repository.topic_flags(session)
    followed = [tid for tid, mandatory, by_default in flags if mandatory or by_default]
    repository.insert_preferences_if_absent(
        session,
        employee.id,
        {
            "followed_topics": followed,
            "muted_topics": [],
            "volume": 7,
            "digest": DigestCadence.weekly.value,
            "languages": default_languages(employee),
            "onboarded": False,
            "updated_at": utcnow(),
        },
    )
    prefs = repository.get_preferences(session, employee.id)
    assert prefs is not None  # inserted just above, or by a concurrent request
    return prefs


def update_preferences(
    session: Session, employee: Employee, data: PreferencesUpdate
) -> Preferences:
    """Replace the fields sent; mandatory topics stay followed and cannot be muted."""
    prefs = get_preferences(session, employee)
    changes = data.model_dump(exclude_unset=True)
    for key in ("followed_topics", "muted_topics", "digest", "languages", "onboarded"):
        if key in changes and changes[key] is None:
            raise ValidationFailed(f"{key}: must not be null", field=key)
    flags = {tid: mandatory for tid, mandatory, _ in repository.topic_flags(session)}
    followed = changes.get("followed_topics", prefs.followed_topics)
    muted = changes.get("muted_topics", prefs.muted_topics)
    for field in ("followed_topics", "muted_topics"):
        for topic in changes.get(field) or []:
            if topic not in flags:
                raise ValidationFailed(f"{field}: unknown topic '{topic}'", field=field)
    for topic in muted:
        if flags.get(topic):
            raise ValidationFailed(
                f"muted_topics: '{topic}' is mandatory and cannot be muted", field="muted_topics"
            )
    if "followed_topics" in changes:
        for topic, mandatory in flags.items():
            if mandatory and topic not in followed:
                raise ValidationFailed(
                    f"followed_topics: '{topic}' is mandatory and cannot be unfollowed",
                    field="followed_topics",
                )
    both = [t for t in followed if t in set(muted)]
    if both:
        raise ValidationFailed(
            f"muted_topics: '{both[0]}' cannot be followed and muted at once", field="muted_topics"
        )
    for key, value in changes.items():
        if key == "languages":
            value = [str(v) for v in value]
        elif key == "digest":
            value = str(value)
        setattr(prefs, key, value)
    prefs.updated_at = utcnow()
    session.flush()
    return prefs


def saved_items(session: Session, employee: Employee) -> list[SavedItem]:
    """Articles the employee saved and may still see, most recently saved first (an article
    archived, expired or re-targeted since is no longer shown)."""
    saved = events_repository.saved_articles(session, employee.id)
    visible = content.visible_article_ids(session, employee, [article.id for article, _ in saved])
    return [
        SavedItem(
            article_id=article.id,
            title=article.title,
            summary=article.summary,
            language=article.language,
            topics=[t.id for t in article.topics],
            saved_at=saved_at,
        )
        for article, saved_at in saved
        if article.id in visible
    ]


def export(session: Session, employee: Employee) -> ExportRead:
    """Everything stored about the employee: record, preferences, learned state, events."""
    from coffeemug.events.service import events_of
    from coffeemug.feed.service import learned_state

    return ExportRead(
        employee=EmployeeRead.model_validate(employee),
        preferences=PreferencesRead.model_validate(get_preferences(session, employee)),
        learned=learned_state(session, employee),
        events=[e.model_dump(mode="json") for e in events_of(session, employee)],
    )
