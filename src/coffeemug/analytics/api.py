"""``/api/analytics``: KPIs, breakdowns, imports, effort and score configuration.

Readable by analysts and editors; every table answers as JSON or, with ``format=csv``, as CSV.
"""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response

from coffeemug.access import Audience, allow
from coffeemug.analytics import audit, buzz, importers, service, web
from coffeemug.analytics import roi as roi_service
from coffeemug.analytics.kpis import REGISTRY
from coffeemug.analytics.periods import resolve_period
from coffeemug.analytics.repository import BREAKDOWNS
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
from coffeemug.csv_cells import write_csv
from coffeemug.deps import (
    AdminEmployee,
    AnalystEmployee,
    CurrentEmployee,
    EditorEmployee,
    SessionDep,
    SettingsDep,
)
from coffeemug.errors import (
    BadRequest,
    Conflict,
    DataFileError,
    Forbidden,
    NotAuthenticated,
    NotFound,
    PayloadTooLarge,
    error_responses,
)
from coffeemug.fields import Count, Day, DbId, Text
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
Start = Annotated[Day | None, Query(description="First day (default: 30 days ago).")]
End = Annotated[Day | None, Query(description="Last day, inclusive (default: today).")]
Version = Annotated[
    DbId | None, Query(description="Engagement Score version (default: the newest).")
]
Segment = Text(64)
Dimension = Literal[BREAKDOWNS]  # type: ignore[valid-type]
FileName = Text(200)


def to_csv(table: TableRead) -> str:
    """The table as CSV: a header of column labels, suppressed figures left empty; text that a
    spreadsheet would run as a formula is neutralised (see coffeemug.csv_cells)."""
    return write_csv(
        [c.label for c in table.columns],
        ([row.get(c.key) for c in table.columns] for row in table.rows),
    )


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
@allow(Audience.analytics)
def list_kpis(_: AnalyticsReader, lang: Lang = "en") -> list[KpiRead]:
    """The KPI registry: what each figure means and in which unit."""
    return [
        KpiRead(
            slug=k.slug, title=k.title(lang), unit=k.unit, group=k.group, description=k.description
        )
        for k in REGISTRY.values()
    ]


@api_router.get("/overview", response_model=TableRead)
@allow(Audience.analytics)
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
@allow(Audience.analytics)
def breakdown(
    dim: Dimension,
    request: Request,
    reader: AnalyticsReader,
    session: SessionDep,
    settings: SettingsDep,
    start: Start = None,
    end: End = None,
    region: Annotated[Segment | None, Query(description="Only this region.")] = None,
    business_unit: Annotated[Segment | None, Query(description="Only this business unit.")] = None,
    channel: Annotated[Segment | None, Query(description="Only this channel.")] = None,
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
@allow(Audience.analytics)
def top_flop(
    dim: Literal["article", "campaign"],
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
@allow(Audience.analytics)
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
@allow(Audience.analytics)
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
@allow(Audience.analytics)
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
@allow(Audience.analytics)
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
@allow(Audience.analytics)
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
@allow(Audience.editor)
def put_effort(body: EffortCreate, editor: EditorEmployee, session: SessionDep) -> EffortRead:
    """Record the effort (hours, budget) spent on an article or campaign (editors); sending the
    same effort again, also at the same moment, stores it once."""
    effort = roi_service.set_effort(session, body)
    return EffortRead.model_validate(effort, from_attributes=True)


@api_router.get("/exports", response_model=list[ExportRead])
@allow(Audience.admin)
def list_exports(
    admin: AdminEmployee,
    session: SessionDep,
    limit: Annotated[int, Query(ge=1, le=1000, description="Entries at most.")] = 100,
    offset: Annotated[Count, Query(description="Entries to skip.")] = 0,
) -> list[ExportRead]:
    """The export log, newest first: who exported which table with which filters (admins)."""
    return [
        ExportRead.model_validate(r, from_attributes=True)
        for r in audit.list_exports(session, limit, offset)
    ]


@api_router.get("/score-configs", response_model=list[ScoreConfigRead])
@allow(Audience.analytics)
def list_score_configs(_: AnalyticsReader, session: SessionDep) -> list[ScoreConfigRead]:
    """Every Engagement Score version; the last one is used unless a request names another."""
    return [
        ScoreConfigRead(version=v, config=c, note=note)
        for v, c, note in service.score_versions(session)
    ]


@api_router.post(
    "/score-configs",
    response_model=ScoreConfigRead,
    status_code=201,
    responses=error_responses(Conflict),
)
@allow(Audience.analyst)
def create_score_config(
    body: ScoreConfigCreate, analyst: AnalystEmployee, session: SessionDep
) -> ScoreConfigRead:
    """Store new weights as a new version (analysts); all history is re-scored with it. Two
    versions stored at the same moment: the later answers 409 and may be sent again."""
    config = service.ScoreSettings.model_validate(body.model_dump(exclude={"note"}))
    version = service.create_score_version(session, config, body.note)
    return ScoreConfigRead(version=version, config=config, note=body.note)


@api_router.post(
    "/import/{kind}",
    response_model=ImportReport,
    responses=error_responses(DataFileError, PayloadTooLarge),
)
@allow(Audience.analytics)
async def import_file(
    kind: Literal["social-metrics", "conversions", "mentions"],
    request: Request,
    reader: AnalyticsReader,
    session: SessionDep,
    settings: SettingsDep,
    format: Annotated[Literal["csv", "jsonl"], Query(description="Body format.")] = "csv",
    name: Annotated[FileName, Query(description="File name for reports.")] = "upload",
) -> ImportReport:
    """Import a CSV or JSON Lines body; bad rows are listed, good rows stored once."""
    raw = await request.body()
    try:
        content = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DataFileError(name, f"not UTF-8 text ({exc.reason})") from exc
    return importers.import_text(session, settings, kind, name, content, format)


# What the application mounts: the JSON/CSV API and the dashboard page.
router = APIRouter()
router.include_router(api_router)
router.include_router(web.router)
