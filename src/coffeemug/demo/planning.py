"""The demo newsroom's plan: three campaigns with goals and effort, a calendar of daily topics
per region over the demo month (claimed by business units), approvals under way and tasks."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy.orm import Session

from coffeemug.analytics import roi
from coffeemug.analytics.schemas import EffortCreate
from coffeemug.orchestration import demo_support as support
from coffeemug.orchestration import stories
from coffeemug.orchestration.models import ReviewState, TaskKind
from coffeemug.orchestration.schemas import StoryCreate
from coffeemug.text.embeddings import Encoder

# The regions of the demo and the country whose public holidays apply to their slots.
REGION_COUNTRIES = {"Germany": "DE", "UK & Ireland": "GB", "Americas": "US", "India": "IN"}
# One daily topic per weekday (Monday first), shifted by one per region.
WEEKDAY_TOPICS = (
    "sustainability",
    "digitalization",
    "people-culture",
    "customers-markets",
    "research-innovation",
)


@dataclass(frozen=True)
class PlanSpec:
    campaign: str
    goal_score: float
    goal_reach: int
    goal_read_rate: float
    key_messages: tuple[str, ...]
    business_units: tuple[str, ...]
    planned_hours: float
    planned_budget: float
    actual_hours: float
    actual_budget: float


PLANS = (
    PlanSpec(
        "Net Zero 2030",
        30.0,
        800,
        0.25,
        ("Every plant counts", "Measure first, then cut", "Our suppliers come along"),
        ("Building Technologies", "Grid Solutions", "Rail & Mobility"),
        120.0,
        8000.0,
        96.0,
        6500.0,
    ),
    PlanSpec(
        "Safe by Design",
        25.0,
        1200,
        0.3,
        ("Security is everyone's job", "Report phishing in one click"),
        ("Factory Automation", "Medical Imaging"),
        80.0,
        3000.0,
        88.0,
        4100.0,
    ),
    PlanSpec(
        "Future Skills",
        20.0,
        600,
        0.2,
        ("Learning is part of the job", "Career paths are open"),
        ("Factory Automation", "Medical Imaging", "Building Technologies"),
        60.0,
        12000.0,
        40.0,
        9000.0,
    ),
)


def _plans(session: Session, owner_id: int | None) -> int:
    done = 0
    for spec in PLANS:
        campaign = support.campaign_named(session, spec.campaign)
        if campaign is None:
            continue
        support.upsert_plan(
            session,
            campaign.id,
            status="running",
            owner_id=owner_id,
            goal_score=spec.goal_score,
            goal_reach=spec.goal_reach,
            goal_read_rate=spec.goal_read_rate,
            key_messages=list(spec.key_messages),
            business_units=list(spec.business_units),
            planned_hours=spec.planned_hours,
            planned_budget=spec.planned_budget,
        )
        roi.set_effort(
            session,
            EffortCreate(
                campaign_id=campaign.id,
                hours=spec.actual_hours,
                budget=spec.actual_budget,
                note="demo",
            ),
        )
        done += 1
    return done


def _calendar(
    session: Session, rng: random.Random, start: date, days: int, editor_id: int | None
) -> int:
    """Daily topics per region and weekday; business units claim most past and some future
    slots, with a published article of that topic and day where one exists."""
    units = support.business_units(session)
    count = 0
    for offset in range(days):
        day = start + timedelta(days=offset)
        if day.weekday() >= 5:
            continue
        for shift, (region, country) in enumerate(REGION_COUNTRIES.items()):
            topic = WEEKDAY_TOPICS[(day.weekday() + shift) % len(WEEKDAY_TOPICS)]
            slot = support.add_slot(session, day, region, country, topic)
            if slot is None:
                continue
            count += 1
            if units and rng.random() < (0.8 if offset < days // 2 else 0.35):
                article = support.article_on(session, topic, day)
                support.claim(session, slot, rng.choice(units), article, editor_id)
    return count


def _reviews_and_tasks(
    session: Session, rng: random.Random, now: datetime, editors: list[int]
) -> None:
    """A few drafts in review (one waiting long enough for its reminder), one approved, and
    tasks due around today for every editor."""
    drafts = support.drafts(session, 6)
    for i, article in enumerate(drafts):
        if len(editors) < 2:
            break
        author, approver = editors[i % len(editors)], editors[(i + 1) % len(editors)]
        state = ReviewState.approved if i == 0 else ReviewState.in_review
        requested = now - timedelta(hours=30 if i == 1 else 2 + i)
        support.review(session, article, state, author, approver, requested)
    kinds = list(TaskKind)
    for i, article in enumerate(support.upcoming(session, now, 12)):
        if not editors:
            break
        support.add_task(
            session,
            kinds[i % len(kinds)],
            article.title[:120],
            article.id,
            editors[i % len(editors)],
            now + timedelta(hours=rng.choice((-20, 3, 8, 26, 50))),
        )


def seed_planning(session: Session, now: datetime, seed: int, days: int = 30) -> int:
    """The demo's campaigns, calendar, approvals and tasks (deterministic for a seed); returns
    the number of calendar slots."""
    rng = random.Random(f"{seed}-planning")
    editors = support.editor_ids(session)
    _plans(session, editors[0] if editors else None)
    start = now.date() - timedelta(days=days // 2)
    slots = _calendar(session, rng, start, days, editors[0] if editors else None)
    _reviews_and_tasks(session, rng, now, editors)
    session.flush()
    return slots


# A handful of #learnfromit stories, told by employees who consented to their publication.
STORIES = (
    (
        "en",
        "The release that went out on a Friday afternoon",
        "A firmware update for our building controllers went live at 5 pm on a Friday. By "
        "Saturday morning, 40 sites reported heating schedules reset to factory defaults.",
        "Our release checklist said nothing about timing, and the on-call rota assumed nobody "
        "would ship before a weekend. The rollback worked, but it took nine hours to reach "
        "everyone.",
        "Releases now go out Monday to Thursday before noon, with a staged rollout to five "
        "sites first. The on-call rota knows about every release a day in advance.",
    ),
    (
        "en",
        "When the customer's drawing was older than ours",
        "We built a switchgear cabinet to a drawing the customer had already revised twice. "
        "Installation stopped on day one.",
        "Two teams kept their own copy of the drawings, and neither knew which one was current.",
        "One shared project folder is the only source now, and every drawing shows its revision "
        "date on the first page.",
    ),
    (
        "en",
        "The safety walk we almost skipped",
        "A new colleague asked to join the weekly safety walk we had cancelled twice for lack of "
        "time. On that walk she found a blocked emergency exit behind a pallet of spare parts.",
        "Routines we skip because 'nothing ever happens' are exactly the ones that catch things.",
        "The safety walk is now a fixed team meeting, and newcomers lead it in their first month.",
    ),
    (
        "de",
        "Als die Schulung niemand verstand",
        "Wir haben eine neue Schulung zur Datensicherheit ausgerollt – auf Englisch, mit vielen "
        "Fachbegriffen. Nach zwei Wochen hatten sie nur 12 Prozent abgeschlossen.",
        "Wir hatten die Schulung für uns geschrieben, nicht für die Menschen in der Fertigung.",
        "Jede Schulung testen wir jetzt vorab mit fünf Kolleginnen und Kollegen aus der "
        "Zielgruppe, und es gibt sie auf Deutsch und Englisch.",
    ),
    (
        "de",
        "Der Lieferant, der immer Ja sagte",
        "Ein Lieferant hat jede Terminanfrage bestätigt – und dann drei Mal in Folge zu spät "
        "geliefert. Die Montage stand jeweils zwei Tage still.",
        "Ein schnelles Ja ist keine Zusage. Wir hatten nie nach seiner tatsächlichen Kapazität "
        "gefragt.",
        "Bei kritischen Teilen besprechen wir die Kapazität jetzt monatlich gemeinsam und haben "
        "für jedes Teil einen zweiten Lieferanten.",
    ),
)


# Stories come on top of the generated articles, so only a demo of this size gets them: smaller
# seeds (tests, benchmarks) keep exactly the number of articles they ask for.
STORIES_FROM_ARTICLES = 100


def seed_stories(
    session: Session, now: datetime, encoder: Encoder, seed: int, articles: int
) -> int:
    """The demo's #learnfromit stories: published, each with its teller's consent."""
    if articles < STORIES_FROM_ARTICLES:
        return 0
    rng = random.Random(f"{seed}-stories")
    editors = support.editor_ids(session)
    tellers = support.some_employees(session, len(STORIES), rng)
    if not editors or len(tellers) < len(STORIES) or not support.topic_exists(session):
        return 0
    editor = support.employee(session, editors[0])
    made = 0
    for i, (lang, title, happened, learned, changed) in enumerate(STORIES):
        if support.article_keyed(session, f"demo-story-{i + 1}"):
            continue
        story = stories.create_story(
            session,
            editor,
            StoryCreate(
                title=title,
                language=lang,
                what_happened=happened,
                what_we_learned=learned,
                what_we_changed=changed,
                teller_id=tellers[i],
            ),
            encoder,
        )
        support.publish_with_consent(
            session, story.article_id, tellers[i], now, 2 + 3 * i, f"demo-story-{i + 1}"
        )
        made += 1
    return made
