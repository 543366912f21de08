"""The facts-and-figures library: cards with a statement per language, figures, a source, an
owner and a validity; the composer's suggestions are the cards closest in meaning to an item."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import numpy as np
from sqlalchemy.orm import Session

from coffeemug.db import utcnow
from coffeemug.errors import NotFound, ValidationFailed
from coffeemug.listening import audit, repository
from coffeemug.listening.models import FactCard, Item
from coffeemug.listening.schemas import FactCreate, FactRead, Suggestion
from coffeemug.people.models import Employee
from coffeemug.text.embeddings import Encoder, from_bytes, to_bytes

SUGGESTIONS = 3


def fact_read(card: FactCard, today: date) -> FactRead:
    return FactRead(
        id=card.id,
        title=card.title,
        statements=dict(card.statements),
        languages=sorted(card.statements),
        figures=card.figures,
        source_url=card.source_url,
        owner=card.owner,
        topic_id=card.topic_id,
        valid_until=card.valid_until,
        expired=is_expired(card, today),
    )


def is_expired(card: FactCard, today: date) -> bool:
    return card.valid_until is not None and card.valid_until < today


def card_text(card: FactCard, language: str) -> str:
    """The card's statement in ``language``, else English, else whichever it has."""
    for lang in (language, "en", *sorted(card.statements)):
        if lang in card.statements:
            return card.statements[lang]
    return ""


def _embedding_text(data: FactCreate | FactCard) -> str:
    return ". ".join([data.title, *data.statements.values(), data.figures])


def save_fact(
    session: Session,
    actor: Employee,
    data: FactCreate,
    encoder: Encoder,
    fact_id: int | None = None,
) -> FactRead:
    """Create a card, or replace one's content (the audit log keeps that it changed)."""
    card = FactCard() if fact_id is None else session.get(FactCard, fact_id)
    if card is None:
        raise NotFound(f"fact card {fact_id} not found")
    card.title = data.title
    card.statements = {str(k): v for k, v in data.statements.items()}
    card.figures, card.source_url, card.owner = data.figures, data.source_url, data.owner
    card.topic_id, card.valid_until = data.topic_id, data.valid_until
    card.embedding = to_bytes(encoder.encode([_embedding_text(data)])[0])
    if fact_id is None:
        session.add(card)
    session.flush()
    action = "fact_created" if fact_id is None else "fact_changed"
    audit.record(session, actor.id, action, f"fact:{card.id}", {"title": card.title})
    return fact_read(card, utcnow().date())


def list_facts(session: Session) -> list[FactRead]:
    today = utcnow().date()
    return [fact_read(c, today) for c in repository.list_facts(session)]


def suggest(session: Session, item: Item, encoder: Encoder) -> list[Suggestion]:
    """The valid cards closest in meaning to the item, with their text in its language."""
    today = utcnow().date()
    cards = [c for c in repository.list_facts(session) if c.embedding and not is_expired(c, today)]
    if not cards:
        return []
    matrix = np.vstack([from_bytes(c.embedding) for c in cards])
    if matrix.shape[1] != encoder.dim:
        return []
    scores = matrix @ encoder.encode([item.text])[0]
    order = np.argsort(-scores)[:SUGGESTIONS]
    return [
        Suggestion(
            fact=fact_read(cards[i], today),
            score=round(float(scores[i]), 4),
            text=card_text(cards[i], item.language),
        )
        for i in order
    ]


def checked_facts(session: Session, fact_ids: Sequence[int]) -> list[FactCard]:
    """The cards a reply cites; an unknown or expired one refuses the reply (422)."""
    found = repository.facts_by_id(session, fact_ids)
    missing = [i for i in fact_ids if i not in found]
    if missing:
        raise ValidationFailed(f"fact_ids: no fact card {missing[0]}", field="fact_ids")
    today = utcnow().date()
    for fact_id in fact_ids:
        card = found[fact_id]
        if is_expired(card, today):
            raise ValidationFailed(
                f"fact_ids: fact card {card.id} ({card.title!r}) expired on "
                f"{card.valid_until}; update it before citing it",
                field="fact_ids",
                rule="fact_card_expired",
            )
    return [found[i] for i in fact_ids]
