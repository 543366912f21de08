"""Advocacy: the share composer, tracked links, the guideline check, the coach, outcomes, team
goals and private badges. Services only ``flush()``; the caller owns the transaction."""

from __future__ import annotations

import re
import secrets
import uuid
from collections.abc import Sequence
from datetime import datetime
from urllib.parse import urlencode

from sqlalchemy.orm import Session

from coffeemug.advocacy import coach as coaching
from coffeemug.advocacy import guidelines, networks, repository, starters
from coffeemug.advocacy.models import GuidelineRule, Share
from coffeemug.advocacy.schemas import (
    CoachRead,
    NetworkRead,
    RuleCreate,
    ShareCreate,
    ShareCreated,
    ShareKit,
    ShareRead,
    TipRead,
    ViolationRead,
)
from coffeemug.content import service as content
from coffeemug.content.models import Article, ArticleStatus
from coffeemug.db import utcnow
from coffeemug.errors import CoffeeMugError, Conflict, NotFound, ValidationFailed
from coffeemug.events import service as events
from coffeemug.events.models import Channel, EventType
from coffeemug.events.schemas import EventCreate
from coffeemug.i18n import gettext
from coffeemug.people.models import Employee
from coffeemug.settings import Settings
from coffeemug.text.embeddings import Encoder
from coffeemug.text.understanding.language import detect

DEFAULT_CAMPAIGN = "advocacy"
# How close a draft may come to a suggested caption before the composer nudges.
UNCHANGED_SIMILARITY = 0.97


class GuidelineBlocked(CoffeeMugError):
    """The post breaks a blocking rule of the business conduct guidelines."""

    status = 422
    kind = "blocked_by_guidelines"


class Unchanged(CoffeeMugError):
    """A suggested caption posted unchanged: the employee is nudged to make it their own."""

    status = 409
    kind = "unchanged_caption"


# ---- articles that may be shared


def publicly_shareable(article: Article, now: datetime) -> bool:
    """Marked shareable, published, live and targeted at everyone (language aside): only such
    an article has a public page."""
    return (
        article.shareable
        and article.status == ArticleStatus.published
        and article.publish_at <= now
        and (article.expires_at is None or article.expires_at > now)
        and not article.audience_regions
        and not article.audience_business_units
    )


def public_article(session: Session, article_id: int) -> Article:
    """The article of a public page; unknown, private or expired ones answer 404. Crisis mode
    does not take a public page down: links already posted keep working."""
    try:
        article = content.get_article(session, article_id)
    except NotFound:
        raise NotFound(f"article {article_id} not found") from None
    if not publicly_shareable(article, utcnow()):
        raise NotFound(f"article {article_id} not found")
    return article


def paused_topics(session: Session, article: Article) -> list[str]:
    """The article's topics in crisis mode (its shares pause)."""
    crisis = content.topic_ids_in_crisis(session)
    return sorted(t.id for t in article.topics if t.id in crisis)


def _shareable_for(session: Session, employee: Employee, article_id: int) -> Article:
    article = content.get_article_for(session, employee, article_id)
    if not publicly_shareable(article, utcnow()):
        raise Conflict(f"article {article_id} cannot be shared: it is not public and live")
    return article


def disclosure(settings: Settings, language: str) -> str:
    return settings.share_disclosure.get(language, "") if settings.share_disclosure else ""


def share_kit(
    session: Session, employee: Employee, article_id: int, language: str, settings: Settings
) -> ShareKit:
    article = _shareable_for(session, employee, article_id)
    coaching.warm_up()  # the composer opens: the coach will be asked in a moment
    names = [t.name(language) for t in article.topics]
    return ShareKit(
        article_id=article.id,
        title=article.title,
        summary=article.summary,
        language=language,
        starters=starters.caption_starters(article.title, article.summary, language),
        hashtags=starters.hashtags(names),
        disclosure=disclosure(settings, language),
        networks=[
            NetworkRead(
                name=spec.name,
                label=gettext(language, spec.label),
                limit=spec.limit,
                good_length=spec.good_length,
            )
            for spec in networks.NETWORKS.values()
        ],
        paused=bool(paused_topics(session, article)),
    )


# ---- guidelines


def rule_set(session: Session) -> list[guidelines.Rule]:
    return [
        guidelines.Rule(r.id, r.kind, r.language, r.value, r.severity, r.clause, r.clause_url)
        for r in repository.rules(session)
    ]


def list_rules(session: Session) -> Sequence[GuidelineRule]:
    return repository.rules(session)


def save_rule(session: Session, data: RuleCreate) -> tuple[GuidelineRule, bool]:
    """Add a rule, or update the one with the same kind, language and value; (rule, created)."""
    if data.kind == "detector" and data.value not in guidelines.DETECTORS:
        known = ", ".join(sorted(guidelines.DETECTORS))
        raise ValidationFailed(f"value: unknown detector '{data.value}' (one of {known})")
    rule = repository.rule_by_key(session, data.kind, data.language, data.value)
    created = rule is None
    if rule is None:
        rule = GuidelineRule(kind=data.kind, language=data.language, value=data.value)
        session.add(rule)
    rule.severity = data.severity
    rule.clause = data.clause
    rule.clause_url = data.clause_url
    session.flush()
    return rule, created


def import_rules(session: Session, rules: Sequence[RuleCreate]) -> tuple[int, int]:
    """Save every rule (all or nothing: the caller's transaction); (created, updated)."""
    created = 0
    for data in rules:
        created += save_rule(session, data)[1]
    return created, len(rules) - created


def delete_rule(session: Session, rule_id: int) -> None:
    if not repository.delete_rule(session, rule_id):
        raise NotFound(f"rule {rule_id} not found")


def violations_read(found: Sequence[guidelines.Violation]) -> list[ViolationRead]:
    return [ViolationRead.model_validate(v, from_attributes=True) for v in found]


# ---- the coach


def post_language(text: str, fallback: str) -> str:
    found = detect(text)
    return found if found in ("de", "en") else fallback


def _references(article: Article | None, language: str) -> list[str]:
    if article is None:
        return []
    head = f"{article.title}. {article.summary}"
    return [
        head,
        article.body[:2000],
        *starters.caption_starters(article.title, article.summary, language),
    ]


def coach_post(
    session: Session,
    text: str,
    network: str,
    language: str,
    *,
    encoder: Encoder,
    text_language: str | None = None,
    article: Article | None = None,
    link_added: bool = False,
) -> CoachRead:
    """Score a draft, tips in ``language``; guideline violations in the text's language."""
    written_in = text_language or post_language(text, language)
    result = coaching.coach(
        text,
        network,
        language,
        references=_references(article, written_in),
        encoder=encoder,
        link_added=link_added,
    )
    found = guidelines.check(text, written_in, rule_set(session))
    return CoachRead(
        score=result.score,
        language=language,
        tips=[TipRead(code=t.code, message=t.message, reason=t.reason) for t in result.tips],
        passed=result.passed,
        violations=violations_read(found),
    )


def coach_for(
    session: Session,
    employee: Employee,
    text: str,
    network: str,
    language: str,
    article_id: int | None,
    encoder: Encoder,
) -> CoachRead:
    article = content.get_article_for(session, employee, article_id) if article_id else None
    return coach_post(
        session,
        text,
        network,
        language,
        encoder=encoder,
        article=article,
        link_added=article is not None,
    )


# ---- the composer


def compose(text: str, disclosure_line: str) -> str:
    """The post as it goes out: the draft, then the disclosure line unless already there."""
    body = text.strip()
    if disclosure_line and disclosure_line.lower() not in body.lower():
        body = f"{body}\n\n{disclosure_line}"
    return body


def new_token() -> str:
    """128 random bits, URL-safe: unguessable, and derived from nothing about the employee."""
    return secrets.token_urlsafe(16)


def _check_unchanged(text: str, suggested: Sequence[str], encoder: Encoder) -> None:
    _, similarity = coaching.copied_from(text, suggested, encoder)
    plain = re.sub(r"\s+", " ", coaching.HASHTAG.sub("", text)).strip().lower()
    same = any(plain == re.sub(r"\s+", " ", s).strip().lower() for s in suggested)
    if same or similarity >= UNCHANGED_SIMILARITY:
        raise Unchanged(
            "text: this is a suggested caption unchanged; say it in your own words, or send "
            "confirm_unchanged to post it as it is"
        )


def _check_length(network: str, post: str, link: str) -> None:
    spec = networks.NETWORKS[network]
    length = networks.post_length(network, post, link)
    if length > spec.limit:
        raise ValidationFailed(
            f"text: {length} characters with the disclosure line and link; "
            f"{spec.name} allows {spec.limit}",
            field="text",
            limit=spec.limit,
            length=length,
        )


def create_share(
    session: Session,
    employee: Employee,
    data: ShareCreate,
    *,
    language: str,
    settings: Settings,
    encoder: Encoder,
) -> ShareCreated:
    """Check and store a share; answer its tracked link, the intent URL and the coach's view.

    Refused: an article the employee may not see (404) or that is not public (409), a topic in
    crisis mode (409), a suggested caption unchanged without confirmation (409), a post over
    the network's limit (422) or breaking a blocking guideline (422).
    """
    if not data.text.strip():
        raise ValidationFailed("text: write the post first", field="text")
    article = _shareable_for(session, employee, data.article_id)
    paused = paused_topics(session, article)
    if paused:
        raise Conflict(
            f"sharing paused: the topic {', '.join(paused)} is in crisis mode", topics=paused
        )
    written_in = post_language(data.text, language)
    if not data.confirm_unchanged:
        # The starters as the composer offered them (its language) and in the post's language.
        suggested = [
            starter
            for lang in dict.fromkeys((language, written_in))
            for starter in starters.caption_starters(article.title, article.summary, lang)
        ]
        _check_unchanged(data.text, suggested, encoder)
    post = compose(data.text, disclosure(settings, written_in))
    token = new_token()
    path = f"/s/{token}"
    link = settings.public_url.rstrip("/") + path
    _check_length(data.network, post, link)
    found = guidelines.check(post, written_in, rule_set(session))
    if guidelines.blocked(found):
        raise GuidelineBlocked(
            "text: the post breaks the business conduct guidelines; see violations",
            violations=[v.model_dump(mode="json") for v in violations_read(found)],
        )
    review = coach_post(
        session,
        data.text,
        data.network,
        language,
        encoder=encoder,
        text_language=written_in,
        article=article,
        link_added=True,
    )
    campaign = repository.campaign_name(session, article.campaign_id) or DEFAULT_CAMPAIGN
    share = Share(
        token=token,
        employee_id=employee.id,
        article_id=article.id,
        network=data.network,
        text=post,
        language=written_in,
        business_unit=employee.business_unit,
        campaign=campaign[:200],
        coach_score=review.score,
    )
    repository.add(session, share)
    _record_shared(session, employee, article.id, settings)
    return ShareCreated(
        id=share.id,
        url=path,
        link=link,
        post=f"{post}\n{link}",
        intent_url=networks.intent_url(data.network, post, link),
        checks=violations_read(found),
        coach=review,
    )


def _record_shared(
    session: Session, employee: Employee, article_id: int, settings: Settings
) -> None:
    """The share teaches the feed and counts in analytics like the card's share button."""
    event = EventCreate(
        id=uuid.uuid4(),
        type=EventType.article_shared,
        article_id=article_id,
        occurred_at=utcnow(),
        channel=Channel.intranet,
    )
    events.ingest_for(session, employee, [event], settings)


# ---- tracked links


def utm_target(article_id: int, network: str, campaign: str) -> str:
    """The public page with UTM parameters naming the network and campaign, never the person."""
    query = urlencode(
        {
            "utm_source": network,
            "utm_medium": "social",
            "utm_campaign": campaign,
            "utm_content": "employee_share",
        }
    )
    return f"/p/{article_id}?{query}"


# The networks fetch a posted link to build its preview card; such fetches are not clicks.
# (Matched case-insensitively in the User-Agent header, which is read, never stored.)
LINK_PREVIEW_AGENTS = (
    "facebookexternalhit",
    "facebot",
    "twitterbot",
    "linkedinbot",
    "slackbot",
    "whatsapp",
    "telegrambot",
    "discordbot",
    "skypeuripreview",
    "googlebot",
    "bingbot",
    "pinterest",
)


def is_link_preview(user_agent: str | None) -> bool:
    agent = (user_agent or "").lower()
    return any(name in agent for name in LINK_PREVIEW_AGENTS)


def possible_token(token: str) -> bool:
    """Whether ``token`` could be one we issued (printable ASCII, at most 64 characters): any
    other is unknown without asking the database."""
    return 0 < len(token) <= 64 and token.isascii() and token.isprintable() and "/" not in token


def follow_links(
    session: Session, clicks: Sequence[tuple[str, bool]], now: datetime | None = None
) -> list[str | None]:
    """Record clicks on tracked links, given as (token, counted), and answer where each leads
    (None: no such link). Clicks by many visitors at once are stored in one transaction.

    Stores each counted click (share and time) and one ``share_clicked`` event on the social
    channel with the network, and nothing about the visitor: no IP address, no cookie, no user
    agent. A click not counted (a network fetching the link for its preview card) stores nothing.
    """
    targets = repository.link_targets(session, {t for t, _ in clicks if possible_token(t)})
    counted = [targets[token] for token, count in clicks if count and token in targets]
    if counted:
        now = now or utcnow()
        repository.relax_durability(session)
        repository.add_clicks(session, [share_id for share_id, _, _, _ in counted], now)
        rows = [
            events.anonymous_event_row(
                event_type=EventType.share_clicked,
                article_id=article_id,
                channel=Channel.social,
                occurred_at=now,
                properties={"network": network},
            )
            for _, article_id, network, _ in counted
        ]
        events.store_rows(session, rows)
    found = (targets.get(token) for token, _ in clicks)
    return [None if t is None else utm_target(t[1], t[2], t[3]) for t in found]


# ---- the employee's own outcomes


def my_shares(session: Session, employee: Employee) -> list[ShareRead]:
    return [
        ShareRead(
            id=s.id,
            article_id=s.article_id,
            title=title,
            network=s.network,
            text=s.text,
            url=f"/s/{s.token}",
            coach_score=s.coach_score,
            clicks=clicks,
            created_at=s.created_at,
        )
        for s, title, clicks in repository.shares_of(session, employee.id)
    ]


def export_shares(session: Session, employee: Employee) -> list[dict[str, object]]:
    """The employee's shares with their clicks (for their data export)."""
    return [s.model_dump(mode="json") for s in my_shares(session, employee)]


def my_share(session: Session, employee: Employee, share_id: int) -> ShareRead:
    """One of the employee's own shares; anyone else's answers exactly as an unknown id."""
    for share in my_shares(session, employee):
        if share.id == share_id:
            return share
    raise NotFound(f"share {share_id} not found")


def clicks_over_time(session: Session, employee: Employee) -> list[tuple[str, int]]:
    """Clicks on the employee's shares per ISO week, oldest first."""
    weeks: dict[str, int] = {}
    for moment in repository.clicks_by_week(session, employee.id):
        year, week, _ = moment.isocalendar()
        key = f"{year}-W{week:02d}"
        weeks[key] = weeks.get(key, 0) + 1
    return sorted(weeks.items())
