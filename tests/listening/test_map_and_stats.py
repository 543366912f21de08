"""The discussion map groups open items by meaning; moderation analytics per team never show
a figure behind fewer than k people (so never one moderator's), and download as CSV."""

from __future__ import annotations

from datetime import timedelta

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from coffeemug.db import utcnow
from coffeemug.listening import discussion, stats
from coffeemug.listening.models import FactCard, Item, Reply
from coffeemug.people.models import Employee
from coffeemug.settings import Settings
from coffeemug.text.embeddings import get_encoder, to_bytes
from factories import make_employee
from listening.conftest import Room, as_

PARKING = [
    "parking garage closed again no spaces for staff",
    "no parking spaces for staff since the garage closed",
    "garage closed and staff parking spaces gone",
]
CANTEEN = ["canteen prices up again", "canteen prices are too high now"]


def _item(session: Session, text: str, n: int, **kw: object) -> Item:
    row = Item(source="social", external_id=f"m-{n}", text=text, language="en",
               posted_at=utcnow() - timedelta(hours=1), sentiment="negative",
               author_pseudonym=f"a{n}", **kw)  # fmt: skip
    session.add(row)
    session.flush()
    return row


def test_open_items_are_grouped_into_claims_with_fact_coverage(
    session: Session, room: Room
) -> None:
    encoder = get_encoder("hashing")
    for n, text in enumerate(PARKING + CANTEEN):
        _item(session, text, n, question=text.startswith("why"))
    statement = "garage closed staff parking spaces"
    vector = to_bytes(encoder.encode([statement])[0])
    card = FactCard(title="Parking", statements={"en": statement}, embedding=vector)
    session.add(card)
    session.flush()
    clusters = discussion.discussion_map(session, encoder)
    sizes = sorted(c.size for c in clusters)
    assert sizes[-1] == 3 and sum(sizes) == 5
    biggest = clusters[0]
    assert set(biggest.representatives) <= set(PARKING) and biggest.trend == 3
    assert biggest.fact_id == card.id


def _answered(session: Session, team: str, moderator: Employee, n: int) -> None:
    item = _item(session, "criticism", n, team=team, criticism=True, status="answered",
                 first_response_at=utcnow())  # fmt: skip
    session.add(Reply(item_id=item.id, body="facts", language="en", team=team,
                      author_id=moderator.id, status="published"))  # fmt: skip
    session.flush()


def test_team_figures_need_k_different_moderators(
    session: Session, settings: Settings, room: Room
) -> None:
    k3 = settings.model_copy(update={"privacy_k": 3})
    crew = [make_employee(session, roles=["moderator"]) for _ in range(3)]
    for n, moderator in enumerate(crew):
        _answered(session, "hr", moderator, 100 + n)
        _answered(session, "hr", moderator, 200 + n)
    _answered(session, "it", crew[0], 300)  # one moderator: would be a personal figure
    for n, moderator in enumerate(crew):
        _answered(session, "legal", moderator, 400 + n)
    start, end = utcnow() - timedelta(days=1), utcnow() + timedelta(hours=1)
    rows = {r["team"]: r for r in stats.team_table(session, k3, start, end).rows}
    assert rows["hr"]["suppressed"] is False and rows["hr"]["responses"] == 6
    assert rows["hr"]["criticism_answered_share"] == 1.0
    assert rows["it"]["suppressed"] is True and "responses" not in rows["it"]
    # Hiding "it" alone would let "total minus the rest" show it: "legal" goes too.
    assert rows["legal"]["suppressed"] is True


def test_stats_answer_as_csv(client: TestClient, room: Room) -> None:
    response = client.get("/api/moderation/stats/teams?format=csv", headers=as_(room.moderator))
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
    assert response.text.splitlines()[0].startswith("team,responses")
    assert client.get("/api/moderation/stats/topics", headers=as_(room.reader)).status_code == 403
    assert client.get("/api/moderation/map", headers=as_(room.moderator)).json() == {"clusters": []}


def test_analysts_see_the_moderation_figures_on_the_dashboard(
    client: TestClient, session: Session, room: Room
) -> None:
    analyst = make_employee(session, "analyst-l1", roles=["analyst"])
    response = client.get("/analytics", headers=as_(analyst))
    assert response.status_code == 200 and "data-moderation-figures" in response.text
    csv = client.get("/api/moderation/stats/topics?format=csv", headers=as_(analyst))
    assert csv.status_code == 200
    # Analysts read figures, not the inbox.
    assert client.get("/api/moderation/items", headers=as_(analyst)).status_code == 403


def test_topic_volume_hides_a_days_other_topic_when_one_could_be_subtracted(
    session: Session, room: Room, settings: Settings
) -> None:
    from factories import make_topic

    for name in ("garage", "lunch"):
        make_topic(session, name)
    k = settings.privacy_k
    # One day: parking with k authors, canteen with 2; the day's total is known elsewhere (the
    # hourly volume), so showing parking alone would give canteen's figure away.
    for n in range(k):
        _item(session, PARKING[n % 3], 100 + n, topic_id="garage")
    for n in range(2):
        _item(session, CANTEEN[n], 200 + n, topic_id="lunch")
    now = utcnow()
    table = stats.topic_table(session, settings, now - timedelta(days=1), now + timedelta(hours=1))
    rows = {row["topic"]: row for row in table.rows}
    assert rows["lunch"]["suppressed"] and rows["garage"]["suppressed"]
    # With k more authors on canteen, both show.
    for n in range(k):
        _item(session, CANTEEN[n % 2], 300 + n, topic_id="lunch")
    table = stats.topic_table(session, settings, now - timedelta(days=1), now + timedelta(hours=1))
    assert not any(row["suppressed"] for row in table.rows)
