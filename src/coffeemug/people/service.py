"""The employee's own record and the preferences they own."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy.orm import Session

from coffeemug.db import utcnow
from coffeemug.errors import ValidationFailed
from coffeemug.people import repository
from coffeemug.people.models import DigestCadence, Employee, Preferences
from coffeemug.people.schemas import (
    EmployeeRead,
    ExportRead,
    PreferencesRead,
    PreferencesUpdate,
)

SUPPORTED_LANGUAGES = ("de", "en")


def default_languages(employee: Employee) -> list[str]:
    """The employee's directory languages we publish in, English if none."""
    return reading_languages(employee.languages, None)


def reading_languages(directory: list[str] | None, chosen: list[str] | None) -> list[str]:
    """What an employee reads: the languages they chose, else their directory languages we
    publish in, else English (the rule behind the defaults of ``get_preferences``)."""
    if chosen:
        return list(chosen)
    return [lang for lang in directory or [] if lang in SUPPORTED_LANGUAGES] or ["en"]


def search_employees(
    session: Session, query: str, staff_first: Sequence[str] = (), limit: int = 24
) -> Sequence[Employee]:
    """Employees whose external id or name contains ``query`` (the demo's picker)."""
    return repository.search_employees(session, query, staff_first, limit)


def employees_by_external_id(session: Session, ids: Sequence[str]) -> Sequence[Employee]:
    return repository.employees_by_external_id(session, ids)


def audience_size(
    session: Session,
    regions: Sequence[str],
    business_units: Sequence[str],
    languages: Sequence[str],
) -> int:
    """How many employees an audience reaches (empty lists mean everyone)."""
    return repository.audience_size(session, regions, business_units, languages)


def regions_and_units(session: Session) -> tuple[list[str], list[str]]:
    """Every region and business unit employees belong to, sorted."""
    return repository.regions_and_units(session)


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


# What other packages store about an employee, by export field: registered at start-up
# (coffeemug.startup), so people, the bottom layer, imports none of them.
ExportPart = Callable[[Session, Employee], Any]
EXPORT_PARTS: dict[str, ExportPart] = {}


def add_export_part(name: str, part: ExportPart) -> None:
    """Contribute ``name`` (a field of ``ExportRead``) to every employee's data export."""
    if name not in ExportRead.model_fields:
        raise ValueError(f"ExportRead has no field {name!r}")
    EXPORT_PARTS[name] = part


def export(session: Session, employee: Employee) -> ExportRead:
    """Everything stored about the employee: record, preferences, learned state, events, the
    e-mails sent to them."""
    return ExportRead(
        employee=EmployeeRead.model_validate(employee),
        preferences=PreferencesRead.model_validate(get_preferences(session, employee)),
        **{name: part(session, employee) for name, part in EXPORT_PARTS.items()},
    )
