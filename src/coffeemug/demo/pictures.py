"""Pictures for some demo articles: simple drawn illustrations, so cards show how a picture
looks (deterministic: the same seed draws the same pictures)."""

from __future__ import annotations

import io
import random
from collections.abc import Sequence

from PIL import Image, ImageDraw
from sqlalchemy.orm import Session

from coffeemug.pictures.service import attach
from coffeemug.pictures.storage import PictureStorage

# One article in this many gets a picture.
EVERY = 3
_PALETTE = ((11, 110, 105), (194, 119, 45), (46, 88, 140), (120, 70, 150), (60, 130, 70))


def _drawing(rng: random.Random) -> bytes:
    """A landscape of soft shapes on a coloured ground, as a PNG (the upload resizes it)."""
    base = rng.choice(_PALETTE)
    image = Image.new("RGB", (960, 540), base)
    draw = ImageDraw.Draw(image)
    for _ in range(6):
        x, y, r = rng.randrange(0, 960), rng.randrange(0, 540), rng.randrange(60, 220)
        shade = tuple(min(255, c + rng.randrange(30, 110)) for c in base)
        draw.ellipse((x - r, y - r, x + r, y + r), fill=shade)
    draw.rectangle((0, 430, 960, 540), fill=tuple(max(0, c - 40) for c in base))
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def seed_pictures(
    session: Session,
    storage: PictureStorage,
    articles: Sequence[tuple[int, str, str]],
    seed: int,
) -> int:
    """Give every ``EVERY``-th article (id, title, language) a drawn picture; returns how many."""
    rng = random.Random(f"{seed}:pictures")
    done = 0
    for number, (article_id, title, language) in enumerate(articles):
        if number % EVERY:
            continue
        alt = f"Illustration zu „{title}“" if language == "de" else f"Illustration for “{title}”"
        attach(session, storage, article_id, _drawing(rng), alt[:300])
        done += 1
    return done
