"""The analytics dashboard page (analysts and editors): charts with their data tables.

Charts are drawn by plotly.js's basic bundle (bar and scatter traces), served by this page
(no CDN) compressed and under content-hashed names; every chart has its data table next to it
and every table links to its CSV export.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from functools import cache
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError
from sqlalchemy.orm import Session
from starlette.datastructures import FormData

from coffeemug.access import Audience, allow
from coffeemug.analytics import labels, roi, tables
from coffeemug.analytics import service as analytics
from coffeemug.analytics.periods import resolve_period
from coffeemug.analytics.schemas import MAX_HOURS, EffortCreate, TableRead
from coffeemug.deps import SessionDep, SettingsDep
from coffeemug.errors import BadRequest, Forbidden, NotFound
from coffeemug.fields import MAX_AMOUNT, Day, DbId
from coffeemug.i18n import N_, Formatter, gettext
from coffeemug.listening import stats as moderation_stats
from coffeemug.people.models import Employee, Role
from coffeemug.settings import Settings
from coffeemug.web import i18n
from coffeemug.web.pages import FormEditor, PageEmployee, PageRoute
from coffeemug.web.templating import render

STATIC = Path(__file__).resolve().parent.parent / "static" / "analytics"


def page_analytics_reader(employee: PageEmployee) -> Employee:
    if not (employee.has_role(Role.analyst) or employee.has_role(Role.editor)):
        raise Forbidden("this page is for analysts and editors")
    return employee


# The effort form lists every campaign but only this many recent articles (newest first).
EFFORT_ARTICLE_CHOICES = 300

PageAnalyst = Annotated[Employee, Depends(page_analytics_reader)]

router = APIRouter(route_class=PageRoute, include_in_schema=False)


@dataclass(frozen=True)
class Asset:
    """A static file of the dashboard, gzip-compressed once, addressed by a name that carries
    a hash of its content (so that browsers may keep it for a year)."""

    body: bytes
    gzipped: bytes
    media_type: str
    url: str


# The dashboard's static files by the name the page asks for.
ASSET_FILES = {
    "plotly.js": STATIC / "vendor" / "plotly-basic.min.js",
    "dashboard.js": STATIC / "dashboard.js",
    "dashboard.css": STATIC / "dashboard.css",
}
LONG_CACHE = "public, max-age=31536000, immutable"


@cache
def asset(name: str) -> Asset:
    body = ASSET_FILES[name].read_bytes()
    digest = hashlib.sha256(body).hexdigest()[:12]
    stem, _, suffix = name.rpartition(".")
    media = "text/css" if suffix == "css" else "text/javascript"
    url = f"/analytics/static/{stem}.{digest}.{suffix}"
    return Asset(body, gzip.compress(body, 9, mtime=0), media, url)


def asset_urls() -> dict[str, str]:
    return {name: asset(name).url for name in ASSET_FILES}


@router.get("/analytics/static/{name}", name="analytics_static")
@allow(Audience.anyone)
def static_file(name: str, request: Request) -> Response:
    """The chart library and our chart script and styles: by their hashed name, compressed
    where the browser accepts gzip and cacheable for a year (a new file has a new name)."""
    found = next((a for a in map(asset, ASSET_FILES) if a.url.endswith("/" + name)), None)
    if found is None:
        raise NotFound(f"no static file {name}")
    headers = {"Cache-Control": LONG_CACHE, "Vary": "Accept-Encoding"}
    if "gzip" in request.headers.get("accept-encoding", ""):
        headers["Content-Encoding"] = "gzip"
        return Response(found.gzipped, media_type=found.media_type, headers=headers)
    return Response(found.body, media_type=found.media_type, headers=headers)


def _figure(
    traces: list[dict[str, Any]],
    kind: str = "bar",
    y_title: str = "",
    period: tuple[date, date] | None = None,
) -> str:
    """Plotly figure JSON; with ``period`` the x axis is that date range, days without data
    included, so a quiet week shows as a gap rather than vanishing."""
    layout: dict[str, Any] = {
        "barmode": "group",
        "margin": {"l": 50, "r": 10, "t": 10, "b": 80},
        "height": 320,
        "legend": {"orientation": "h"},
        "yaxis": {"title": {"text": y_title}},
    }
    if period is not None:
        layout["xaxis"] = {"type": "date", "range": [period[0], period[1]]}
    return json.dumps(
        {"data": [{"type": kind, **trace} for trace in traces], "layout": layout}, default=str
    )


def _query(path: str, params: dict[str, Any]) -> str:
    return f"{path}?{urlencode({k: v for k, v in params.items() if v is not None})}"


@dataclass
class EffortForm:
    """The effort form as typed, so a failed save shows it again with the errors beside it."""

    subject: str = ""  # "article:<id>" or "campaign:<id>"
    hours: str = ""
    budget: str = ""
    note: str = ""
    errors: dict[str, str] = field(default_factory=dict)  # field -> catalogue key or message

    @classmethod
    def from_form(cls, form: FormData) -> EffortForm:
        def text(name: str) -> str:
            value = form.get(name, "")
            return value.strip() if isinstance(value, str) else ""

        return cls(text("subject"), text("hours"), text("budget"), text("note"))

    def validated(self) -> EffortCreate | None:
        """The effort to store, or None with ``errors`` filled in."""
        kind, _, ident = self.subject.partition(":")
        if kind not in ("article", "campaign") or not ident.isdigit():
            self.errors["subject"] = N_("Choose an article or a campaign.")
        amounts: dict[str, float] = {}
        for name in ("hours", "budget"):
            try:
                # German users type a decimal comma.
                amounts[name] = float(getattr(self, name).replace(",", ".") or 0)
            except ValueError:
                amounts[name] = -1.0
            if not 0 <= amounts[name] <= (MAX_HOURS if name == "hours" else MAX_AMOUNT):
                self.errors[name] = N_("Enter a number of 0 or more.")
        if len(self.note) > 500:
            self.errors["note"] = N_("At most 500 characters.")
        if self.errors:
            return None
        try:
            return EffortCreate(**{f"{kind}_id": int(ident)}, **amounts, note=self.note)
        except ValidationError:  # the checks above mirror the schema; this is the backstop
            self.errors["subject"] = N_("Choose an article or a campaign.")
            return None


def _effort_subjects(session: Session, lang: str) -> list[tuple[str, list[tuple[str, str]]]]:
    """Choices for the effort form: every campaign and the most recent published articles."""
    campaigns, articles = roi.effort_choices(session, EFFORT_ARTICLE_CHOICES)
    return [
        (gettext(lang, N_("Campaigns")), [(f"campaign:{i}", name) for i, name in campaigns]),
        (gettext(lang, N_("Recent articles")), [(f"article:{i}", t) for i, t in articles]),
    ]


@router.get("/analytics", response_class=HTMLResponse)
@allow(Audience.analytics)
def dashboard(
    request: Request,
    employee: PageAnalyst,
    session: SessionDep,
    settings: SettingsDep,
    start: Annotated[Day | None, Query()] = None,
    end: Annotated[Day | None, Query()] = None,
    score_version: Annotated[DbId | None, Query()] = None,
) -> HTMLResponse:
    """The newsroom's dashboard for a period (default: the weeks of the last 30 days)."""
    return _dashboard_page(request, employee, session, settings, start, end, score_version)


@router.post("/analytics/effort", response_model=None)
@allow(Audience.editor)
async def save_effort(
    request: Request,
    employee: FormEditor,
    session: SessionDep,
    settings: SettingsDep,
    start: Annotated[Day | None, Query()] = None,
    end: Annotated[Day | None, Query()] = None,
    score_version: Annotated[DbId | None, Query()] = None,
) -> Response:
    """Store the hours and budget an editor entered; errors are shown next to their field."""
    form = EffortForm.from_form(await request.form())
    effort = form.validated()
    if effort is not None:
        try:
            roi.set_effort(session, effort)
        except NotFound as exc:
            form.errors["subject"] = exc.detail
    if form.errors:
        return _dashboard_page(
            request, employee, session, settings, start, end, score_version, form, 422
        )
    start, end = resolve_period(start, end)
    query = {"start": start, "end": end, "score_version": score_version, "effort_saved": 1}
    return RedirectResponse(f"{_query('/analytics', query)}#roi", status_code=303)


def _dashboard_page(
    request: Request,
    employee: Employee,
    session: Session,
    settings: Settings,
    start: date | None,
    end: date | None,
    score_version: int | None,
    effort: EffortForm | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    lang = i18n.request_language(request, employee)
    start, end, period_error = _period_or_default(start, end)
    period = tables.Period(session, settings, start, end, lang)
    overview = tables.build("overview", period, score_version=score_version)
    can_enter_effort = employee.has_role(Role.editor)
    moderation = moderation_stats.TABLES
    return render(
        request,
        "analytics_dashboard.html",
        {
            "employee": employee,
            "overview": overview,
            "tiles": _tiles(overview, _previous(period), score_version),
            "period_error": gettext(lang, period_error) if period_error else "",
            "article_tables": ARTICLE_TABLES,
            "assets": asset_urls(),
            "overview_csv": _csv_link(tables.BY_NAME["overview"], {}, period, score_version),
            "sections": [_section(s, period, score_version) for s in tables.SECTIONS],
            "value_label": lambda raw: labels.value(raw, lang),
            "start": start,
            "end": end,
            "k": settings.privacy_k,
            # The rollup's watermark: every event ingested before it is in these figures.
            "data_as_of": analytics.data_as_of(session),
            "can_enter_effort": can_enter_effort,
            "effort": effort or EffortForm(),
            # Only editors see the form, so only they pay for its choices.
            "effort_subjects": _effort_subjects(session, lang) if can_enter_effort else [],
            "effort_action": _query(
                "/analytics/effort", {"start": start, "end": end, "score_version": score_version}
            ),
            "effort_saved": request.query_params.get("effort_saved") == "1",
            # Listening and moderation: the same k-suppressed team and topic figures.
            "moderation": {n: run(session, settings, start, end) for n, run in moderation.items()},
        },
        status_code=status_code,
    )


DEFAULT_PAGE_DAYS = 14
# Tables whose rows are articles: their names link to the article.
ARTICLE_TABLES = ("top-article", "flop-article", "breakdown-article")
# The overview's headline figures, each with its trend against the previous period.
TILES = ("reached", "read_rate", "acknowledgement_rate", "score")


def _period_or_default(start: date | None, end: date | None) -> tuple[date, date, str | None]:
    """The period asked for, or the default one and why (shown next to the date fields)."""
    if start is None and end is None:
        # The page opens on the last two weeks, so that the previous period of the same length
        # (the trend's base) lies within a month of history.
        start = datetime.now(UTC).date() - timedelta(days=DEFAULT_PAGE_DAYS - 1)
    try:
        return (*resolve_period(start, end), None)
    except BadRequest:
        default = resolve_period(None, None)
        if start and end and start > end:
            return (
                *default,
                N_("The start date lies after the end date; showing the last 30 days."),
            )
        return (*default, N_("That period is too long; showing the last 30 days."))


def _previous(period: tables.Period) -> tables.Period:
    """The period of the same length just before (whole weeks, like every period)."""
    length = period.end - period.start + timedelta(days=1)
    return tables.Period(
        period.session,
        period.settings,
        period.start - length,
        period.start - timedelta(days=1),
        period.lang,
    )


def _tiles(
    overview: TableRead, previous: tables.Period, score_version: int | None
) -> list[dict[str, Any]]:
    """Reach, read rate, acknowledgement rate and Engagement Score with their change against
    the previous period (rates in percentage points, counts and the score in percent)."""
    before = {
        row["kpi"]: row["value"]
        for row in tables.build("overview", previous, score_version=score_version).rows
    }
    rows = {row["kpi"]: row for row in overview.rows}
    units = {c.key: c.unit for c in analytics.columns(TILES, "en")}
    tiles = []
    for kpi in TILES:
        now, then = rows[kpi]["value"], before.get(kpi)
        change: float | None = None
        if now is not None and then:
            ratio = units[kpi] == "ratio"
            change = (now - then) * 100 if ratio else (now - then) / then * 100
        tiles.append(
            {
                "kpi": kpi,
                "label": rows[kpi]["label"],
                "value": now,
                "unit": units[kpi],
                "change": change,
                "change_text": _signed(change, previous.lang),
                "points": units[kpi] == "ratio",
            }
        )
    return tiles


def _signed(value: float | None, lang: str) -> str:
    if value is None:
        return ""
    return ("+" if value > 0 else "") + Formatter(lang).number(value, 1)


def _section(
    section: tables.Section, period: tables.Period, score_version: int | None
) -> dict[str, Any]:
    """One dashboard section: its table, CSV link and chart, from the table registry."""
    table = tables.BY_NAME[section.table]
    params = dict(section.params)
    if tables.accepts(table, "score_version"):
        params["score_version"] = score_version
    data = table.build(period, **params)
    return {
        "id": section.id,
        "title": gettext(period.lang, section.title),
        "table": data,
        "csv": _csv_link(table, section.params, period, score_version),
        "chart": section.chart is not None,
        "figure": _chart(section.chart, data, period) if section.chart else None,
    }


def _csv_link(
    table: tables.Table, params: dict[str, Any], period: tables.Period, score_version: int | None
) -> str:
    """The table's API address with the section's parameters, as a CSV download."""
    path = "/api/analytics" + table.path.format(**params)
    query = {k: v for k, v in params.items() if "{" + k + "}" not in table.path}
    query = {
        "start": period.start.isoformat(),
        "end": period.end.isoformat(),
        "lang": period.lang,
        **({"score_version": score_version} if tables.accepts(table, "score_version") else {}),
        **query,
        "format": "csv",
    }
    return _query(path, query)


def _word(raw: Any, lang: str) -> Any:
    return labels.value(raw, lang) if isinstance(raw, str) else raw


def _chart(chart: tables.Chart, table: TableRead, period: tables.Period) -> str | None:
    """Plotly figure JSON of a section's chart; None when the period has nothing to draw."""
    rows = [r for r in table.rows if not r.get("suppressed")] if chart.visible_only else table.rows
    if not rows:
        return None
    series = chart.y or tuple(
        (c.key, c.label) for c in table.columns[[c.key for c in table.columns].index(chart.x) + 1 :]
    )
    traces = [
        {
            # Channels and other known values in words of the page's language.
            "x": [_word(r.get(chart.x), period.lang) for r in rows],
            "y": [r.get(key) for r in rows],
            "name": gettext(period.lang, name) if chart.y else name,
            **({"mode": "lines+markers"} if chart.kind == "lines" else {}),
        }
        for key, name in series
    ]
    kind = "scatter" if chart.kind == "lines" else "bar"
    span = (period.start, period.end) if chart.over_period else None
    return _figure(traces, kind=kind, period=span)
