"""Where e-mail links lead: tracked article links and the one-click unsubscribe.

Both work without a sign-in: the link itself is signed (``mail.links``) and names the employee
it was sent to. Changes are committed before the answer goes out.
"""

from __future__ import annotations

from fastapi import APIRouter, Request, Response
from fastapi.responses import PlainTextResponse, RedirectResponse

from coffeemug.access import Audience, allow
from coffeemug.deps import SessionDep, SettingsDep, run_and_commit
from coffeemug.mail import links
from coffeemug.mail import service as mail
from coffeemug.web.pages import PageRoute
from coffeemug.web.templating import render

router = APIRouter(route_class=PageRoute)


@router.get("/m/{token}")
@allow(Audience.anyone)  # the signed link is the proof
async def open_link(token: str, session: SessionDep, settings: SettingsDep) -> Response:
    """Record the open on the e-mail channel, then show the article."""
    link = links.read_open(settings, token)
    await run_and_commit(session, lambda: mail.record_open(session, settings, link))
    # The article page records no second (intranet) open for this visit.
    return RedirectResponse(f"/articles/{link.article_id}?via=email", status_code=303)


@router.get("/mail/unsubscribe/{token}")
@allow(Audience.anyone)  # the signed link is the proof
def unsubscribe_page(request: Request, token: str, settings: SettingsDep) -> Response:
    """A confirmation page: a GET (a link scanner, a preview) changes nothing."""
    links.read_unsubscribe(settings, token)
    return render(request, "unsubscribe.html", {"done": False, "token": token})


@router.post("/mail/unsubscribe/{token}")
@allow(Audience.anyone)  # the signed link is the proof
async def unsubscribe(
    request: Request, token: str, session: SessionDep, settings: SettingsDep
) -> Response:
    """Set the digest to never: from the page's button or a mail program's one-click POST
    (RFC 8058), which needs no form token as the signed link is the proof."""
    employee_id = links.read_unsubscribe(settings, token)
    await run_and_commit(session, lambda: mail.unsubscribe(session, employee_id))
    body = await request.body()
    if b"List-Unsubscribe=One-Click" in body:
        return PlainTextResponse("unsubscribed")
    return render(request, "unsubscribe.html", {"done": True, "token": token})
