"""``/api/articles/{id}/comments``, ``/api/moderation/...`` and the signed webhook."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Path, Query, Request, Response
from pydantic import ValidationError

from coffeemug.access import Audience, allow
from coffeemug.analytics.periods import resolve_period
from coffeemug.csv_cells import write_csv
from coffeemug.deps import (
    AdminEmployee,
    CurrentEmployee,
    ModeratorEmployee,
    SessionDep,
    SettingsDep,
    run_and_commit,
)
from coffeemug.errors import (
    Conflict,
    Forbidden,
    NotAuthenticated,
    NotFound,
    ValidationFailed,
    error_responses,
)
from coffeemug.fields import Count, Day, DbId, Label, Text
from coffeemug.listening import (
    audit,
    discussion,
    facts,
    ingest,
    replies,
    repository,
    service,
    stats,
)
from coffeemug.listening.schemas import (
    ApprovalList,
    ApprovalRead,
    AssignBody,
    AuditList,
    AuditRead,
    ClusterRead,
    CommentCreate,
    CommentList,
    CommentRead,
    CrisisBody,
    CrisisRead,
    DiscussionMap,
    DispositionBody,
    FactCreate,
    FactList,
    FactRead,
    HideBody,
    HideResult,
    IngestResult,
    ItemList,
    ItemRead,
    LabelName,
    ReplyCreate,
    ReplyRead,
    StatsTable,
    StatusName,
    SuggestionList,
    WebhookBody,
)
from coffeemug.people.models import Employee, Role
from coffeemug.text.embeddings import get_encoder

router = APIRouter(
    tags=["listening"],
    responses=error_responses(NotAuthenticated, Forbidden, NotFound),
)


def require_figures_reader(employee: CurrentEmployee) -> Employee:
    """Moderation figures are k-suppressed team figures: moderators, analysts and editors."""
    if not any(employee.has_role(r) for r in (Role.moderator, Role.analyst, Role.editor)):
        raise Forbidden("moderation figures need the role 'moderator', 'analyst' or 'editor'")
    return employee


FiguresReader = Annotated[Employee, Depends(require_figures_reader)]
TopicId = Text(64, min_length=1)
SourceName = Text(64, min_length=1)


@router.post("/api/articles/{article_id}/comments", status_code=201)
@allow(Audience.employee)
def post_comment(
    article_id: DbId,
    body: CommentCreate,
    session: SessionDep,
    settings: SettingsDep,
    employee: CurrentEmployee,
) -> CommentRead:
    return service.post_comment(session, settings, employee, article_id, body.body)


@router.get("/api/articles/{article_id}/comments")
@allow(Audience.employee)
def list_comments(article_id: DbId, session: SessionDep, employee: CurrentEmployee) -> CommentList:
    return CommentList(items=service.comments_for(session, employee, article_id))


@router.get("/api/moderation/items")
@allow(Audience.moderation)
def list_items(
    session: SessionDep,
    moderator: ModeratorEmployee,
    status: Annotated[StatusName | None, Query()] = None,
    label: Annotated[LabelName | None, Query()] = None,
    source: Annotated[SourceName | None, Query()] = None,
    topic: Annotated[TopicId | None, Query()] = None,
    language: Annotated[Text(8) | None, Query()] = None,
    team: Annotated[Label | None, Query()] = None,
    thread_id: Annotated[DbId | None, Query()] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    offset: Annotated[Count, Query()] = 0,
) -> ItemList:
    filters = repository.ItemFilter(
        status=status,
        label=label,
        source=source,
        topic=topic,
        language=language,
        team=team,
        thread_id=thread_id,
        limit=limit,
        offset=offset,
    )
    return ItemList(items=service.list_items(session, filters))


@router.get("/api/moderation/items/{item_id}")
@allow(Audience.moderation)
def get_item(item_id: DbId, session: SessionDep, moderator: ModeratorEmployee) -> ItemRead:
    return service.read_item(session, item_id)


@router.post("/api/moderation/items/{item_id}/assign")
@allow(Audience.moderation)
def assign(
    item_id: DbId, body: AssignBody, session: SessionDep, moderator: ModeratorEmployee
) -> ItemRead:
    return service.assign(session, moderator, item_id, body.assignee_id, body.team)


@router.post(
    "/api/moderation/items/{item_id}/disposition",
    responses=error_responses(Conflict, ValidationFailed),
)
@allow(Audience.moderation)
def disposition(
    item_id: DbId, body: DispositionBody, session: SessionDep, moderator: ModeratorEmployee
) -> ItemRead:
    return service.set_disposition(session, moderator, item_id, body.status, body.reason_code)


@router.post(
    "/api/moderation/items/{item_id}/reply",
    status_code=201,
    responses=error_responses(Conflict, ValidationFailed),
)
@allow(Audience.moderation)
def reply(
    item_id: DbId,
    body: ReplyCreate,
    session: SessionDep,
    settings: SettingsDep,
    moderator: ModeratorEmployee,
) -> ReplyRead:
    return replies.reply(session, settings, moderator, item_id, body)


@router.post("/api/moderation/items/{item_id}/hide", responses=error_responses(Conflict))
@allow(Audience.moderation)
def hide(
    item_id: DbId, body: HideBody, session: SessionDep, moderator: ModeratorEmployee
) -> HideResult:
    status, approval_id = service.hide(
        session, moderator, item_id, body.reason, body.request_approval
    )
    return HideResult(item_id=item_id, status=status, approval_id=approval_id)


@router.get("/api/moderation/items/{item_id}/suggestions")
@allow(Audience.moderation)
def suggestions(item_id: DbId, session: SessionDep, moderator: ModeratorEmployee) -> SuggestionList:
    item = service.get_item(session, item_id)
    return SuggestionList(items=facts.suggest(session, item, get_encoder()))


@router.get("/api/moderation/approvals")
@allow(Audience.moderation)
def approvals(session: SessionDep, moderator: ModeratorEmployee) -> ApprovalList:
    return ApprovalList(items=replies.pending(session))


@router.post("/api/moderation/approvals/{approval_id}/approve", responses=error_responses(Conflict))
@allow(Audience.moderation)
def approve(
    approval_id: DbId, session: SessionDep, settings: SettingsDep, moderator: ModeratorEmployee
) -> ApprovalRead:
    return replies.approve(session, settings, moderator, approval_id)


@router.post("/api/moderation/replies/{reply_id}/sent")
@allow(Audience.moderation)
def mark_sent(reply_id: DbId, session: SessionDep, moderator: ModeratorEmployee) -> ReplyRead:
    return replies.mark_sent(session, moderator, reply_id)


@router.get("/api/moderation/facts")
@allow(Audience.moderation)
def list_facts(session: SessionDep, moderator: ModeratorEmployee) -> FactList:
    return FactList(items=facts.list_facts(session))


@router.post("/api/moderation/facts", status_code=201)
@allow(Audience.moderation)
def create_fact(body: FactCreate, session: SessionDep, moderator: ModeratorEmployee) -> FactRead:
    return facts.save_fact(session, moderator, body, get_encoder())


@router.put("/api/moderation/facts/{fact_id}")
@allow(Audience.moderation)
def update_fact(
    fact_id: DbId, body: FactCreate, session: SessionDep, moderator: ModeratorEmployee
) -> FactRead:
    return facts.save_fact(session, moderator, body, get_encoder(), fact_id)


@router.post("/api/moderation/topics/{topic_id}/crisis")
@allow(Audience.moderation)
def crisis(
    topic_id: TopicId, body: CrisisBody, session: SessionDep, moderator: ModeratorEmployee
) -> CrisisRead:
    return service.set_crisis(session, moderator, topic_id, body.reason)


@router.get("/api/moderation/audit")
@allow(Audience.admin)
def audit_log(
    session: SessionDep,
    admin: AdminEmployee,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    before: Annotated[DbId | None, Query()] = None,
) -> AuditList:
    entries = repository.audit_page(session, limit, before)
    return AuditList(
        items=[AuditRead.model_validate(e, from_attributes=True) for e in entries],
        chain_ok=audit.verify_log(session).ok,
    )


@router.get("/api/moderation/map")
@allow(Audience.moderation)
def discussion_map(session: SessionDep, moderator: ModeratorEmployee) -> DiscussionMap:
    clusters = discussion.discussion_map(session, get_encoder())
    return DiscussionMap(clusters=[ClusterRead(**vars(c)) for c in clusters])


Start = Annotated[Day | None, Query(description="First day (default: 30 days ago).")]
End = Annotated[Day | None, Query(description="Last day, inclusive (default: today).")]
Format = Annotated[Literal["json", "csv"], Query(alias="format")]
StatsName = Annotated[
    Literal["teams", "topics", "follow-ups"],
    Path(
        description="teams: time to first response and share of criticism answered per team; "
        "topics: volume and negative share per topic and day (k-suppressed by distinct "
        "authors); follow-ups: negative share in a thread in the 24 hours before and after "
        "the newsroom's reply."
    ),
]


@router.get("/api/moderation/stats/{table}", response_model=None)
@allow(Audience.moderation_figures)
def moderation_stats(
    table: StatsName,
    session: SessionDep,
    settings: SettingsDep,
    reader: FiguresReader,
    start: Start = None,
    end: End = None,
    fmt: Format = "json",
) -> StatsTable | Response:
    """The moderation figures of a period as JSON or CSV, k-suppressed."""
    first, last = resolve_period(start, end)
    figures = stats.TABLES[table](session, settings, first, last)
    if fmt == "csv":
        cells = ([r.get(c) for c in figures.columns] for r in figures.rows)
        return Response(
            write_csv(figures.columns, cells),
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": f'attachment; filename="moderation-{table}.csv"'},
        )
    return StatsTable(columns=figures.columns, rows=figures.rows)


@router.post(
    "/api/listening/webhook/{source}",
    status_code=202,
    responses=error_responses(ValidationFailed),
)
@allow(Audience.anyone)
async def webhook(
    source: SourceName, request: Request, session: SessionDep, settings: SettingsDep
) -> IngestResult:
    """Items from an external source, signed with the source's secret. The answer (202) comes
    only after they are stored; a replayed item is counted as a duplicate, not stored twice."""
    raw = await request.body()
    ingest.check_signature(settings, source, raw, request.headers.get(ingest.SIGNATURE_HEADER))
    try:
        body = WebhookBody.model_validate_json(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first.get("loc", ()))
        raise ValidationFailed(f"body.{where}: {first.get('msg')}", fields=[where]) from None
    return await run_and_commit(
        session, lambda: ingest.store(session, settings, source, body.items)
    )
