"""The demo's listening: a living moderation inbox.

A few hundred comments under articles and mentions from a social network and the press, in
German and English: criticism, questions, praise, some abuse and spam; a CEO post with a spike
of reactions in the hour after it (which raises an executive-watch alert); fact cards; and a
few items already answered, hidden or waiting for a second approval. Deterministic per seed."""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from coffeemug.analytics.models import OURS, Mention
from coffeemug.listening import alerts, audit, replies, service
from coffeemug.listening.models import (
    Comment,
    CommentStatus,
    FactCard,
    HideReason,
    Reply,
    Thread,
)
from coffeemug.listening.schemas import ReplyCreate
from coffeemug.listening.service import NewItem
from coffeemug.people.models import Employee
from coffeemug.settings import Settings
from coffeemug.text.embeddings import Encoder, to_bytes

# (language, text); each is used with small variations.
CRITICISM = [
    ("de", "Warum wird die Kantine schon wieder teurer? Das ist unfair gegenüber der Schicht."),
    ("de", "Die neue Homeoffice-Regel ignoriert Eltern komplett. Enttäuschend."),
    ("de", "Seit Wochen keine Parkplätze am Standort, und niemand sagt etwas dazu."),
    ("de", "Wann kommt endlich die versprochene Gehaltsrunde für die Produktion?"),
    ("en", "Why are canteen prices going up again? This is unfair to the night shift."),
    ("en", "The new hybrid-work policy ignores parents completely. Disappointing."),
    ("en", "No parking spaces at the site for weeks and nobody explains why."),
    ("en", "When will the promised pay review for production finally happen?"),
    ("en", "The emissions target sounds great but where are the actual figures?"),
    ("de", "Das Klimaziel klingt gut, aber wo sind die echten Zahlen?"),
]
QUESTIONS = [
    ("de", "Gilt die neue Regel auch für Teilzeitkräfte?"),
    ("en", "Does the new policy also apply to part-time staff?"),
    ("de", "Wo finde ich die Anmeldung für das Training?"),
    ("en", "Where can I sign up for the training?"),
]
PRAISE = [
    ("de", "Danke für die offene Information, das hilft sehr!"),
    ("en", "Thanks for the open update, really helpful!"),
    ("en", "Great article, well explained."),
    ("de", "Toller Beitrag, gut erklärt."),
]
ABUSE = [
    ("en", "You are all idiots and liars, shut up you stupid morons"),
    ("de", "Ihr seid alle Idioten, haltet die Fresse ihr Vollpfosten"),
]
SPAM = [("en", "Cheap watches here http://spam.example/a and http://spam.example/b")]
CEO_REACTIONS = [
    ("en", "So the CEO gets a bonus while we lose our canteen subsidy? Unbelievable."),
    ("en", "Will the hybrid-work rules really be the same for managers?"),
    ("de", "Der CEO redet von Vertrauen und streicht gleichzeitig das Homeoffice?"),
    ("de", "Wie viele Stellen fallen am Standort wirklich weg?"),
    ("en", "Finally a clear message from the top, thank you."),
    ("de", "Danke für die klaren Worte."),
]
FACTS = [
    ("Canteen prices 2026", "people-culture",
     {"de": "Die Kantinenpreise steigen um 0,40 EUR pro Essen; die Lieferanten haben ihre "
            "Preise um 18 % erhöht, das Unternehmen trägt weiterhin 55 % der Kosten.",
      "en": "Canteen prices rise by EUR 0.40 per meal; suppliers raised theirs by 18 %, and "
            "the company still pays 55 % of the cost."},
     "+0.40 EUR per meal; suppliers +18 %; company share 55 %"),
    ("Hybrid work policy", "people-culture",
     {"de": "Die Regel gilt für alle Ebenen gleich: drei Bürotage pro Woche, Ausnahmen für "
            "Eltern und Pflegende nach Absprache mit der Führungskraft.",
      "en": "The policy is the same at every level: three office days a week, with "
            "exceptions for parents and carers agreed with their manager."},
     "3 office days; exceptions for parents and carers"),
    ("Emission targets", "sustainability",
     {"de": "Die Emissionen sanken 2025 um 12 % gegenüber 2019; Ziel ist minus 50 % bis 2030.",
      "en": "Emissions fell by 12 % in 2025 against 2019; the target is minus 50 % by 2030."},
     "-12 % since 2019; target -50 % by 2030"),
]  # fmt: skip
EXTRA_MODERATORS = 5
TEAMS = ("hr", "facilities")
ANSWERED = 24
EXPIRED_FACT = (
    "Parking 2024",
    {"en": "The new car park opens in 2024.", "de": "Das neue Parkhaus öffnet 2024."},
)


def _vary(rng: random.Random, text: str) -> str:
    endings = ["", " Bitte erklären.", " Please explain.", "", " !!", " 🙁", ""]
    return text + rng.choice(endings)


def _pick(rng: random.Random) -> tuple[str, str]:
    pool = rng.choices(
        [CRITICISM, QUESTIONS, PRAISE, ABUSE, SPAM], weights=[50, 20, 20, 6, 4], k=1
    )[0]
    return rng.choice(pool)


def seed_listening(
    session: Session,
    settings: Settings,
    encoder: Encoder,
    *,
    seed: int,
    now: datetime,
    readers: Sequence[Employee],
    articles: Sequence[tuple[int, str]],
) -> int:
    """Fill the inbox; answers how many items it holds afterwards."""
    rng = random.Random(f"coffeemug-demo:{seed}:listening")
    moderator = _staff(session, "moderator-1")
    if moderator is None or not readers or not articles:
        return 0
    crew = [moderator, *_more_moderators(session)]
    _facts(session, encoder, moderator, now)
    topics = service.understanding_topics(session)
    comments = _comments(session, settings, rng, now, readers, articles[:25])
    mentions = _mentions(session, settings, rng, now)
    spike_hour = _ceo_post(session, settings, rng, now)
    service.add_items(session, settings, comments + mentions, topics)
    alerts.check_hour(session, settings, spike_hour + timedelta(hours=1, minutes=5))
    _work_the_inbox(session, settings, rng, crew)
    return len(comments) + len(mentions)


def _more_moderators(session: Session) -> list[Employee]:
    """The rest of the moderation team, so team figures have enough people to be shown."""
    crew = []
    for n in range(2, 2 + EXTRA_MODERATORS):
        person = _staff(session, f"moderator-{n}") or Employee(
            external_id=f"moderator-{n}", display_name=f"Community Moderation {n}",
            region="DE", business_unit="Communications", languages=["de", "en"],
            roles=["moderator"],
        )  # fmt: skip
        session.add(person)
        crew.append(person)
    session.flush()
    return crew


def _staff(session: Session, external_id: str) -> Employee | None:
    from coffeemug.people.repository import get_employee_by_external_id

    return get_employee_by_external_id(session, external_id)


def _facts(session: Session, encoder: Encoder, moderator: Employee, now: datetime) -> None:
    for title, topic, statements, figures in FACTS:
        text = ". ".join([title, *statements.values(), figures])
        card = FactCard(
            title=title, statements=statements, figures=figures, owner="Corporate Communications",
            source_url="https://intranet.example/facts", topic_id=topic,
            valid_until=(now + timedelta(days=180)).date(),
            embedding=to_bytes(encoder.encode([text])[0]),
        )  # fmt: skip
        session.add(card)
    title, statements = EXPIRED_FACT
    session.add(
        FactCard(title=title, statements=statements, owner="Facility Management",
                 valid_until=(now - timedelta(days=300)).date(),
                 embedding=to_bytes(encoder.encode([title])[0]))
    )  # fmt: skip
    session.flush()
    audit.record(session, moderator.id, "fact_created", "facts:demo", {"cards": len(FACTS) + 1})


def _comments(
    session: Session,
    settings: Settings,
    rng: random.Random,
    now: datetime,
    readers: Sequence[Employee],
    articles: Sequence[tuple[int, str]],
) -> list[NewItem]:
    new = []
    for _ in range(220):
        article_id, title = rng.choice(articles)
        author = rng.choice(readers)
        language, text = _pick(rng)
        at = now - timedelta(minutes=rng.randint(5, 14 * 24 * 60))
        held = (language, text) in ABUSE
        comment = Comment(
            article_id=article_id, author_id=author.id, body=_vary(rng, text), language=language,
            status=CommentStatus.held.value if held else CommentStatus.visible.value,
            status_reason=service.HELD_FOR_REVIEW if held else None, created_at=at,
        )  # fmt: skip
        session.add(comment)
        session.flush()
        new.append(
            NewItem(
                source="intranet", external_id=f"comment-{comment.id}", text=comment.body,
                posted_at=at, author=author.display_name, language=language,
                thread=service.article_thread(session, article_id, title), comment_id=comment.id,
            )
        )  # fmt: skip
    return new


def _mentions(
    session: Session, settings: Settings, rng: random.Random, now: datetime
) -> list[NewItem]:
    new = []
    for n in range(160):
        source = "press" if n % 8 == 0 else "social"
        language, text = _pick(rng)
        at = now - timedelta(minutes=rng.randint(5, 21 * 24 * 60))
        key = f"demo-{n}"
        mention_id = f"{source}:{key}"
        reach = rng.choice([40, 120, 800, 2500, 15000]) * (20 if source == "press" else 1)
        session.add(
            Mention(id=mention_id, day=at.date(), source=source, author_reach=reach,
                    text=_vary(rng, text), brand=OURS)
        )  # fmt: skip
        new.append(
            NewItem(
                source=source, external_id=key, text=_vary(rng, text), posted_at=at,
                author=f"@{source}user{n % 37}", reach=reach, language=language,
                url=f"https://{source}.example/p/{n}", mention_id=mention_id,
            )
        )  # fmt: skip
    session.flush()
    return new


def _ceo_post(session: Session, settings: Settings, rng: random.Random, now: datetime) -> datetime:
    """The CEO's post 30 hours ago, a quiet baseline at that hour in earlier weeks, and a spike
    of reactions in the hour after it."""
    posted = (now - timedelta(hours=30)).replace(minute=0, second=0, microsecond=0)
    thread = Thread(
        source="social", external_id="ceo-townhall", title="CEO: our way to hybrid work",
        url="https://social.example/ceo/townhall", executive=True, posted_at=posted,
    )  # fmt: skip
    session.add(thread)
    session.flush()
    items = []
    for week in range(1, 9):
        for n in range(rng.randint(0, 2)):
            at = posted - timedelta(weeks=week) + timedelta(minutes=rng.randint(0, 59))
            items.append((f"ceo-base-{week}-{n}", at))
    for n in range(45):
        items.append((f"ceo-{n}", posted + timedelta(minutes=rng.randint(1, 59))))
    new = []
    for key, at in items:
        language, text = rng.choice(CEO_REACTIONS)
        mention_id = f"social:{key}"
        session.add(Mention(id=mention_id, day=at.date(), source="social", author_reach=900,
                            text=text, brand=OURS))  # fmt: skip
        new.append(
            NewItem(source="social", external_id=key, text=_vary(rng, text), posted_at=at,
                    author=f"@colleague{len(new) % 53}", reach=900, language=language,
                    thread=thread, mention_id=mention_id)
        )  # fmt: skip
    session.flush()
    service.add_items(session, settings, new, service.understanding_topics(session))
    return posted


def _work_the_inbox(
    session: Session,
    settings: Settings,
    rng: random.Random,
    crew: Sequence[Employee],
) -> None:
    """The team's earlier shifts: some criticism answered (by turns, per team), abuse hidden,
    one hiding of criticism waiting for a second approval, some items assigned."""
    moderator = crew[0]
    open_items = service.list_items(session, service.ItemFilter(status="open", limit=300))
    answered = hidden = asked = 0
    for item in open_items:
        labels = set(item.labels)
        if "abuse" in labels and hidden < 3:
            service.hide(session, moderator, item.id, HideReason.abuse, False)
            hidden += 1
        elif "criticism" in labels and not item.executive_thread and answered < ANSWERED:
            team = TEAMS[answered % len(TEAMS)]
            body = ReplyCreate(body=_answer(item.language), team=team)
            who = crew[(answered // len(TEAMS)) % len(crew)]
            made = replies.reply(session, settings, who, item.id, body)
            _answered_after(session, item.id, made.id, timedelta(minutes=rng.randint(20, 1800)))
            answered += 1
        elif "criticism" in labels and asked < 1 and item.source != "intranet":
            service.hide(session, moderator, item.id, HideReason.privacy, True)
            asked += 1
        elif "question" in labels and rng.random() < 0.1:
            service.assign(session, moderator, item.id, moderator.id, "hr")


def _answered_after(session: Session, item_id: int, reply_id: int, delay: timedelta) -> None:
    """Earlier shifts answered within hours of the post, not at the moment of seeding."""
    item = service.get_item(session, item_id)
    at = min(item.posted_at + delay, item.created_at)
    item.first_response_at = item.closed_at = at
    reply = session.get(Reply, reply_id)
    if reply is not None:
        reply.created_at = reply.sent_at = at
    session.flush()


def _answer(language: str) -> str:
    if language == "de":
        return "Danke für die Frage. Hier die Fakten: Details stehen auf der Intranetseite."
    return "Thanks for asking. Here are the facts: the details are on the intranet page."
