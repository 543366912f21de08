"""The bad inputs of the security review, and more like them, as requests anyone can send.

Each one must be refused with a 4xx (a JSON error on the API, an error page on the pages) or be
stored in a form that every later step handles. ``send`` fills in the ids of a TrustRoom.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, field
from typing import Any

from fastapi.testclient import TestClient
from httpx import Response

from coffeemug.db import utcnow
from trust.trust_room import TrustRoom

HUGE = 3_000_000_000  # beyond a 32-bit INTEGER column
NUL = "\x00"
SURROGATE = "\ud800"


@dataclass(frozen=True)
class BadInput:
    name: str
    method: str
    path: str
    who: str = "admin-1"
    json_body: Any = None
    raw_body: str | bytes | None = None
    content_type: str = "application/json"
    params: dict[str, Any] = field(default_factory=dict)


def _event(**fields: Any) -> dict[str, Any]:
    event: dict[str, Any] = {
        "id": "{uuid}",
        "type": "article_opened",
        "article_id": "{article}",
        "occurred_at": "{now}",
    }
    event.update(fields)
    return {k: v for k, v in event.items() if v is not None}


def _conversion(**fields: Any) -> dict[str, Any]:
    return _event(
        **{"type": "conversion_recorded", "article_id": None, "kind": "meeting_booked", **fields}
    )


def _raw_event(fragment: str) -> str:
    """An event as JSON text with ``fragment`` spliced in (for what json.dumps cannot write)."""
    return (
        '{"id": "{uuid}", "type": "conversion_recorded", "kind": "meeting_booked", '
        f'"occurred_at": "{{now}}", {fragment}}}'
    )


def _article(**fields: Any) -> dict[str, Any]:
    return {"title": "A title", "language": "en", "topics": ["ai"], **fields}


EVENTS = "/api/events"
BAD_INPUTS: list[BadInput] = [
    # Defect 2: accepted once, then broke the rollup, the dashboard or the export.
    BadInput(
        "event time of year 1",
        "POST",
        EVENTS,
        "demo-0001",
        _event(occurred_at="0001-01-01T00:00:00+14:00"),
    ),
    BadInput(
        "event time of year 9999",
        "POST",
        EVENTS,
        "demo-0001",
        _event(occurred_at="9999-12-31T23:59:59-12:00"),
    ),
    BadInput(
        "conversion kind with NUL",
        "POST",
        EVENTS,
        "demo-0001",
        _conversion(kind=f"meeting{NUL}booked"),
    ),
    BadInput(
        "conversion kind of 40 characters", "POST", EVENTS, "demo-0001", _conversion(kind="k" * 40)
    ),
    BadInput(
        "conversion kind of 64 characters", "POST", EVENTS, "demo-0001", _conversion(kind="k" * 64)
    ),
    BadInput(
        "conversion kind as a formula",
        "POST",
        EVENTS,
        "demo-0001",
        _conversion(kind='=HYPERLINK("http://evil.example","x")'),
    ),
    BadInput("conversion value 1e308", "POST", EVENTS, "demo-0001", _conversion(value=1e308)),
    BadInput("conversion value negative", "POST", EVENTS, "demo-0001", _conversion(value=-5)),
    BadInput(
        "conversion value NaN", "POST", EVENTS, "demo-0001", raw_body=_raw_event('"value": NaN')
    ),
    BadInput(
        "conversion value Infinity",
        "POST",
        EVENTS,
        "demo-0001",
        raw_body=_raw_event('"value": Infinity'),
    ),
    BadInput(
        "conversion value -Infinity",
        "POST",
        EVENTS,
        "demo-0001",
        raw_body=_raw_event('"value": -Infinity'),
    ),
    BadInput(
        "impression score NaN",
        "POST",
        EVENTS,
        "demo-0001",
        raw_body='{"id": "{uuid}", "type": "article_impressed", "article_id": {article}, '
        '"occurred_at": "{now}", "score": NaN}',
    ),
    BadInput(
        "dwell Infinity",
        "POST",
        EVENTS,
        "demo-0001",
        raw_body='{"id": "{uuid}", "type": "article_read", "article_id": {article}, '
        '"occurred_at": "{now}", "dwell_seconds": Infinity}',
    ),
    # Defect 3: integers beyond the database's range.
    BadInput("article id beyond 32 bits", "GET", f"/api/articles/{HUGE}", "demo-0001"),
    BadInput("negative article id", "GET", "/api/articles/-1", "demo-0001"),
    BadInput(
        "offset 1e19",
        "GET",
        "/api/articles",
        "demo-0001",
        params={"offset": "10000000000000000000"},
    ),
    BadInput("offset written 1e19", "GET", "/api/articles", "demo-0001", params={"offset": "1e19"}),
    BadInput(
        "campaign filter beyond 32 bits",
        "GET",
        "/api/articles",
        "demo-0001",
        params={"campaign_id": HUGE},
    ),
    BadInput(
        "campaign id beyond 32 bits",
        "POST",
        "/api/articles",
        "editor-1",
        _article(campaign_id=HUGE),
    ),
    BadInput(
        "event article id beyond 32 bits", "POST", EVENTS, "demo-0001", _event(article_id=HUGE)
    ),
    BadInput("event position beyond range", "POST", EVENTS, "demo-0001", _event(position=HUGE)),
    BadInput(
        "score version beyond 32 bits",
        "GET",
        "/api/analytics/overview",
        "analyst-1",
        params={"score_version": HUGE},
    ),
    BadInput(
        "effort article beyond 32 bits",
        "PUT",
        "/api/analytics/efforts",
        "editor-1",
        {"article_id": HUGE, "hours": 1},
    ),
    BadInput(
        "patch of an article beyond 32 bits",
        "PATCH",
        f"/api/articles/{HUGE}",
        "editor-1",
        {"title": "x"},
    ),
    BadInput("delete of an article beyond 32 bits", "DELETE", f"/api/articles/{HUGE}", "editor-1"),
    BadInput(
        "export log offset 1e19",
        "GET",
        "/api/analytics/exports",
        "admin-1",
        params={"offset": "10000000000000000000"},
    ),
    # Defect 3: NUL characters and lone surrogates in text.
    BadInput(
        "article title with NUL",
        "POST",
        "/api/articles",
        "editor-1",
        _article(title=f"Solar{NUL}roofs"),
    ),
    BadInput(
        "article body with NUL", "POST", "/api/articles", "editor-1", _article(body=f"text{NUL}")
    ),
    BadInput(
        "article title with a lone surrogate",
        "POST",
        "/api/articles",
        "editor-1",
        raw_body='{"title": "A \\ud800 title", "language": "en", "topics": ["ai"]}',
    ),
    BadInput(
        "article audience with NUL",
        "POST",
        "/api/articles",
        "editor-1",
        _article(audience_regions=[f"DE{NUL}"]),
    ),
    BadInput(
        "article external id with NUL",
        "POST",
        "/api/articles",
        "editor-1",
        _article(external_id=f"x{NUL}"),
    ),
    BadInput(
        "article update with NUL",
        "PATCH",
        "/api/articles/{article}",
        "editor-1",
        {"summary": f"new{NUL}"},
    ),
    BadInput(
        "topic name with NUL",
        "POST",
        "/api/topics",
        "admin-1",
        {"id": "energy", "name_de": f"Energie{NUL}", "name_en": "Energy"},
    ),
    BadInput(
        "topic name with a lone surrogate",
        "POST",
        "/api/topics",
        "admin-1",
        raw_body='{"id": "energy", "name_de": "\\udfff", "name_en": "Energy"}',
    ),
    BadInput("topic path with NUL", "PATCH", "/api/topics/ai%00", "admin-1", {"name_en": "AI"}),
    BadInput(
        "topic parent with NUL", "PATCH", "/api/topics/ai", "admin-1", {"parent_id": f"x{NUL}"}
    ),
    BadInput("search with NUL", "GET", "/api/articles", "demo-0001", params={"q": f"solar{NUL}"}),
    BadInput(
        "topic filter with NUL", "GET", "/api/articles", "demo-0001", params={"topic": f"ai{NUL}"}
    ),
    BadInput(
        "followed topic with NUL",
        "PUT",
        "/api/me/preferences",
        "demo-0001",
        {"followed_topics": [f"ai{NUL}"]},
    ),
    BadInput(
        "muted topic with a lone surrogate",
        "PUT",
        "/api/me/preferences",
        "demo-0001",
        raw_body='{"muted_topics": ["\\ud800"]}',
    ),
    BadInput(
        "event request id with NUL", "POST", EVENTS, "demo-0001", _event(request_id=f"r{NUL}")
    ),
    BadInput(
        "dismissal reason with a lone surrogate",
        "POST",
        EVENTS,
        "demo-0001",
        raw_body='{"id": "{uuid}", "type": "article_dismissed", "article_id": {article}, '
        '"occurred_at": "{now}", "reason": "\\ud800"}',
    ),
    BadInput(
        "region filter with NUL",
        "GET",
        "/api/analytics/breakdown/channel",
        "analyst-1",
        params={"region": f"DE{NUL}"},
    ),
    BadInput(
        "effort note with NUL",
        "PUT",
        "/api/analytics/efforts",
        "editor-1",
        {"article_id": "{article}", "note": f"n{NUL}"},
    ),
    BadInput(
        "score config note with NUL",
        "POST",
        "/api/analytics/score-configs",
        "analyst-1",
        {"note": f"n{NUL}"},
    ),
    BadInput(
        "import name with NUL",
        "POST",
        "/api/analytics/import/mentions",
        "analyst-1",
        raw_body="mention_id,date,source,brand\n",
        content_type="text/csv",
        params={"name": f"f{NUL}.csv"},
    ),
    BadInput(
        "CSV import with NUL",
        "POST",
        "/api/analytics/import/mentions",
        "analyst-1",
        raw_body=f"mention_id,date,source,brand,text\nm1,{{today}},web,ours,a{NUL}b\n",
        content_type="text/csv",
    ),
    BadInput(
        "JSON Lines import with a lone surrogate",
        "POST",
        "/api/analytics/import/mentions",
        "analyst-1",
        raw_body='{"mention_id": "m2", "date": "{today}", "source": "\\ud800", "brand": "ours"}\n',
        content_type="application/x-ndjson",
        params={"format": "jsonl"},
    ),
    BadInput(
        "import of a count beyond 32 bits",
        "POST",
        "/api/analytics/import/social-metrics",
        "analyst-1",
        raw_body=f"network,post_id,date,impressions\nlinkedin,p1,{{today}},{HUGE * 10}\n",
        content_type="text/csv",
    ),
    BadInput(
        "import of a value of 1e308",
        "POST",
        "/api/analytics/import/conversions",
        "analyst-1",
        raw_body="conversion_id,date,kind,channel,value\nc1,{today},other,web,1e308\n",
        content_type="text/csv",
    ),
    BadInput(
        "import nested too deeply",
        "POST",
        "/api/analytics/import/mentions",
        "analyst-1",
        raw_body="[" * 100_000 + "\n",
        content_type="application/x-ndjson",
        params={"format": "jsonl"},
    ),
    BadInput(
        "import that is not UTF-8",
        "POST",
        "/api/analytics/import/mentions",
        "analyst-1",
        raw_body=b"mention_id,date\n\xff\xfe\n",
        content_type="text/csv",
    ),
    # Defect 3: far dates.
    BadInput(
        "period ending 9999-12-31",
        "GET",
        "/api/analytics/overview",
        "analyst-1",
        params={"end": "9999-12-31"},
    ),
    BadInput(
        "period starting 9999-12-31",
        "GET",
        "/api/analytics/breakdown/day",
        "analyst-1",
        params={"start": "9999-12-31", "end": "9999-12-31"},
    ),
    BadInput(
        "period starting in year 1",
        "GET",
        "/api/analytics/roi",
        "analyst-1",
        params={"start": "0001-01-01"},
    ),
    BadInput(
        "publish_at in year 1",
        "POST",
        "/api/articles",
        "editor-1",
        _article(publish_at="0001-01-01T00:00:00Z"),
    ),
    BadInput(
        "expires_at in year 9999",
        "PATCH",
        "/api/articles/{article}",
        "editor-1",
        {"expires_at": "9999-12-31T23:59:59Z"},
    ),
    BadInput(
        "dashboard period ending 9999-12-31",
        "GET",
        "/analytics",
        "analyst-1",
        params={"end": "9999-12-31"},
    ),
    # Defect 3: paths.
    BadInput("static file with NUL", "GET", "/static/web/app.css%00.js", "demo-0001"),
    BadInput("static file outside its folder", "GET", "/static/web/..%2f..%2fapp.py", "demo-0001"),
    BadInput("article page beyond 32 bits", "GET", f"/articles/{HUGE}", "demo-0001"),
    BadInput("desk edit beyond 32 bits", "GET", f"/desk/{HUGE}/edit", "editor-1"),
    BadInput("login search with NUL", "GET", "/login", "demo-0001", params={"q": f"a{NUL}"}),
    BadInput(
        "language switch to a NUL target",
        "GET",
        "/lang/de",
        "demo-0001",
        params={"next": f"/{NUL}"},
    ),
    # Numbers that are not finite or not sane elsewhere.
    BadInput(
        "score weight Infinity",
        "POST",
        "/api/analytics/score-configs",
        "analyst-1",
        raw_body='{"weight_reach": Infinity}',
    ),
    BadInput(
        "score reference 1e308",
        "POST",
        "/api/analytics/score-configs",
        "analyst-1",
        {"impact_reference": 1e308},
    ),
    BadInput(
        "effort hours 1e308",
        "PUT",
        "/api/analytics/efforts",
        "editor-1",
        {"article_id": "{article}", "hours": 1e308},
    ),
    BadInput(
        "effort budget NaN",
        "PUT",
        "/api/analytics/efforts",
        "editor-1",
        raw_body='{"article_id": {article}, "budget": NaN}',
    ),
    BadInput(
        "article priority NaN",
        "POST",
        "/api/articles",
        "editor-1",
        raw_body='{"title": "A title", "language": "en", "topics": ["ai"], "priority": NaN}',
    ),
    # Found by the long fuzzing run: null where a list is stored.
    BadInput(
        "article audience set to null",
        "PATCH",
        "/api/articles/{article}",
        "editor-1",
        {"audience_business_units": None},
    ),
    BadInput(
        "article audience languages set to null",
        "PATCH",
        "/api/articles/{article}",
        "editor-1",
        {"audience_languages": None},
    ),
    # Bodies that are not JSON at all.
    BadInput("event body not UTF-8", "POST", EVENTS, "demo-0001", raw_body=b'{"id": "\xff"}'),
    BadInput(
        "event body nested too deeply",
        "POST",
        EVENTS,
        "demo-0001",
        raw_body="[" * 100_000 + "]" * 100_000,
    ),
    BadInput("event body not JSON", "POST", EVENTS, "demo-0001", raw_body="{not json"),
]


def _fill(value: Any, room: TrustRoom) -> Any:
    """``{article}``, ``{uuid}``, ``{now}``, ``{today}`` filled in, in any nested value."""
    if isinstance(value, str):
        return (
            value.replace("{article}", str(room.live.id))
            .replace("{uuid}", str(uuid.uuid4()))
            .replace("{now}", utcnow().isoformat())
            .replace("{today}", utcnow().date().isoformat())
        )
    if isinstance(value, bytes):
        return value
    if isinstance(value, dict):
        filled = {k: _fill(v, room) for k, v in value.items()}
        if filled.get("article_id") == str(room.live.id):
            filled["article_id"] = room.live.id
        return filled
    if isinstance(value, list):
        return [_fill(v, room) for v in value]
    return value


def send(client: TestClient, bad: BadInput, room: TrustRoom) -> Response:
    """Send one bad input as ``bad.who``."""
    headers = {"X-Employee-Id": bad.who}
    path = _fill(bad.path, room)
    params = _fill(bad.params, room)
    if bad.json_body is not None:
        content: str | bytes | None = json.dumps(_fill(bad.json_body, room))
    else:
        content = _fill(bad.raw_body, room)
    if content is not None:
        headers["Content-Type"] = bad.content_type
    return client.request(bad.method, path, params=params, content=content, headers=headers)
