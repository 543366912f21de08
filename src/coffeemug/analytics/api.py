"""``/api/analytics``: KPIs, breakdowns, imports, effort and score configuration.

Readable by analysts and editors; every table answers as JSON or, with ``format=csv``, as CSV.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Annotated, Any, Literal, get_type_hints

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response

from coffeemug.access import Audience, allow
from coffeemug.analytics import audit, importers, service, tables
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
from coffeemug.fields import Count, Day, Text
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
            slug=k.slug,
            title=k.title_in(lang),
            unit=k.unit,
            group=k.group,
            description=k.description_in(lang),
        )
        for k in REGISTRY.values()
    ]


def _endpoint(table: tables.Table) -> Callable[..., TableRead | Response]:
    """One GET endpoint for a registered table: the period, language and format every table
    takes, then the table's own parameters (as its function declares them)."""

    def endpoint(
        request: Request,
        reader: AnalyticsReader,
        session: SessionDep,
        settings: SettingsDep,
        start: Start = None,
        end: End = None,
        lang: Lang = "en",
        format: Format = "json",
        **params: Any,
    ) -> TableRead | Response:
        first, last = resolve_period(start, end)
        period = tables.Period(session, settings, first, last, lang)
        return respond(table.build(period, **params), format, request, session, reader)

    hints = get_type_hints(endpoint, include_extras=True)
    common = [
        p.replace(annotation=hints[p.name], kind=inspect.Parameter.KEYWORD_ONLY)
        for p in inspect.signature(endpoint).parameters.values()
        if p.kind is not inspect.Parameter.VAR_KEYWORD
    ]
    own_hints = get_type_hints(table.build, include_extras=True)
    own = [
        p.replace(annotation=own_hints[p.name], kind=inspect.Parameter.KEYWORD_ONLY)
        for p in list(inspect.signature(table.build).parameters.values())[1:]
    ]
    endpoint.__signature__ = inspect.Signature([*common, *own])  # type: ignore[attr-defined]
    endpoint.__name__ = table.build.__name__
    endpoint.__doc__ = table.build.__doc__
    # Every table is read by the same audience; the authorization matrix sees each generated
    # route with this declaration.
    return allow(Audience.analytics)(endpoint)


for _table in tables.TABLES:
    api_router.add_api_route(
        _table.path, _endpoint(_table), methods=["GET"], response_model=TableRead
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
    kind: Literal["social-metrics", "conversions", "mentions", "paid-impressions", "event-visits"],
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


router = api_router
