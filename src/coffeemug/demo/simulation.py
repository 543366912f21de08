"""A click model: how an employee with hidden interests reacts to a ranked feed.

Small and pure, so the demo seeder and benchmarks share it:

>>> import random
>>> alice = SimulatedEmployee(1, {"energy": 0.9}, ("en",))
>>> story = SimArticle(10, ("energy",), "en")
>>> gossip = SimArticle(11, ("community",), "en")
>>> click_probability(alice, story) > click_probability(alice, gossip)
True
>>> reactions = respond(alice, [story, gossip], random.Random(3))
>>> all(r.article_id in (10, 11) for r in reactions)
True
"""

from __future__ import annotations

import math
import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from coffeemug.events.models import EventType

# Chance that an item someone cares nothing about still gets a click (curiosity, a good photo).
BASE_CLICK = 0.03
# How much of a topic interest of 1.0 turns into click probability.
INTEREST_CLICK = 0.55
# Reading in a language one understands but does not prefer is less tempting.
OTHER_LANGUAGE_FACTOR = 0.6
# Position bias: attention at position p (0-based) is (1 + p) ** -POSITION_DECAY.
POSITION_DECAY = 0.5
# Of the items noticed but not opened, the uninteresting ones get dismissed this often.
DISMISS_RATE = 0.12
ACKNOWLEDGE_RATE = 0.85


@dataclass(frozen=True, slots=True)
class SimulatedEmployee:
    """An employee as the simulator sees them: the truth the ranker has to discover."""

    employee_id: int
    interests: Mapping[str, float]  # topic slug -> weight in (0, 1]
    languages: tuple[str, ...] = ("en",)
    preferred_language: str | None = None
    activity: float = 0.5  # chance of opening the feed on a given day
    region: str | None = None
    business_unit: str | None = None
    followed: frozenset[str] = field(default_factory=frozenset)


@dataclass(frozen=True, slots=True)
class SimArticle:
    """What the simulator needs of an article."""

    article_id: int
    topics: tuple[str, ...]
    language: str
    must_read: bool = False
    shareable: bool = True
    appeal: float = 1.0  # hidden quality; scales every click chance


@dataclass(frozen=True, slots=True)
class Reaction:
    """One thing the employee did with an item shown at ``position``."""

    article_id: int
    type: EventType
    position: int
    dwell_seconds: float | None = None
    value: float | None = None
    kind: str | None = None  # conversions only: what was converted


def interest(employee: SimulatedEmployee, article: SimArticle) -> float:
    """How much the article's topics matter to the employee, in [0, 1]."""
    weights = sorted((employee.interests.get(t, 0.0) for t in article.topics), reverse=True)
    if not weights:
        return 0.0
    # The strongest topic counts fully; a second matching topic adds a little.
    return min(1.0, weights[0] + 0.25 * sum(weights[1:]))


def is_relevant(employee: SimulatedEmployee, article: SimArticle) -> bool:
    """Ground truth for hit rates: an article is relevant if one of its topics interests."""
    return interest(employee, article) >= 0.3 and article.language in employee.languages


def click_probability(employee: SimulatedEmployee, article: SimArticle) -> float:
    """Chance to open the article when the employee notices it."""
    if article.language not in employee.languages:
        return 0.0
    p = (BASE_CLICK + INTEREST_CLICK * interest(employee, article)) * article.appeal
    preferred = employee.preferred_language or employee.languages[0]
    if article.language != preferred:
        p *= OTHER_LANGUAGE_FACTOR
    return min(max(p, 0.0), 0.95)


def attention(position: int) -> float:
    """Chance that an item at this position (0-based) is noticed at all."""
    return (1.0 + position) ** -POSITION_DECAY


def respond(
    employee: SimulatedEmployee, ranked: Sequence[SimArticle], rng: random.Random
) -> list[Reaction]:
    """The employee's actions on a feed shown in this order (impressions are not included).

    Must-read items get acknowledged; interesting ones opened, read (with dwell seconds),
    liked, saved, shared, commented and rarely converted; uninteresting ones sometimes
    dismissed.
    """
    out: list[Reaction] = []
    for position, article in enumerate(ranked):
        if rng.random() >= attention(position):
            continue
        level = interest(employee, article)
        if article.must_read and rng.random() < ACKNOWLEDGE_RATE:
            # Confirming a must-read says nothing about taste; reading it further does.
            out.append(Reaction(article.article_id, EventType.article_acknowledged, position))
        if rng.random() < click_probability(employee, article):
            out.extend(_engage(employee, article, position, level, rng))
        elif level < 0.15 and not article.must_read and rng.random() < DISMISS_RATE:
            out.append(Reaction(article.article_id, EventType.article_dismissed, position))
    return out


def _engage(
    employee: SimulatedEmployee,
    article: SimArticle,
    position: int,
    level: float,
    rng: random.Random,
) -> list[Reaction]:
    aid = article.article_id
    out = [Reaction(aid, EventType.article_opened, position)]
    if rng.random() < 0.45 + 0.45 * level:
        # Interested readers stay longer; dwell times are long-tailed.
        dwell = min(rng.lognormvariate(math.log(25 + 120 * level), 0.6), 1800.0)
        out.append(Reaction(aid, EventType.article_read, position, round(dwell, 1)))
        if rng.random() < 0.1 + 0.45 * level:
            out.append(Reaction(aid, EventType.article_liked, position))
        if rng.random() < 0.02 + 0.08 * level:
            out.append(Reaction(aid, EventType.article_saved, position))
        if article.shareable and rng.random() < 0.05 * level * article.appeal:
            out.append(Reaction(aid, EventType.article_shared, position))
        if rng.random() < 0.02 * level:
            out.append(Reaction(aid, EventType.article_commented, position))
        if rng.random() < 0.01 * level:
            kind = rng.choice(("registration", "form_submitted", "meeting_booked"))
            out.append(Reaction(aid, EventType.conversion_recorded, position, value=1.0, kind=kind))
    return out
