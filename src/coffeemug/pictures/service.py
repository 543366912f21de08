"""Attaching a picture to an article (resized server-side) and finding the pictures of many."""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass

from PIL import Image, ImageOps, UnidentifiedImageError
from sqlalchemy import select
from sqlalchemy.orm import Session

from coffeemug.db import utcnow
from coffeemug.errors import ValidationFailed
from coffeemug.pictures.models import ArticlePicture
from coffeemug.pictures.storage import PictureStorage

# Cards are at most about 700 px wide; twice that stays sharp on dense screens.
MAX_WIDTH = 1400
MAX_HEIGHT = 1400
MAX_UPLOAD_BYTES = 10 * 1024 * 1024
# Decompression bombs: refuse images with more pixels than a large camera photo.
MAX_PIXELS = 40_000_000
MAX_ALT = 300


@dataclass(frozen=True)
class PictureInfo:
    url: str
    alt: str
    width: int
    height: int


def attach(
    session: Session, storage: PictureStorage, article_id: int, data: bytes, alt: str
) -> PictureInfo:
    """Resize the uploaded image (JPEG, at most MAX_WIDTH x MAX_HEIGHT, turned upright) and
    make it the article's picture; ``alt`` (what it shows) is required."""
    alt = alt.strip()
    if not alt:
        raise ValidationFailed("describe the picture for people who cannot see it", field="alt")
    if len(alt) > MAX_ALT:
        raise ValidationFailed(f"at most {MAX_ALT} characters", field="alt")
    if not data:
        raise ValidationFailed("choose a picture file", field="picture")
    if len(data) > MAX_UPLOAD_BYTES:
        raise ValidationFailed("the picture is larger than 10 MB", field="picture")
    resized, width, height = _resized(data)
    key = f"article-{article_id}-{int(utcnow().timestamp())}.jpg"
    row = session.get(ArticlePicture, article_id)
    old = row.key if row is not None else None
    storage.save(key, resized)
    if row is None:
        row = ArticlePicture(article_id=article_id)
        session.add(row)
    row.key, row.alt, row.width, row.height, row.updated_at = key, alt, width, height, utcnow()
    session.flush()
    if old and old != key:
        storage.delete(old)
    return _info(row)


def _resized(data: bytes) -> tuple[bytes, int, int]:
    try:
        with Image.open(io.BytesIO(data)) as image:
            if image.width * image.height > MAX_PIXELS:
                raise ValidationFailed("the picture has too many pixels", field="picture")
            image = ImageOps.exif_transpose(image).convert("RGB")
            image.thumbnail((MAX_WIDTH, MAX_HEIGHT), Image.Resampling.LANCZOS)
            out = io.BytesIO()
            image.save(out, "JPEG", quality=82, optimize=True, progressive=True)
            return out.getvalue(), image.width, image.height
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError) as exc:
        raise ValidationFailed("not a picture file we can read", field="picture") from exc


def _info(row: ArticlePicture) -> PictureInfo:
    version = int(row.updated_at.timestamp())
    return PictureInfo(f"/pictures/{row.article_id}?v={version}", row.alt, row.width, row.height)


def pictures_of(session: Session, article_ids: Sequence[int]) -> dict[int, PictureInfo]:
    """The pictures of those articles that have one."""
    if not article_ids:
        return {}
    rows = session.scalars(
        select(ArticlePicture).where(ArticlePicture.article_id.in_(list(article_ids)))
    )
    return {row.article_id: _info(row) for row in rows}


def picture_file(session: Session, storage: PictureStorage, article_id: int) -> bytes | None:
    """The stored JPEG of an article's picture (the caller checks who may see the article)."""
    row = session.get(ArticlePicture, article_id)
    return None if row is None else storage.load(row.key)
