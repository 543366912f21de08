"""Deterministic generation of the demo's people and articles as plain data (no database).

Every draw comes from a ``random.Random`` seeded from ``--seed`` and a stream name, so adding
a draw in one phase does not change what another phase produces.
"""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from coffeemug.demo import catalogue as cat
from coffeemug.demo.fragments import (
    FACTS,
    FACTS_HEADING,
    MUST_READ_NOTE,
    NEXT_HEADING,
    NEXT_STEPS,
    PARAGRAPHS,
    QUOTES,
)
from coffeemug.demo.stories import STORIES
from coffeemug.people.models import DigestCadence, Role

# Share of employees who never picked topics: their feed starts cold.
COLD_START_SHARE = 0.2
VOLUME_WEIGHTS: tuple[tuple[int | None, float], ...] = (
    (3, 0.2),
    (7, 0.4),
    (15, 0.25),
    (None, 0.15),
)
MUST_READ_EVERY = 60
STAFF: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("editor-1", "Newsroom Desk Germany", (Role.editor.value,)),
    ("editor-2", "Newsroom Desk Global", (Role.editor.value,)),
    ("editor-3", "Newsroom Desk Asia Pacific", (Role.editor.value,)),
    ("admin-1", "Platform Admin", (Role.admin.value,)),
    ("analyst-1", "Newsroom Analytics", (Role.analyst.value,)),
    ("moderator-1", "Community Moderation", (Role.moderator.value,)),
)


def seeded_uuid(rng: random.Random) -> uuid.UUID:
    """A version-4 UUID drawn from ``rng``: the same demo gets the same ids on every seeding."""
    return uuid.UUID(int=rng.getrandbits(128), version=4)


def stream(seed: int, name: str) -> random.Random:
    """An independent, reproducible random stream for one phase."""
    return random.Random(f"coffeemug-demo:{seed}:{name}")


@dataclass(frozen=True, slots=True)
class PersonSpec:
    external_id: str
    display_name: str
    region: str
    business_unit: str
    languages: tuple[str, ...]
    roles: tuple[str, ...]
    # Hidden from the product: what this person really cares about (topic -> weight in (0, 1]).
    interests: dict[str, float] = field(default_factory=dict)
    preferred_language: str = "en"
    activity: float = 0.5  # chance of opening the feed on a given day
    followed_topics: tuple[str, ...] = ()
    muted_topics: tuple[str, ...] = ()
    volume: int | None = 7
    digest: str = DigestCadence.weekly.value
    onboarded: bool = False


@dataclass(frozen=True, slots=True)
class ArticleSpec:
    external_id: str
    title: str
    summary: str
    body: str
    language: str
    topics: tuple[str, ...]
    author: str  # external id of an editor
    status: str
    publish_at: datetime
    expires_at: datetime | None
    must_read: bool
    shareable: bool
    priority: float
    campaign: str | None
    audience_regions: tuple[str, ...] = ()
    audience_business_units: tuple[str, ...] = ()
    audience_languages: tuple[str, ...] = ()
    appeal: float = 1.0  # hidden: how well written and timely, scales every click chance


def _weighted(rng: random.Random, options: dict[str, float]) -> str:
    return rng.choices(list(options), weights=list(options.values()))[0]


def _default_followed() -> list[str]:
    return [t.slug for t in cat.TOPICS if t.mandatory or t.followed_by_default]


def _person(rng: random.Random, number: int) -> PersonSpec:
    region = rng.choices(cat.REGIONS, weights=[r.share for r in cat.REGIONS])[0]
    unit = rng.choices(cat.BUSINESS_UNITS, weights=[b.share for b in cat.BUSINESS_UNITS])[0]
    languages = [
        lang
        for lang, share in (("de", region.german_speakers), ("en", region.english_speakers))
        if rng.random() < share
    ] or ["en"]
    preferred = "de" if "de" in languages and (len(languages) == 1 or rng.random() < 0.7) else "en"

    interests: dict[str, float] = {}
    optional = [t for t in cat.TOPIC_SLUGS if t not in cat.MANDATORY_TOPICS]
    for rank in range(rng.choice((2, 3, 3, 4))):
        if rank == 0 and rng.random() < 0.6:
            slug = rng.choice(unit.leanings)
        else:
            slug = _weighted(rng, {t: cat.TOPIC_VOLUME[t] for t in optional if t not in interests})
        if slug not in interests:
            interests[slug] = round(
                rng.uniform(0.55, 1.0) if rank == 0 else rng.uniform(0.3, 0.9), 3
            )

    followed = [t.slug for t in cat.TOPICS if t.mandatory]
    onboarded = rng.random() >= COLD_START_SHARE
    if onboarded:
        # People name some of what they like, forget some, and add a topic on a whim.
        followed += [t for t in interests if rng.random() < 0.7]
        if rng.random() < 0.3:
            followed.append(rng.choice(optional))
    else:
        followed = _default_followed()
    muted: list[str] = []
    if onboarded and rng.random() < 0.08:
        muted = [rng.choice([t for t in optional if t not in interests and t not in followed])]
    volume = rng.choices([v for v, _ in VOLUME_WEIGHTS], weights=[w for _, w in VOLUME_WEIGHTS])[0]
    first, last = rng.choice(cat.FIRST_NAMES), rng.choice(cat.LAST_NAMES)
    return PersonSpec(
        external_id=f"demo-{number:04d}",
        display_name=f"{first} {last}",
        region=region.name,
        business_unit=unit.name,
        languages=tuple(languages),
        roles=(Role.reader.value,),
        interests=interests,
        preferred_language=preferred,
        activity=round(rng.betavariate(1.2, 6.5), 3),
        followed_topics=tuple(dict.fromkeys(followed)),
        muted_topics=tuple(muted),
        volume=volume,
        digest=rng.choice([c.value for c in DigestCadence]),
        onboarded=onboarded,
    )


def generate_people(count: int, seed: int) -> list[PersonSpec]:
    """The staff accounts (editors, admin, analyst, moderator) and ``count`` employees."""
    rng = stream(seed, "people")
    staff = [
        PersonSpec(
            external_id=ext,
            display_name=name,
            region="Germany",
            business_unit="Corporate Functions",
            languages=("de", "en"),
            roles=roles,
            followed_topics=tuple(_default_followed()),
            onboarded=False,
        )
        for ext, name, roles in STAFF
    ]
    return staff + [_person(rng, n) for n in range(1, count + 1)]


def _big(rng: random.Random, language: str) -> str:
    number = rng.choice((120, 250, 480, 600, 850, 1200, 1500, 2300, 3400, 5000, 12000))
    text = f"{number:,}"
    return text.replace(",", ".") if language == "de" else text


class _Slots(dict[str, str]):
    """Placeholder values for one article, shared by its title, teaser and body."""

    @classmethod
    def draw(cls, rng: random.Random, language: str, region: cat.RegionSpec, topic: str) -> _Slots:
        who = rng.randrange(len(cat.ROLES_EN))
        german = language == "de"
        site = rng.choice(region.sites)
        return cls(
            site=cat.SITE_NAMES_DE.get(site, site) if german else site,
            region=cat.REGION_NAMES_DE[region.name]
            if german
            else cat.REGION_IN_TEXT_EN.get(region.name, region.name),
            bu=rng.choice(
                [b.name for b in cat.BUSINESS_UNITS if topic in b.leanings] or cat.BU_NAMES
            ),
            product=rng.choice(cat.PRODUCTS),
            customer=cat.CUSTOMERS[
                rng.choice(cat.TOPIC_CUSTOMERS.get(topic, range(len(cat.CUSTOMERS))))
            ][1 if german else 0],
            person=f"{rng.choice(cat.FIRST_NAMES)} {rng.choice(cat.LAST_NAMES)}",
            role=(cat.ROLES_DE if german else cat.ROLES_EN)[who],
            n=str(rng.randint(2, 9)),
            big=_big(rng, language),
            pct=str(rng.randint(8, 45)),
            company=cat.COMPANY,
        )


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def _body(rng: random.Random, topics: tuple[str, ...], language: str, slots: _Slots) -> str:
    main = list(PARAGRAPHS[topics[0]][language])
    rng.shuffle(main)
    parts = [main[0]]
    if len(topics) > 1:
        parts.append(rng.choice(PARAGRAPHS[topics[1]][language]))
    else:
        parts.append(main[1])
    parts.insert(1, rng.choice(QUOTES[language]))
    if rng.random() < 0.5:
        facts = [
            line.format_map(slots | {"n": str(rng.randint(2, 9))})
            for line in rng.sample(FACTS[language], 3)
        ]
        parts += [FACTS_HEADING[language], "\n".join(facts)]
    parts += [NEXT_HEADING[language], rng.choice(NEXT_STEPS[language])]
    # The body's own figures: the same number everywhere in one article reads as a template.
    numbers = iter(rng.sample(range(2, 10), 8))
    return "\n\n".join(_capitalised(p.format_map(slots | {"n": str(next(numbers))})) for p in parts)


def _headline(
    rng: random.Random,
    language: str,
    region: cat.RegionSpec,
    topic: str,
    number: int,
    seen_titles: set[str],
) -> tuple[str, str, _Slots]:
    """A title no other article has, its summary template and the slots it was filled with."""
    for attempt in range(8):
        # Prefer a story or figures not used yet in this language; headlines without figures
        # get the site as a local kicker once the plain one is taken.
        slots = _Slots.draw(rng, language, region, topic)
        title_en, summary_en, title_de, summary_de = rng.choice(STORIES[topic])
        title, summary = (title_de, summary_de) if language == "de" else (title_en, summary_en)
        fixed = "{" not in title
        title = _capitalised(title.format_map(slots))
        if fixed and attempt >= 3:
            title = f"{slots['site']}: {title}"
        if title not in seen_titles:
            break
    if title in seen_titles:
        title = f"{title} ({'Teil' if language == 'de' else 'part'} {number})"
    seen_titles.add(title)
    return title, summary, slots


def _schedule(
    rng: random.Random, now: datetime, days: int, must_read: bool
) -> tuple[str, datetime, datetime | None]:
    """Status, publication and expiry: mostly published over the last ``days`` days, some
    drafts, scheduled, archived and expired ones, and deadlines still ahead."""
    age_days = rng.uniform(0, days + 5)
    publish_at = (now - timedelta(days=age_days)).replace(
        hour=rng.randint(6, 17), minute=rng.choice((0, 15, 30, 45)), second=0, microsecond=0
    )
    if publish_at > now:
        publish_at -= timedelta(days=1)
    status = "published"
    expires_at = None
    fate = rng.random()
    if fate < 0.04:
        status = "draft"
        publish_at = now + timedelta(days=rng.uniform(1, 10))
    elif fate < 0.07:
        publish_at = (now + timedelta(days=rng.uniform(0.5, 7))).replace(second=0, microsecond=0)
    elif fate < 0.09:
        status = "archived"
    elif fate < 0.15:
        expires_at = publish_at + timedelta(days=rng.uniform(2, max(3, age_days - 0.5)))
        if expires_at >= now:
            expires_at = now - timedelta(hours=rng.randint(1, 24))
    elif fate < 0.25:
        # Event announcements and offers with a deadline still ahead.
        expires_at = now + timedelta(days=rng.uniform(3, 30))
    if must_read and expires_at is None:
        # A must-read is urgent for a while, not forever: it leaves the lane after a fortnight.
        expires_at = publish_at + timedelta(days=14)
    if expires_at is not None and expires_at <= publish_at:
        expires_at = None
    return status, publish_at, expires_at


def _audience(
    rng: random.Random,
    targeted_region: bool,
    region: cat.RegionSpec,
    slots: dict[str, str],
    language: str,
) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """Targeted regions, business units and languages (empty: everyone)."""
    regions: tuple[str, ...] = ()
    if targeted_region:
        regions = (region.name,)
        if region.name in ("Germany", "DACH South") and rng.random() < 0.5:
            regions = ("Germany", "DACH South")
    units: tuple[str, ...] = ()
    if rng.random() < 0.08:
        units = (slots["bu"],)
    languages: tuple[str, ...] = (language,) if rng.random() < 0.3 else ()
    return regions, units, languages


def generate_articles(count: int, days: int, seed: int, now: datetime) -> list[ArticleSpec]:
    """``count`` articles around ``now``: mostly published over the last ``days`` days, plus
    scheduled, expired, archived and draft ones; must-reads, targeted and campaign items."""
    rng = stream(seed, "articles")
    editors = [ext for ext, _, roles in STAFF if Role.editor.value in roles]
    seen_titles: set[str] = set()
    out: list[ArticleSpec] = []
    for number in range(1, count + 1):
        topic = _weighted(rng, cat.TOPIC_VOLUME)
        # Every 60th article is a must-read, so even a small demo has a must-read lane.
        mandated = number % MUST_READ_EVERY == 1
        if mandated:
            topic = ("security", "leadership")[(number // MUST_READ_EVERY) % 2]
        topics: tuple[str, ...] = (topic,)
        if rng.random() < 0.45:
            topics += (rng.choice(cat.RELATED_TOPICS[topic]),)
        targeted_region = rng.random() < 0.14
        region = rng.choices(cat.REGIONS, weights=[r.share for r in cat.REGIONS])[0]
        german_region = region.german_speakers > 0.5
        language = "de" if rng.random() < (0.75 if german_region else 0.08) else "en"
        if targeted_region and language == "de" and not german_region:
            language = "en"
        title, summary, slots = _headline(rng, language, region, topic, number, seen_titles)
        must_read = mandated or (topic in ("security", "leadership") and rng.random() < 0.04)
        status, publish_at, expires_at = _schedule(rng, now, days, must_read)
        regions, units, languages = _audience(rng, targeted_region, region, slots, language)
        campaign = None
        for name, campaign_topics in cat.CAMPAIGN_TOPICS.items():
            if topic in campaign_topics and rng.random() < 0.35:
                campaign = name
                break
        priority = 0.0
        if must_read:
            priority = 1.0
        elif rng.random() < 0.15:
            priority = round(rng.uniform(0.2, 0.8), 2)
        body = _body(rng, topics, language, slots)
        if must_read:
            body = f"{body}\n\n{MUST_READ_NOTE[language]}"
        out.append(
            ArticleSpec(
                external_id=f"demo-article-{number:04d}",
                title=title[:200],
                summary=_capitalised(summary.format_map(slots)),
                body=body,
                language=language,
                topics=topics,
                author=rng.choice(editors),
                status=status,
                publish_at=publish_at,
                expires_at=expires_at,
                must_read=must_read,
                shareable=not must_read and topic != "security" and rng.random() < 0.8,
                priority=priority,
                campaign=campaign,
                audience_regions=regions,
                audience_business_units=units,
                audience_languages=languages,
                appeal=round(min(1.5, max(0.5, rng.gauss(1.0, 0.2))), 3),
            )
        )
    return out
