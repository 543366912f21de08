"""The click model shared by the demo seeder and the benchmarks."""

from __future__ import annotations

import random

from coffeemug.demo.simulation import (
    SimArticle,
    SimulatedEmployee,
    attention,
    click_probability,
    interest,
    is_relevant,
    respond,
)
from coffeemug.events.models import EventType

FAN = SimulatedEmployee(1, {"energy": 0.9, "mobility": 0.4}, ("de", "en"), "de")
ENERGY_DE = SimArticle(1, ("energy",), "de")
ENERGY_EN = SimArticle(2, ("energy",), "en")
COMMUNITY = SimArticle(3, ("community",), "de")
ENERGY_FR = SimArticle(4, ("energy",), "fr")


def test_interest_drives_clicks_and_language_matters() -> None:
    assert interest(FAN, ENERGY_DE) == 0.9
    assert interest(FAN, SimArticle(9, ("energy", "mobility"), "de")) == 1.0
    assert click_probability(FAN, ENERGY_DE) > click_probability(FAN, ENERGY_EN)
    assert click_probability(FAN, ENERGY_EN) > click_probability(FAN, COMMUNITY) > 0
    assert click_probability(FAN, ENERGY_FR) == 0
    assert is_relevant(FAN, ENERGY_EN) and not is_relevant(FAN, COMMUNITY)
    assert attention(0) == 1.0 and attention(9) < attention(1) < 1.0


def _clicks(feed: list[SimArticle], rounds: int, seed: int) -> dict[int, int]:
    rng = random.Random(seed)
    opened = {a.article_id: 0 for a in feed}
    for _ in range(rounds):
        for r in respond(FAN, feed, rng):
            if r.type is EventType.article_opened:
                opened[r.article_id] += 1
    return opened


def test_position_bias_and_interest_show_in_behaviour() -> None:
    same = [SimArticle(i, ("energy",), "de") for i in range(10)]
    opened = _clicks(same, 400, seed=1)
    assert opened[0] > opened[9] * 1.5
    mixed = [COMMUNITY, ENERGY_DE]
    opened = _clicks(mixed, 400, seed=2)
    assert opened[ENERGY_DE.article_id] > 3 * opened[COMMUNITY.article_id]


def test_reactions_are_consistent() -> None:
    rng = random.Random(4)
    must = SimArticle(7, ("security",), "de", must_read=True)
    feed = [must, ENERGY_DE, COMMUNITY, ENERGY_EN]
    seen_types = set()
    for _ in range(300):
        reactions = respond(FAN, feed, rng)
        for r in reactions:
            assert r.article_id in {a.article_id for a in feed}
            assert r.position == [a.article_id for a in feed].index(r.article_id)
            seen_types.add(r.type)
        opened = {r.article_id for r in reactions if r.type is EventType.article_opened}
        for r in reactions:
            if r.type in (EventType.article_read, EventType.article_liked):
                assert r.article_id in opened
            if r.type is EventType.article_read:
                assert r.dwell_seconds and r.dwell_seconds > 0
            if r.type is EventType.article_dismissed:
                assert r.article_id == COMMUNITY.article_id
            if r.type is EventType.article_acknowledged:
                assert r.article_id == must.article_id
    assert {
        EventType.article_opened,
        EventType.article_read,
        EventType.article_liked,
        EventType.article_acknowledged,
        EventType.article_dismissed,
    } <= seen_types
    assert EventType.article_impressed not in seen_types


def test_same_rng_same_reactions() -> None:
    feed = [ENERGY_DE, COMMUNITY, ENERGY_EN]
    assert respond(FAN, feed, random.Random(11)) == respond(FAN, feed, random.Random(11))
