"""``/api/analytics``: KPIs, breakdowns, imports, effort and score configuration.

Readable by analysts and editors; every table answers as JSON or, with ``format=csv``, as CSV.
"""

from __future__ import annotations

import csv
import io
from datetime import date
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response

from coffeemug.analytics import audit, buzz, importers, service
from coffeemug.analytics import roi as roi_service
from coffeemug.analytics.kpis import REGISTRY
from coffeemug.analytics.periods import resolve_period
from coffeemug.analytics.schemas import (
    EffortCreate,
    EffortRead,
    ExportRead,
    ImportReport,
    KpiRead,
    ScoreConfigCreate,
    ScoreConfigRead,
    TableRead,
)
from coffeemug.deps import CurrentEmployee, SessionDep, SettingsDep
from coffeemug.errors import (
    BadRequest,
    DataFileError,
    Forbidden,
    NotAuthenticated,
    NotFound,
    PayloadTooLarge,
    error_responses,
)
from coffeemug.people.models import Employee, Role


def require_analytics_reader(employee: CurrentEmployee) -> Employee:
    """Analysts and editors (and admins) may read analytics."""
    if not (employee.has_role(Role.analyst) or employee.has_role(Role.editor)):
        raise Forbidden("analytics needs the role 'analyst' or 'editor'")
    return employee


AnalyticsReader = Annotated[Employee, Depends(require_analytics_reader)]

api_router = APIRouter(
    prefix="/api/analytics",
    tags=["analytics"],
    responses=error_responses(BadRequest, NotAuthenticated, Forbidden, NotFound),
)

Lang = Annotated[Literal["en", "de"], Query(description="Language of labels.")]
Format = Annotated[Literal["json", "csv"], Query(description="json, or csv to download.")]
Start = Annotated[date | None, Query(description="First day (default: 30 days ago).")]
End = Annotated[date | None, Query(description="Last day, inclusive (default: today).")]
Version = Annotated[
    int | None, Query(description="Engagement Score version (default: the newest).")
]


def to_csv(table: TableRead) -> str:
    """The table as CSV: a header of column labels, suppressed figures left empty."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([c.label for c in table.columns])
    for row in table.rows:
        writer.writerow(["" if row.get(c.key) is None else row.get(c.key) for c in table.columns])
    return out.getvalue()


def respond(
    table: TableRead, fmt: str, request: Request, session: SessionDep, reader: Employee
) -> TableRead | Response:
    """The table as JSON, or as a CSV download that the export log records."""
    if fmt == "csv":
        parameters = {k: v for k, v in request.query_params.items() if k != "format"}
        parameters |= {"start": table.start.isoformat(), "end": table.end.isoformat()}
        audit.record_export(session, reader.id, table.name, parameters, len(table.rows))
        return Response(
            to_csv(table),
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": f'attachment; filename="{table.name}.csv"'},
        )
    return table


@api_router.get("/kpis", response_model=list[KpiRead])
def list_kpis(_: AnalyticsReader, lang: Lang = "en") -> list[KpiRead]:
    """The KPI registry: what each figure means and in which unit."""
    return [
        KpiRead(
            slug=k.slug, title=k.title(lang), unit=k.unit, group=k.group, description=k.description
        )
        for k in REGISTRY.values()
    ]


@api_router.get("/overview", response_model=TableRead)
def overview(
    request: Request,
    reader: AnalyticsReader,
    session: SessionDep,
    settings: SettingsDep,
    start: Start = None,
    end: End = None,
    score_version: Version = None,
    lang: Lang = "en",
    format: Format = "json",
):
    """Company-wide KPIs and Engagement Score for the period."""
    start, end = resolve_period(start, end)
    return respond(
        service.overview_table(session, settings, start, end, lang, score_version),
        format,
        request,
        session,
        reader,
    )


@api_router.get("/breakdown/{dim}", response_model=TableRead)
def breakdown(
    dim: str,
    request: Request,
    reader: AnalyticsReader,
    session: SessionDep,
    settings: SettingsDep,
    start: Start = None,
    end: End = None,
    region: Annotated[str | None, Query(description="Only this region.")] = None,
    business_unit: Annotated[str | None, Query(description="Only this business unit.")] = None,
    channel: Annotated[str | None, Query(description="Only this channel.")] = None,
    score_version: Version = None,
    limit: Annotated[int, Query(ge=1, le=1000, description="Rows at most.")] = 100,
    lang: Lang = "en",
    format: Format = "json",
):
    """KPIs per day, article, campaign, topic, channel, region or business unit."""
    start, end = resolve_period(start, end)
    filters = {"region": region, "business_unit": business_unit, "channel": channel}
    table = service.breakdown_table(
        session, settings, dim, start, end, lang, filters, score_version, limit
    )
    return respond(table, format, request, session, reader)


@api_router.get("/top/{dim}", response_model=TableRead)
def top_flop(
    dim: str,
    request: Request,
    reader: AnalyticsReader,
    session: SessionDep,
    settings: SettingsDep,
    which: Annotated[Literal["top", "flop"], Query(description="Best or worst.")] = "top",
    n: Annotated[int, Query(ge=1, le=100, description="How many.")] = 10,
    start: Start = None,
    end: End = None,
    score_version: Version = None,
    lang: Lang = "en",
    format: Format = "json",
):
    """Top or flop articles or campaigns by Engagement Score."""
    start, end = resolve_period(start, end)
    table = service.top_flop_table(
        session, settings, dim, which, start, end, lang, score_version, n
    )
    return respond(table, format, request, session, reader)


@api_router.get("/conversions", response_model=TableRead)
def conversions(
    request: Request,
    reader: AnalyticsReader,
    session: SessionDep,
    settings: SettingsDep,
    start: Start = None,
    end: End = None,
    lang: Lang = "en",
    format: Format = "json",
):
    """Conversions and their value by kind."""
    start, end = resolve_period(start, end)
    return respond(
        service.conversions_table(session, settings, start, end, lang),
        format,
        request,
        session,
        reader,
    )


@api_router.get("/social", response_model=TableRead)
def social(
    request: Request,
    reader: AnalyticsReader,
    session: SessionDep,
    settings: SettingsDep,
    by: Annotated[Literal["network", "campaign"], Query(description="Group by.")] = "network",
    start: Start = None,
    end: End = None,
    lang: Lang = "en",
    format: Format = "json",
):
    """Visits from social networks against impressions there."""
    start, end = resolve_period(start, end)
    return respond(
        buzz.social_table(session, settings, start, end, lang, by), format, request, session, reader
    )


@api_router.get("/share-of-buzz", response_model=TableRead)
def share_of_buzz(
    request: Request,
    reader: AnalyticsReader,
    session: SessionDep,
    settings: SettingsDep,
    start: Start = None,
    end: End = None,
    lang: Lang = "en",
    format: Format = "json",
):
    """Our share of all mentions (ours + configured competitors), per topic."""
    start, end = resolve_period(start, end)
    return respond(
        buzz.share_of_buzz_table(session, settings, start, end, lang),
        format,
        request,
        session,
        reader,
    )


@api_router.get("/topic-footprint", response_model=TableRead)
def topic_footprint(
    request: Request,
    reader: AnalyticsReader,
    session: SessionDep,
    settings: SettingsDep,
    start: Start = None,
    end: End = None,
    lang: Lang = "en",
    format: Format = "json",
):
    """Distribution of our content, interactions and mentions, and competitors', over topics."""
    start, end = resolve_period(start, end)
    return respond(
        buzz.topic_footprint_table(session, settings, start, end, lang),
        format,
        request,
        session,
        reader,
    )


@api_router.get("/roi", response_model=TableRead)
def roi(
    request: Request,
    reader: AnalyticsReader,
    session: SessionDep,
    settings: SettingsDep,
    start: Start = None,
    end: End = None,
    score_version: Version = None,
    lang: Lang = "en",
    format: Format = "json",
):
    """Effort against result per article and campaign, with out-of-proportion flags."""
    start, end = resolve_period(start, end)
    return respond(
        roi_service.roi_table(session, settings, start, end, lang, score_version),
        format,
        request,
        session,
        reader,
    )


@api_router.put("/efforts", response_model=EffortRead)
def put_effort(body: EffortCreate, employee: CurrentEmployee, session: SessionDep) -> EffortRead:
    """Record the effort (hours, budget) spent on an article or campaign (editors)."""
    if not employee.has_role(Role.editor):
        raise Forbidden("entering effort needs the role 'editor'")
    effort = roi_service.set_effort(session, body)
    return EffortRead.model_validate(effort, from_attributes=True)


@api_router.get("/exports", response_model=list[ExportRead])
def list_exports(
    employee: CurrentEmployee,
    session: SessionDep,
    limit: Annotated[int, Query(ge=1, le=1000, description="Entries at most.")] = 100,
    offset: Annotated[int, Query(ge=0, description="Entries to skip.")] = 0,
) -> list[ExportRead]:
    """The export log, newest first: who exported which table with which filters (admins)."""
    if not employee.has_role(Role.admin):
        raise Forbidden("the export log needs the role 'admin'")
    return [
        ExportRead.model_validate(r, from_attributes=True)
        for r in audit.list_exports(session, limit, offset)
    ]


@api_router.get("/score-configs", response_model=list[ScoreConfigRead])
def list_score_configs(_: AnalyticsReader, session: SessionDep) -> list[ScoreConfigRead]:
    """Every Engagement Score version; the last one is used unless a request names another."""
    return [
        ScoreConfigRead(version=v, config=c, note=note)
        for v, c, note in service.score_versions(session)
    ]


@api_router.post("/score-configs", response_model=ScoreConfigRead, status_code=201)
def create_score_config(
    body: ScoreConfigCreate, employee: CurrentEmployee, session: SessionDep
) -> ScoreConfigRead:
    """Store new weights as a new version (analysts); all history is re-scored with it."""
    if not employee.has_role(Role.analyst):
        raise Forbidden("changing the Engagement Score needs the role 'analyst'")
    config = service.ScoreSettings.model_validate(body.model_dump(exclude={"note"}))
    version = service.create_score_version(session, config, body.note)
    return ScoreConfigRead(version=version, config=config, note=body.note)


@api_router.post(
    "/import/{kind}",
    response_model=ImportReport,
    responses=error_responses(DataFileError, PayloadTooLarge),
)
async def import_file(
    kind: Literal["social-metrics", "conversions", "mentions"],
    request: Request,
    employee: CurrentEmployee,
    session: SessionDep,
    settings: SettingsDep,
    format: Annotated[Literal["csv", "jsonl"], Query(description="Body format.")] = "csv",
    name: Annotated[str, Query(max_length=200, description="File name for reports.")] = "upload",
) -> ImportReport:
    """Import a CSV or JSON Lines body; bad rows are listed, good rows stored once."""
    if not (employee.has_role(Role.analyst) or employee.has_role(Role.editor)):
        raise Forbidden("imports need the role 'analyst' or 'editor'")
    raw = await request.body()
    try:
        content = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DataFileError(name, f"not UTF-8 text ({exc.reason})") from exc
    return importers.import_text(session, settings, kind, name, content, format)


router = api_router
