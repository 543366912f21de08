"""A small newsroom for the page tests and the browser tests: a few topics, people, articles."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from coffeemug.content.models import Article, ArticleStatus, Topic
from coffeemug.db import utcnow
from coffeemug.people.models import Employee, Preferences
from coffeemug.text.embeddings import get_encoder, to_bytes

TOPICS = (
    ("sustainability", "Nachhaltigkeit", "Sustainability", False, True),
    ("digitalization", "Digitalisierung", "Digitalization", False, False),
    ("ai", "Künstliche Intelligenz", "Artificial intelligence", False, False),
    ("healthcare", "Gesundheit", "Healthcare", False, False),
    ("mobility", "Mobilität", "Mobility", False, False),
    ("security", "Sicherheit", "Security", True, False),
)

ARTICLES = (
    ("Solar roofs on every plant by 2030", "sustainability", "en"),
    ("Neue Ladesäulen am Standort Erlangen", "mobility", "de"),
    ("Maintenance reports that write themselves", "ai", "en"),
    ("Digitaler Zwilling spart zwölf Prozent Energie", "digitalization", "de"),
    ("Hospital imaging: three clinics share results", "healthcare", "en"),
    ("Rail signalling goes cloud-native", "mobility", "en"),
    ("Wasserstoff-Pilot im Werk Berlin gestartet", "sustainability", "de"),
    ("Machine learning finds faults before they happen", "ai", "en"),
)


@dataclass
class Newsroom:
    reader: Employee
    outsider: Employee
    editor: Employee
    admin: Employee
    newcomer: Employee
    articles: list[Article] = field(default_factory=list)
    must_read: Article | None = None


def _employee(
    session: Session,
    external_id: str,
    name: str,
    region: str,
    unit: str,
    languages: list[str],
    roles: list[str],
    onboarded: bool = True,
) -> Employee:
    employee = Employee(
        external_id=external_id,
        display_name=name,
        region=region,
        business_unit=unit,
        languages=languages,
        roles=roles,
    )
    session.add(employee)
    session.flush()
    session.add(
        Preferences(
            employee_id=employee.id,
            followed_topics=["sustainability"] if onboarded else [],
            muted_topics=[],
            volume=7,
            digest="weekly",
            languages=languages,
            onboarded=onboarded,
        )
    )
    return employee


def build_newsroom(session: Session, *, onboarded: bool = True) -> Newsroom:
    """Topics, four people (reader in Germany, outsider in the US, editor, admin), eight
    published articles and one must-read for Germany."""
    for slug, de, en, mandatory, default in TOPICS:
        session.add(
            Topic(id=slug, name_de=de, name_en=en, mandatory=mandatory, followed_by_default=default)
        )
    session.flush()
    room = Newsroom(
        reader=_employee(
            session,
            "demo-0001",
            "Anna Becker",
            "DE",
            "Smart Infrastructure",
            ["de", "en"],
            ["reader"],
            onboarded,
        ),
        outsider=_employee(
            session, "demo-0002", "Brian Miller", "US", "Mobility", ["en"], ["reader"], onboarded
        ),
        editor=_employee(
            session,
            "editor-1",
            "Eva Editor",
            "DE",
            "Communications",
            ["de", "en"],
            ["reader", "editor"],
        ),
        newcomer=_employee(
            session, "demo-0003", "Chris Neumann", "DE", "Healthcare", ["de"], ["reader"], False
        ),
        admin=_employee(
            session,
            "admin-1",
            "Adam Admin",
            "DE",
            "Communications",
            ["en", "de"],
            ["reader", "admin"],
        ),
    )
    now = utcnow()
    for i, (title, topic, lang) in enumerate(ARTICLES):
        room.articles.append(
            _article(
                session,
                room.editor,
                title=title,
                summary=f"{title}. A short summary for the feed card.",
                body=f"# {title}\n\nThe **full** story.",
                language=lang,
                topic=topic,
                publish_at=now - timedelta(hours=2 + 5 * i),
            )
        )
    room.must_read = _article(
        session,
        room.editor,
        title="New security rules for site access",
        summary="Badges change on Monday; please read before you come in.",
        body="Everything you need to know.",
        language="en",
        topic="security",
        publish_at=now - timedelta(hours=1),
        must_read=True,
        audience_regions=["DE"],
    )
    session.flush()
    return room


def _article(
    session: Session,
    author: Employee,
    *,
    title: str,
    summary: str,
    body: str,
    language: str,
    topic: str,
    publish_at: datetime,
    must_read: bool = False,
    audience_regions: list[str] | None = None,
) -> Article:
    article = Article(
        title=title,
        summary=summary,
        body=body,
        language=language,
        author_id=author.id,
        status=ArticleStatus.published.value,
        publish_at=publish_at,
        must_read=must_read,
        shareable=True,
        audience_regions=audience_regions or [],
        audience_business_units=[],
        audience_languages=[],
        embedding=to_bytes(get_encoder("hashing").encode([f"{title}. {summary}"])[0]),
    )
    article.topics = [session.get(Topic, topic)]
    session.add(article)
    session.flush()
    return article
