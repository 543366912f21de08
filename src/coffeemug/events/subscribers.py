"""Who hears about stored events: functions registered at start-up (``coffeemug.startup``).

Ingestion knows nothing of its subscribers (the feed learns, later listening ingests), so the
event log sits below them in the layers. A subscriber is called inside the caller's
transaction with the batch's rows as stored, and with ``meanwhile``: a context to enter once,
around work that needs no database, while the rows stream into the event log.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from typing import Any

from sqlalchemy.orm import Session

Subscriber = Callable[[Session, Sequence[dict[str, Any]], AbstractContextManager[object]], None]

_SUBSCRIBERS: dict[str, Subscriber] = {}
_connected = False


def subscribe(name: str, subscriber: Subscriber) -> None:
    """Register (or replace) a subscriber under ``name``."""
    global _connected
    _SUBSCRIBERS[name] = subscriber
    _connected = True


def names() -> list[str]:
    return list(_SUBSCRIBERS)


class _Once:
    """Enters the wrapped context on first use only; later uses do nothing."""

    def __init__(self, inner: AbstractContextManager[object]) -> None:
        self.inner = inner
        self.used = False
        self.active = False

    def __enter__(self) -> object:
        if self.used:
            return None
        self.used = self.active = True
        return self.inner.__enter__()

    def __exit__(self, *exc: Any) -> bool | None:
        if not self.active:
            return None
        self.active = False
        return self.inner.__exit__(*exc)


def publish(
    session: Session, rows: Sequence[dict[str, Any]], meanwhile: AbstractContextManager[object]
) -> None:
    """Hand the rows to every subscriber; ``meanwhile`` is entered exactly once."""
    if not _connected:
        # Events stored with nobody listening would never teach the feed: fail loudly.
        raise RuntimeError("no event subscribers: call coffeemug.startup.connect() at start-up")
    once = _Once(meanwhile)
    for subscriber in _SUBSCRIBERS.values():
        subscriber(session, rows, once)
    with once:
        pass
