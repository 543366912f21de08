"""Article pictures: uploaded on the desk with required alt text, resized on the server,
shown on the reader's card and served only to those who may read the article."""

from __future__ import annotations

import io
from pathlib import Path

from fastapi.testclient import TestClient
from PIL import Image
from sqlalchemy.orm import Session

from coffeemug.content.models import ArticleStatus
from coffeemug.pictures.models import ArticlePicture
from coffeemug.pictures.service import MAX_WIDTH
from factories import identity
from web.client_tools import sign_in, token_of
from web.newsroom import Newsroom


def _png(width: int, height: int) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), (200, 120, 40)).save(out, "PNG")
    return out.getvalue()


def _upload(client: TestClient, article_id: int, data: bytes, alt: str):  # type: ignore[no-untyped-def]
    token = token_of(client.get(f"/desk/{article_id}/edit").text)
    return client.post(
        f"/desk/{article_id}/picture",
        data={"csrf_token": token, "alt": alt},
        files={"picture": ("photo.png", data, "image/png")},
        follow_redirects=False,
    )


def test_upload_resizes_requires_alt_and_shows_on_the_card(
    client: TestClient, room: Newsroom, session: Session, tmp_path: Path
) -> None:
    client.app.state.settings.picture_folder = str(tmp_path)  # type: ignore[attr-defined]
    article = room.articles[0]
    sign_in(client, "editor-1")
    assert 'id="picture-form"' in client.get(f"/desk/{article.id}/edit").text
    refused = _upload(client, article.id, _png(3000, 2000), "  ")
    assert refused.headers["location"].endswith("picture_error=alt")
    assert session.get(ArticlePicture, article.id) is None
    bad = _upload(client, article.id, b"not an image", "Solar panels on a roof")
    assert bad.headers["location"].endswith("picture_error=picture")

    saved = _upload(client, article.id, _png(3000, 2000), "Solar panels on a factory roof")
    assert saved.headers["location"].endswith("picture=saved")
    session.expire_all()
    row = session.get(ArticlePicture, article.id)
    assert row is not None and (row.width, row.height) == (MAX_WIDTH, 933)
    stored = Image.open(tmp_path / row.key)
    assert stored.format == "JPEG" and stored.size == (MAX_WIDTH, 933)

    sign_in(client, "demo-0001")
    feed = client.get("/").text
    assert 'alt="Solar panels on a factory roof"' in feed and f"/pictures/{article.id}?v=" in feed
    served = client.get(f"/pictures/{article.id}")
    assert served.status_code == 200 and served.headers["content-type"] == "image/jpeg"
    api = client.get("/api/feed", headers=identity(room.reader)).json()
    item = next(i for i in api["items"] if i["article_id"] == article.id)
    assert item["picture"]["alt"] == "Solar panels on a factory roof"
    assert item["author"] == "Eva Editor" and item["reading_minutes"] == 1


def test_a_draft_picture_is_not_served_to_readers(
    client: TestClient, room: Newsroom, session: Session, tmp_path: Path
) -> None:
    client.app.state.settings.picture_folder = str(tmp_path)  # type: ignore[attr-defined]
    article = room.articles[1]
    sign_in(client, "editor-1")
    _upload(client, article.id, _png(200, 100), "A charging station")
    article.status = ArticleStatus.draft.value
    session.flush()
    sign_in(client, "demo-0001")
    assert client.get(f"/pictures/{article.id}").status_code == 404
    assert client.get(f"/pictures/{room.articles[2].id}").status_code == 404  # no picture
