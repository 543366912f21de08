"""The desk's numbers: the analytics read side's figures per article (rollups, never raw
events), hidden where fewer than k employees were reached, as on the dashboard."""

from __future__ import annotations

from datetime import timedelta

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from analytics.analytics_factories import add_events, roll
from coffeemug.analytics.service import article_figures
from coffeemug.db import utcnow
from coffeemug.people.models import Employee
from coffeemug.settings import Settings
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


def test_numbers_come_from_the_rollups_and_small_groups_are_hidden(
    client: TestClient, room: Newsroom, session: Session, settings: Settings
) -> None:
    everyone = _people(session, 11)
    people = everyone[:6]
    busy, quiet, other, must = room.articles[0], room.articles[1], room.articles[2], room.must_read
    day = utcnow().date() - timedelta(days=1)
    add_events(session, people, "article_impressed", busy.id, day)
    add_events(session, people, "article_impressed", busy.id, day)
    add_events(session, people, "article_impressed", must.id, day)
    add_events(session, people[:3], "article_opened", busy.id, day)
    add_events(session, people[:3], "article_acknowledged", must.id, day)
    add_events(session, people[:1], "article_liked", busy.id, day)
    add_events(session, people[1:2], "article_dismissed", busy.id, day)
    # Two small articles, hidden; together they have 5 readers, so no other article has to
    # be hidden as well to keep them from being computed by subtraction.
    add_events(session, everyone[6:8], "article_impressed", quiet.id, day)
    add_events(session, everyone[8:], "article_impressed", other.id, day)
    ids = [busy.id, quiet.id, other.id, must.id]
    # Nothing rolled up yet: the desk reads no raw events, so there is nothing to show.
    assert not any(f.shown for f in article_figures(session, settings, ids).values())
    roll(session)

    numbers = article_figures(session, settings, ids)
    figures = numbers[busy.id]
    assert figures.shown and figures.impressions == 12 and figures.reached == 6
    assert figures.open_rate == 0.25  # 3 opens per 12 impressions
    assert (figures.likes, figures.dismissals, figures.acknowledgement_rate) == (1, 1, None)
    assert numbers[quiet.id].shown is False and numbers[other.id].shown is False
    assert numbers[must.id].acknowledgement_rate == 0.5

    sign_in(client, "editor-1", "de")
    page = client.get("/desk")
    assert "25\xa0%" in page.text  # open rate, German format
    assert "Weniger als 5 Personen erreicht" in page.text
    assert "Erreichte Mitarbeitende" in page.text
    for person in everyone:
        assert person.display_name not in page.text
