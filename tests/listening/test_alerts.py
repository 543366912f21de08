"""Alerts: volume per topic and thread against the median and MAD of the same hour in earlier
weeks, a minimum volume, a cooldown, tighter thresholds for 48 hours after an executive's post;
alerts show in the inbox and go to the team channel."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from coffeemug.listening import alerts
from coffeemug.listening.models import Item, Thread
from coffeemug.settings import Settings
from listening.conftest import Room

NOW = datetime(2026, 12, 2, 10, 5, tzinfo=UTC)  # a Wednesday; the hour checked is 09:00
HOUR = datetime(2026, 12, 2, 9, 0, tzinfo=UTC)


def _items(
    session: Session, at: datetime, n: int, *, topic: str = "canteen", thread: int | None = None,
    negative: int = 0,
) -> None:  # fmt: skip
    for i in range(n):
        session.add(
            Item(
                source="social", external_id=f"{at.isoformat()}-{topic}-{thread}-{i}",
                text="x", language="en", posted_at=at + timedelta(minutes=i % 50),
                sentiment="negative" if i < negative else "neutral", topic_id=topic,
                thread_id=thread,
            )
        )  # fmt: skip
    session.flush()


def _history(session: Session, per_week: list[int], **kw: object) -> None:
    for week, n in enumerate(per_week, start=1):
        _items(session, HOUR - timedelta(weeks=week), n, **kw)  # type: ignore[arg-type]


@pytest.fixture
def quiet(settings: Settings) -> Settings:
    return settings.model_copy(
        update={"listening_alert_min_volume": 8, "listening_alert_cooldown_hours": 6}
    )


def test_a_spike_above_the_hour_of_week_baseline_alerts_once_per_cooldown(
    session: Session, quiet: Settings, room: Room
) -> None:
    _history(session, [3, 4, 5, 4, 3, 4, 5, 4])
    _items(session, HOUR, 30)
    made = alerts.check_hour(session, quiet, NOW)
    assert [(a.scope, a.key, a.metric, a.value) for a in made] == [
        ("topic", "canteen", "volume", 30.0)
    ]
    assert made[0].baseline == 4.0
    _items(session, HOUR + timedelta(hours=1), 30)
    assert alerts.check_hour(session, quiet, NOW + timedelta(hours=1)) == []  # cooling down
    assert [a.key for a in alerts.recent(session, hours=24 * 365)] == ["canteen"]


def test_usual_volume_and_small_volume_do_not_alert(
    session: Session, quiet: Settings, room: Room
) -> None:
    _history(session, [20, 22, 19, 21, 20, 23, 18, 20])
    _items(session, HOUR, 22)
    _items(session, HOUR, 6, topic="general")  # no history, but below the minimum volume
    assert alerts.check_hour(session, quiet, NOW) == []


def test_a_rising_negative_share_alerts(session: Session, quiet: Settings, room: Room) -> None:
    _history(session, [20] * 8, negative=2)
    _items(session, HOUR, 20, negative=15)
    made = alerts.check_hour(session, quiet, NOW)
    assert [(a.metric, a.value) for a in made] == [("negative_share", 0.75)]


def test_an_executive_post_tightens_the_thresholds_for_48_hours(
    session: Session, quiet: Settings, room: Room
) -> None:
    post = Thread(source="social", external_id="ceo-1", title="CEO", executive=True,
                  posted_at=HOUR - timedelta(hours=20))  # fmt: skip
    session.add(post)
    session.flush()
    _history(session, [2, 2, 3, 2, 2, 3, 2, 2], topic="general", thread=post.id)
    _items(session, HOUR, 6, topic="general", thread=post.id)
    made = alerts.check_hour(session, quiet, NOW)
    assert [(a.scope, a.exec_watch) for a in made] == [("thread", True)]
    assert [a.label for a in alerts.recent(session, hours=24 * 365)] == ["CEO"]


def test_alerts_are_posted_to_the_team_channel(
    session: Session, quiet: Settings, room: Room, monkeypatch: pytest.MonkeyPatch
) -> None:
    posted: list[tuple[str, str]] = []
    monkeypatch.setattr(
        "coffeemug.mail.webhooks.post_text", lambda url, text: posted.append((url, text))
    )
    _history(session, [1] * 8)
    _items(session, HOUR, 25)
    alerts.check_hour(session, quiet, NOW)
    channel = quiet.model_copy(update={"listening_alert_webhook": "https://teams.example/hook"})
    assert alerts.send_alerts(session, channel) == 1
    assert posted[0][0] == "https://teams.example/hook" and "canteen" in posted[0][1]
    assert alerts.send_alerts(session, channel) == 0


def test_the_hourly_run_raises_the_priority_of_items_left_open(
    session: Session, quiet: Settings, room: Room
) -> None:
    _items(session, NOW - timedelta(hours=30), 1, negative=1)
    item = session.scalars(select(Item)).one()
    item.negative, item.priority = 0.9, 1.4
    alerts.check_hour(session, quiet, NOW)
    assert item.priority == pytest.approx((0.5 + 0.9) * 1.0 * (1 + 30 / 24), rel=0.02)
