"""The desk's numbers: totals per article, hidden when fewer than k employees were reached."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from coffeemug.people.models import Employee
from coffeemug.web import desk_stats
from factories import make_event
from web.client_tools import sign_in
from web.newsroom import Newsroom


def _people(session: Session, n: int) -> list[Employee]:
    people = [
        Employee(
            external_id=f"stats-{i}",
            display_name=f"Reader {i}",
            region="DE",
            business_unit="Mobility",
            languages=["de"],
            roles=["reader"],
        )
        for i in range(n)
    ]
    session.add_all(people)
    session.flush()
    return people


def _event(session: Session, kind: str, employee: Employee, article_id: int) -> None:
    make_event(session, employee, kind, article_id)


def test_numbers_are_totals_and_small_groups_are_hidden(
    client: TestClient, room: Newsroom, session: Session
) -> None:
    people = _people(session, 6)
    busy, quiet, must = room.articles[0], room.articles[1], room.must_read
    for person in people:
        _event(session, "article_impressed", person, busy.id)
        _event(session, "article_impressed", person, busy.id)
        _event(session, "article_impressed", person, must.id)
    for person in people[:3]:
        _event(session, "article_opened", person, busy.id)
        _event(session, "article_acknowledged", person, must.id)
    _event(session, "article_liked", people[0], busy.id)
    _event(session, "article_dismissed", people[1], busy.id)
    for person in people[:2]:
        _event(session, "article_impressed", person, quiet.id)
    session.flush()

    numbers = desk_stats.numbers_for(session, [busy, quiet, must], k=5)
    assert numbers[busy.id] == desk_stats.ArticleNumbers(
        article_id=busy.id,
        shown=True,
        impressions=12,
        unique_readers=3,
        open_rate=0.5,
        likes=1,
        dismissals=1,
        acknowledgement_rate=None,
    )
    assert numbers[quiet.id].shown is False
    assert numbers[must.id].acknowledgement_rate == 0.5

    sign_in(client, "editor-1", "de")
    page = client.get("/desk")
    assert "50\xa0%" in page.text  # open rate, German format
    assert "Weniger als 5 Personen erreicht" in page.text
    for person in people:
        assert person.display_name not in page.text
