"""The analytics dashboard page (analysts and editors): charts with their data tables.

Charts are drawn by plotly.js, served from the copy inside the Python package (no CDN); every
chart has its data table next to it and every table links to its CSV export.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlencode

import plotly
from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import FileResponse, HTMLResponse
from jinja2 import ChoiceLoader, FileSystemLoader

from coffeemug.analytics import buzz, roi, service
from coffeemug.analytics.schemas import TableRead
from coffeemug.deps import SessionDep, SettingsDep
from coffeemug.errors import Forbidden, NotFound
from coffeemug.people.models import Employee, Role
from coffeemug.web import i18n
from coffeemug.web.pages import PageEmployee, PageRoute
from coffeemug.web.templating import render, templates

TEMPLATES = Path(__file__).parent / "templates"
STATIC = Path(__file__).parent / "static"
PLOTLY_JS = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"

# Our templates next to the web module's, so ours can extend its base.html.
if not isinstance(templates.env.loader, ChoiceLoader):
    templates.env.loader = ChoiceLoader([templates.env.loader, FileSystemLoader(str(TEMPLATES))])

i18n.add_messages(
    {
        "an.title": ("Newsroom analytics", "Newsroom-Analysen"),
        "an.period": ("Period", "Zeitraum"),
        "an.from": ("From", "Von"),
        "an.to": ("To", "Bis"),
        "an.apply": ("Show", "Anzeigen"),
        "an.version": ("Engagement Score version {v}", "Engagement-Score-Version {v}"),
        "an.k_note": (
            "Groups of fewer than {k} people are never shown (marked “suppressed”).",
            "Gruppen mit weniger als {k} Personen werden nie gezeigt („unterdrückt“).",
        ),
        "an.score_over_time": (
            "Engagement Score and its components over time",
            "Engagement Score und seine Komponenten im Zeitverlauf",
        ),
        "an.top": ("Top articles", "Top-Artikel"),
        "an.flop": ("Flop articles", "Flop-Artikel"),
        "an.top_campaigns": ("Top campaigns", "Top-Kampagnen"),
        "an.breakdowns": ("Breakdowns", "Aufschlüsselungen"),
        "an.by_topic": ("By topic", "Nach Thema"),
        "an.by_channel": ("By channel", "Nach Kanal"),
        "an.by_region": ("By region", "Nach Region"),
        "an.by_business_unit": ("By business unit", "Nach Geschäftsbereich"),
        "an.share_of_buzz": ("Share of buzz", "Share of Buzz"),
        "an.topic_footprint": ("Topic footprint", "Themen-Fußabdruck"),
        "an.social": ("Social: visits vs impressions", "Social: Besuche vs. Impressionen"),
        "an.conversions": ("Conversions by kind", "Conversions nach Art"),
        "an.roi": ("Effort and ROI", "Aufwand und ROI"),
        "an.data_table": ("Data table", "Datentabelle"),
        "an.csv": ("Download CSV", "CSV herunterladen"),
        "an.suppressed": ("suppressed", "unterdrückt"),
        "an.empty": ("No data for this period.", "Keine Daten in diesem Zeitraum."),
        "an.reach": ("Reach", "Reichweite"),
        "an.interaction": ("Interaction", "Interaktion"),
        "an.impact": ("Impact", "Wirkung"),
        "an.score": ("Engagement Score", "Engagement Score"),
        "an.impressions": ("Impressions", "Impressionen"),
        "an.visits": ("Link visits", "Link-Besuche"),
        "an.ours": ("Ours", "Wir"),
        "an.reach_weighted": ("Reach-weighted", "Reichweitengewichtet"),
    }
)


def page_analytics_reader(employee: PageEmployee) -> Employee:
    if not (employee.has_role(Role.analyst) or employee.has_role(Role.editor)):
        raise Forbidden("this page is for analysts and editors")
    return employee


PageAnalyst = Annotated[Employee, Depends(page_analytics_reader)]

router = APIRouter(route_class=PageRoute, include_in_schema=False)


@router.get("/analytics/static/{name}", name="analytics_static")
def static_file(name: str) -> FileResponse:
    """plotly.js from the installed package, and our small chart script."""
    if name == "plotly.min.js":
        path = PLOTLY_JS
    elif name in ("dashboard.js", "dashboard.css"):
        path = STATIC / name
    else:
        raise NotFound(f"no static file {name}")
    media = "text/css" if name.endswith(".css") else "text/javascript"
    return FileResponse(path, media_type=media, headers={"Cache-Control": "public, max-age=86400"})


def _column(table: TableRead, key: str) -> list[Any]:
    return [row.get(key) for row in table.rows]


def _figure(traces: list[dict[str, Any]], kind: str = "bar", y_title: str = "") -> str:
    layout = {
        "barmode": "group",
        "margin": {"l": 50, "r": 10, "t": 10, "b": 80},
        "height": 320,
        "legend": {"orientation": "h"},
        "yaxis": {"title": {"text": y_title}},
    }
    return json.dumps(
        {"data": [{"type": kind, **trace} for trace in traces], "layout": layout}, default=str
    )


def _csv_link(path: str, params: dict[str, Any]) -> str:
    query = {k: v for k, v in params.items() if v is not None}
    return f"{path}?{urlencode({**query, 'format': 'csv'})}"


@router.get("/analytics", response_class=HTMLResponse)
def dashboard(
    request: Request,
    employee: PageAnalyst,
    session: SessionDep,
    settings: SettingsDep,
    start: Annotated[date | None, Query()] = None,
    end: Annotated[date | None, Query()] = None,
    score_version: Annotated[int | None, Query()] = None,
) -> HTMLResponse:
    """The newsroom's dashboard for a period (default: the last 30 days)."""
    lang = i18n.request_language(request, employee)
    t = i18n.translator(lang)
    start, end = service.resolve_period(start, end)
    period = {"start": start.isoformat(), "end": end.isoformat(), "lang": lang}
    scored = {**period, "score_version": score_version}
    overview = service.overview_table(session, settings, start, end, lang, score_version)
    days = service.breakdown_table(
        session, settings, "day", start, end, lang, version=score_version, limit=1000
    )
    sections: list[dict[str, Any]] = []

    def section(key: str, table: TableRead, api: str, params: dict, figure: str | None = None):
        sections.append(
            {
                "id": key,
                "title": t(f"an.{key}"),
                "table": table,
                "csv": _csv_link(api, params),
                "figure": figure,
            }
        )

    visible_days = [r for r in days.rows if not r["suppressed"]]
    section(
        "score_over_time",
        days,
        "/api/analytics/breakdown/day",
        {**scored, "limit": 1000},
        _figure(
            [
                {
                    "x": [r["key"] for r in visible_days],
                    "y": [r[col] for r in visible_days],
                    "name": t(name),
                    "mode": "lines+markers",
                }
                for col, name in (
                    ("score", "an.score"),
                    ("score_reach", "an.reach"),
                    ("score_interaction", "an.interaction"),
                    ("score_impact", "an.impact"),
                )
            ],
            kind="scatter",
        ),
    )
    for which, key in (("top", "top"), ("flop", "flop")):
        table = service.top_flop_table(
            session, settings, "article", which, start, end, lang, score_version
        )
        section(key, table, "/api/analytics/top/article", {**scored, "which": which})
    campaigns = service.top_flop_table(
        session, settings, "campaign", "top", start, end, lang, score_version
    )
    section("top_campaigns", campaigns, "/api/analytics/top/campaign", scored)
    for dim in ("topic", "channel", "region", "business_unit"):
        table = service.breakdown_table(
            session, settings, dim, start, end, lang, version=score_version
        )
        shown = [r for r in table.rows if not r["suppressed"]]
        section(
            f"by_{dim}",
            table,
            f"/api/analytics/breakdown/{dim}",
            scored,
            _figure(
                [
                    {
                        "x": [r["label"] for r in shown],
                        "y": [r[col] for r in shown],
                        "name": t(name),
                    }
                    for col, name in (
                        ("score", "an.score"),
                        ("score_reach", "an.reach"),
                        ("score_interaction", "an.interaction"),
                        ("score_impact", "an.impact"),
                    )
                ]
            ),
        )
    buzz_table = buzz.share_of_buzz_table(session, settings, start, end, lang)
    section(
        "share_of_buzz",
        buzz_table,
        "/api/analytics/share-of-buzz",
        period,
        _figure(
            [
                {
                    "x": _column(buzz_table, "topic"),
                    "y": _column(buzz_table, "share_of_buzz"),
                    "name": t("an.share_of_buzz"),
                },
                {
                    "x": _column(buzz_table, "topic"),
                    "y": _column(buzz_table, "share_of_buzz_reach_weighted"),
                    "name": t("an.reach_weighted"),
                },
            ]
        ),
    )
    footprint = buzz.topic_footprint_table(session, settings, start, end, lang)
    section(
        "topic_footprint",
        footprint,
        "/api/analytics/topic-footprint",
        period,
        _figure(
            [
                {"x": _column(footprint, "topic"), "y": _column(footprint, c.key), "name": c.label}
                for c in footprint.columns[1:]
            ]
        ),
    )
    social = buzz.social_table(session, settings, start, end, lang, "network")
    section(
        "social",
        social,
        "/api/analytics/social",
        {**period, "by": "network"},
        _figure(
            [
                {
                    "x": _column(social, "network"),
                    "y": _column(social, "impressions"),
                    "name": t("an.impressions"),
                },
                {
                    "x": _column(social, "network"),
                    "y": _column(social, "link_visits"),
                    "name": t("an.visits"),
                },
            ]
        ),
    )
    conversions = service.conversions_table(session, settings, start, end, lang)
    section("conversions", conversions, "/api/analytics/conversions", period)
    roi_table = roi.roi_table(session, settings, start, end, lang, score_version)
    section("roi", roi_table, "/api/analytics/roi", scored)
    return render(
        request,
        "analytics_dashboard.html",
        {
            "employee": employee,
            "overview": overview,
            "overview_csv": _csv_link("/api/analytics/overview", scored),
            "sections": sections,
            "start": start,
            "end": end,
            "k": settings.privacy_k,
        },
    )
