"""The analytics dashboard page (analysts and editors): charts with their data tables.

Charts are drawn by plotly.js, served from the copy inside the Python package (no CDN); every
chart has its data table next to it and every table links to its CSV export.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlencode

import plotly
from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse, Response
from jinja2 import ChoiceLoader, FileSystemLoader
from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session
from starlette.datastructures import FormData

from coffeemug.access import Audience, allow
from coffeemug.analytics import buzz, roi, service
from coffeemug.analytics.periods import resolve_period
from coffeemug.analytics.schemas import MAX_HOURS, EffortCreate, TableRead
from coffeemug.content.models import Article, ArticleStatus, Campaign
from coffeemug.deps import SessionDep, SettingsDep
from coffeemug.errors import Forbidden, NotFound
from coffeemug.fields import MAX_AMOUNT, Day, DbId
from coffeemug.people.models import Employee, Role
from coffeemug.settings import Settings
from coffeemug.web import i18n
from coffeemug.web.pages import FormEditor, PageEmployee, PageRoute
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
        "an.weeks_note": (
            "Periods are whole weeks, Monday to Sunday, so that no two periods differ by a "
            "single day.",
            "Zeiträume sind ganze Wochen, Montag bis Sonntag, damit sich keine zwei Zeiträume "
            "nur um einen Tag unterscheiden.",
        ),
        "an.effort": ("Enter effort", "Aufwand erfassen"),
        "an.effort_subject": ("Article or campaign", "Artikel oder Kampagne"),
        "an.campaigns": ("Campaigns", "Kampagnen"),
        "an.articles": ("Recent articles", "Neueste Artikel"),
        "an.hours": ("Hours", "Stunden"),
        "an.budget": ("Budget (EUR)", "Budget (EUR)"),
        "an.effort_note": ("Note", "Notiz"),
        "an.save_effort": ("Save effort", "Aufwand speichern"),
        "an.effort_saved": ("Effort saved.", "Aufwand gespeichert."),
        "an.choose_subject": ("Choose an article or a campaign.", "Artikel oder Kampagne wählen."),
        "an.not_a_number": ("Enter a number of 0 or more.", "Eine Zahl ab 0 eingeben."),
        "an.too_long": ("At most 500 characters.", "Höchstens 500 Zeichen."),
    }
)


def page_analytics_reader(employee: PageEmployee) -> Employee:
    if not (employee.has_role(Role.analyst) or employee.has_role(Role.editor)):
        raise Forbidden("this page is for analysts and editors")
    return employee


# The effort form lists every campaign but only this many recent articles (newest first).
EFFORT_ARTICLE_CHOICES = 300

PageAnalyst = Annotated[Employee, Depends(page_analytics_reader)]

router = APIRouter(route_class=PageRoute, include_in_schema=False)


@router.get("/analytics/static/{name}", name="analytics_static")
@allow(Audience.anyone)
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


def _csv_link(path: str, params: dict[str, Any]) -> str:
    return _query(path, {**params, "format": "csv"})


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
            self.errors["subject"] = "an.choose_subject"
        amounts: dict[str, float] = {}
        for name in ("hours", "budget"):
            try:
                # German users type a decimal comma.
                amounts[name] = float(getattr(self, name).replace(",", ".") or 0)
            except ValueError:
                amounts[name] = -1.0
            if not 0 <= amounts[name] <= (MAX_HOURS if name == "hours" else MAX_AMOUNT):
                self.errors[name] = "an.not_a_number"
        if len(self.note) > 500:
            self.errors["note"] = "an.too_long"
        if self.errors:
            return None
        try:
            return EffortCreate(**{f"{kind}_id": int(ident)}, **amounts, note=self.note)
        except ValidationError:  # the checks above mirror the schema; this is the backstop
            self.errors["subject"] = "an.choose_subject"
            return None


def _effort_subjects(session: Session, lang: str) -> list[tuple[str, list[tuple[str, str]]]]:
    """Choices for the effort form: every campaign and the most recent published articles."""
    t = i18n.translator(lang)
    # Ids and names only: an article row carries its body and embedding.
    campaigns = session.execute(select(Campaign.id, Campaign.name).order_by(Campaign.name))
    articles = session.execute(
        select(Article.id, Article.title)
        .where(Article.status == ArticleStatus.published)
        .order_by(Article.publish_at.desc(), Article.id.desc())
        .limit(EFFORT_ARTICLE_CHOICES)
    )
    return [
        (t("an.campaigns"), [(f"campaign:{i}", name) for i, name in campaigns]),
        (t("an.articles"), [(f"article:{i}", title) for i, title in articles]),
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
    t = i18n.translator(lang)
    start, end = resolve_period(start, end)
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
            period=(start, end),
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
    can_enter_effort = employee.has_role(Role.editor)
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
            "can_enter_effort": can_enter_effort,
            "effort": effort or EffortForm(),
            # Only editors see the form, so only they pay for its choices.
            "effort_subjects": _effort_subjects(session, lang) if can_enter_effort else [],
            "effort_action": _query(
                "/analytics/effort", {"start": start, "end": end, "score_version": score_version}
            ),
            "effort_saved": request.query_params.get("effort_saved") == "1",
        },
        status_code=status_code,
    )
