"""Crisis mode lives on the topic: started with a reason, lifted again, read by every layer."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from coffeemug.content import service
from coffeemug.errors import NotFound
from factories import make_topic


def test_crisis_mode_starts_keeps_its_start_and_lifts(session: Session) -> None:
    make_topic(session, "mobility")
    make_topic(session, "people")
    assert service.topic_ids_in_crisis(session) == set()

    started = service.set_crisis_mode(session, "mobility", "Recall of e-scooters")
    since = started.crisis_since
    assert since is not None
    assert service.topic_ids_in_crisis(session) == {"mobility"}

    again = service.set_crisis_mode(session, "mobility", "Recall widened to bikes")
    assert (again.crisis_since, again.crisis_reason) == (since, "Recall widened to bikes")

    service.set_crisis_mode(session, "mobility", None)
    assert service.topic_ids_in_crisis(session) == set()


def test_crisis_mode_on_an_unknown_topic_is_not_found(session: Session) -> None:
    with pytest.raises(NotFound):
        service.set_crisis_mode(session, "no-such-topic", "anything")
