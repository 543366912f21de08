"""'My Coffee Mug': preferences and onboarding, what the feed learned, reset and export."""

from __future__ import annotations

import json
from typing import Any
from zoneinfo import available_timezones

from fastapi import APIRouter, Depends, Request, Response
from fastapi.responses import RedirectResponse
from pydantic import ValidationError
from starlette.datastructures import FormData

from coffeemug.access import Audience, allow
from coffeemug.content import service as content
from coffeemug.deps import SessionDep
from coffeemug.errors import ValidationFailed
from coffeemug.feed import service as feed
from coffeemug.i18n import N_
from coffeemug.people import service as people
from coffeemug.people.models import VOLUME_CHOICES, DigestCadence
from coffeemug.people.schemas import PreferencesUpdate
from coffeemug.web import charts, views
from coffeemug.web.i18n import request_language
from coffeemug.web.pages import FormEmployee, PageEmployee, PageRoute
from coffeemug.web.templating import current_employee, render

router = APIRouter(route_class=PageRoute)

# What a field's error says when the schema refuses a value the page's own checks let through.
_FIELD_ERRORS = {
    "volume": N_("Choose one of the amounts."),
    "digest": N_("Choose how often."),
    "followed_topics": N_("Check the topics."),
    "muted_topics": N_("Check the muted topics."),
    "languages": N_("Choose at least one language."),
    "time_zone": N_("Choose a time zone from the list, e.g. Europe/Berlin."),
}

TIME_ZONES = sorted(zone for zone in available_timezones() if "/" in zone)


async def posted(request: Request) -> FormData:
    return await request.form()


def _settings_page(
    request: Request,
    session: SessionDep,
    values: dict[str, Any],
    onboarding: bool,
    errors: dict[str, str] | None = None,
    saved: bool = False,
    status_code: int = 200,
) -> Response:
    lang = request_language(request, current_employee(request))
    topics = sorted(content.list_topics(session), key=lambda t: views.sort_key(t.name(lang), lang))
    return render(
        request,
        "settings.html",
        {
            "topics": topics,
            "values": values,
            "onboarding": onboarding,
            "errors": errors or {},
            "saved": saved,
            "volumes": VOLUME_CHOICES,
            "digests": [d.value for d in DigestCadence],
            "time_zones": TIME_ZONES,
            "default_zone": request.app.state.settings.default_time_zone,
        },
        status_code=status_code,
    )


@router.get("/settings")
@allow(Audience.employee)
def settings_page(request: Request, session: SessionDep, employee: PageEmployee) -> Response:
    prefs = people.get_preferences(session, employee)
    values = {
        "followed_topics": list(prefs.followed_topics),
        "muted_topics": list(prefs.muted_topics),
        "volume": prefs.volume,
        "digest": prefs.digest,
        "languages": list(prefs.languages),
        "time_zone": prefs.time_zone or "",
    }
    return _settings_page(
        request,
        session,
        values,
        onboarding=not prefs.onboarded,
        saved=request.query_params.get("saved") == "1",
    )


def _volume(raw: str) -> int | None:
    return None if raw in ("", "all") else int(raw) if raw.isdigit() else -1


@router.post("/settings")
@allow(Audience.employee)
def save_settings(
    request: Request,
    session: SessionDep,
    employee: FormEmployee,
    form: FormData = Depends(posted),
) -> Response:
    prefs = people.get_preferences(session, employee)
    onboarding = not prefs.onboarded
    mandatory = set(people.mandatory_topics(session))
    # Locked checkboxes are disabled in the page and so never sent: mandatory stays followed.
    followed = list(dict.fromkeys([*form.getlist("followed_topics"), *sorted(mandatory)]))
    values: dict[str, Any] = {
        "followed_topics": followed,
        "muted_topics": [t for t in form.getlist("muted_topics") if isinstance(t, str)],
        "volume": _volume(str(form.get("volume", "7"))),
        "digest": str(form.get("digest", "weekly")),
        "languages": [v for v in form.getlist("languages") if isinstance(v, str)],
        "time_zone": str(form.get("time_zone", "")).strip(),
    }
    errors: dict[str, str] = {}
    if onboarding and form.get("skip") != "1" and not set(followed) - mandatory:
        errors["followed_topics"] = N_("Pick at least one topic, or skip this step.")
    if not values["languages"]:
        errors["languages"] = N_("Choose at least one language.")
    if set(values["followed_topics"]) & set(values["muted_topics"]):
        errors["muted_topics"] = N_("A topic cannot be followed and muted at the same time.")
    if not errors:
        try:
            data = PreferencesUpdate(
                **{**values, "time_zone": values["time_zone"] or None}, onboarded=True
            )
            # A savepoint, so a refusal halfway leaves the stored preferences as they were.
            with session.begin_nested():
                people.update_preferences(session, employee, data)
        except ValidationError as exc:
            for err in exc.errors():
                name = str(err["loc"][0]) if err["loc"] else "form"
                errors.setdefault(name, _FIELD_ERRORS.get(name, N_("Check your input.")))
        except ValidationFailed as exc:
            name = str(exc.extra.get("field", "followed_topics"))
            errors[name] = exc.detail
    if errors:
        return _settings_page(request, session, values, onboarding, errors, status_code=422)
    target = "/?welcome=1" if onboarding else "/settings?saved=1"
    return RedirectResponse(target, status_code=303)


@router.get("/me/learned")
@allow(Audience.employee)
def learned_page(request: Request, session: SessionDep, employee: PageEmployee) -> Response:
    lang = request_language(request, employee)
    learned = feed.get_learned(session, employee, language=lang)
    names = {t.id: t.name(lang) for t in content.list_topics(session)}
    rows = [(names.get(a.topic, a.name), a.affinity, a.words) for a in learned.topics]
    return render(
        request,
        "learned.html",
        {
            "learned": learned,
            "rows": rows,
            "chart": charts.affinity_bars([(name, value) for name, value, _ in rows]),
            "was_reset": request.query_params.get("reset") == "1",
        },
    )


@router.post("/me/reset")
@allow(Audience.employee)
def reset(session: SessionDep, employee: FormEmployee) -> Response:
    feed.reset_learned(session, employee)
    return RedirectResponse("/me/learned?reset=1", status_code=303)


@router.get("/me/export")
@allow(Audience.employee)
def export(session: SessionDep, employee: PageEmployee) -> Response:
    data = people.export(session, employee)
    body = json.dumps(data.model_dump(mode="json"), ensure_ascii=False, indent=2)
    return Response(
        body,
        media_type="application/json",
        headers={"Content-Disposition": 'attachment; filename="my-coffee-mug-data.json"'},
    )
