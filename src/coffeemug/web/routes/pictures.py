"""Article pictures: served to those who may read the article, uploaded on the desk."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, Form, Request, Response, UploadFile
from fastapi.responses import RedirectResponse

from coffeemug.access import Audience, allow
from coffeemug.content import service as content
from coffeemug.deps import SessionDep, SettingsDep
from coffeemug.errors import NotFound, ValidationFailed
from coffeemug.fields import DbId, Text
from coffeemug.pictures import service as pictures
from coffeemug.pictures.storage import storage_for
from coffeemug.web.pages import FormEditor, PageEmployee, PageRoute

router = APIRouter(route_class=PageRoute)


@router.get("/pictures/{article_id}")
@allow(Audience.employee)
def picture(
    article_id: DbId, session: SessionDep, settings: SettingsDep, employee: PageEmployee
) -> Response:
    """The article's picture, for whoever may read the article (the same 404 otherwise)."""
    content.get_article_for(session, employee, article_id)
    data = pictures.picture_file(session, storage_for(settings), article_id)
    if data is None:
        raise NotFound(f"article {article_id} has no picture")
    # The URL carries the picture's version, so browsers may keep it; private: per person.
    return Response(
        data, media_type="image/jpeg", headers={"Cache-Control": "private, max-age=604800"}
    )


@router.post("/desk/{article_id}/picture")
@allow(Audience.editor)
async def upload_picture(
    request: Request,
    article_id: DbId,
    session: SessionDep,
    settings: SettingsDep,
    editor: FormEditor,
    picture: Annotated[UploadFile, File(description="A JPEG, PNG or WebP image.")],
    alt: Annotated[Text(300), Form(description="What the picture shows, in words.")] = "",
) -> Response:
    """Make the uploaded image the article's picture (resized on the server)."""
    content.get_article(session, article_id)
    data = await picture.read(pictures.MAX_UPLOAD_BYTES + 1)
    try:
        with session.begin_nested():
            pictures.attach(session, storage_for(settings), article_id, data, alt)
    except ValidationFailed as exc:
        field = str(exc.extra.get("field", "picture"))
        return RedirectResponse(f"/desk/{article_id}/edit?picture_error={field}", status_code=303)
    return RedirectResponse(f"/desk/{article_id}/edit?picture=saved", status_code=303)
