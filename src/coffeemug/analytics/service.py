"""Analytics logic: KPIs per group from rollups, privacy suppression, imports' neighbours."""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from itertools import islice
from typing import Any

import numpy as np
from pyroaring import BitMap
from sqlalchemy.orm import Session

from coffeemug.analytics import disclosure, repository, rollup
from coffeemug.analytics.kpis import (
    DEFAULT_SCORE,
    DEFAULT_SCORE_VERSION,
    KPI_COLUMNS,
    REGISTRY,
    ScoreSettings,
    Totals,
    compute_all,
    engagement_score,
    engagement_scores,
)
from coffeemug.analytics.labels import label, note, title
from coffeemug.analytics.periods import MAX_PERIOD_WEEKS, WEEK_DAYS, resolve_period
from coffeemug.analytics.privacy import (
    Crowd,
    is_visible,
    suppress_partition,
    suppress_table,
)
from coffeemug.analytics.schemas import ArticleFigures, ColumnRead, DueProgress, TableRead
from coffeemug.content.models import Article
from coffeemug.errors import BadRequest, NotFound
from coffeemug.events.catalogue import COUNT_COLUMNS
from coffeemug.people import service as people
from coffeemug.settings import Settings

# Article breakdowns longer than this are decided lazily, page by page (never listed in full).
FULL_LISTING = 1000
LAZY_BATCH = 100

# ------------------------------------------------------------------ score configuration


def score_config(session: Session, version: int | None) -> tuple[int, ScoreSettings]:
    """The Engagement Score configuration of ``version`` (default: the newest)."""
    configs = repository.score_configs(session)
    if version is None:
        if configs:
            latest = configs[-1]
            return latest.version, ScoreSettings.model_validate(latest.config)
        return DEFAULT_SCORE_VERSION, DEFAULT_SCORE
    if version == DEFAULT_SCORE_VERSION and not any(c.version == version for c in configs):
        return DEFAULT_SCORE_VERSION, DEFAULT_SCORE
    row = repository.get_score_config(session, version)
    if row is None:
        raise NotFound(f"score_version {version} does not exist")
    return row.version, ScoreSettings.model_validate(row.config)


def score_versions(session: Session) -> list[tuple[int, ScoreSettings, str]]:
    """Every score version, the built-in default first."""
    stored = repository.score_configs(session)
    result = [(DEFAULT_SCORE_VERSION, DEFAULT_SCORE, "default")]
    result += [(c.version, ScoreSettings.model_validate(c.config), c.note) for c in stored]
    return result


def create_score_version(session: Session, config: ScoreSettings, note: str) -> int:
    """Store new weights as the next version; history is re-scored with it on read."""
    latest = max([DEFAULT_SCORE_VERSION, *(c.version for c in repository.score_configs(session))])
    row = repository.add_score_config(session, latest + 1, config.model_dump(), note)
    return row.version


# ------------------------------------------------------------------ groups and suppression


@dataclass
class Group:
    key: Any
    totals: Totals
    crowd: Crowd
    hidden: bool | None = False  # None: not decided yet (see _take)
    sketched: bool = False
    extra: dict[str, Any] = field(default_factory=dict)
    # Event conversions left out: fewer than k employees converted (analytics.disclosure).
    conversions_withheld: bool = False


def _totals(row: Any) -> Totals:
    return Totals(
        **{col: int(getattr(row, col) or 0) for col in COUNT_COLUMNS},
        conversion_value=float(row.conversion_value or 0.0),
        dwell_seconds=float(row.dwell_seconds or 0.0),
    )


def _attach_sketches(
    session: Session, start: date, end: date, dim: str, groups: list[Group]
) -> None:
    if not groups:
        return
    keys = None if dim == "day" else [str(g.key) for g in groups]
    members = repository.dimension_members(session, start, end, dim, keys)
    must_read = (
        repository.must_read_article_ids(session, [g.key for g in groups])
        if dim == "article"
        else set()
    )
    for group in groups:
        key = group.key if dim == "day" else str(group.key)
        group.crowd = group.crowd.merge(Crowd(members.get(key, BitMap())))
        group.sketched = True
        group.totals.reached = group.crowd.count()
        if group.key in must_read:
            group.totals.must_read_reached = group.totals.reached


def _typed_key(dim: str, key: Any) -> Any:
    return int(key) if dim in ("article", "campaign") else key


def groups_for(
    session: Session,
    settings: Settings,
    start: date,
    end: date,
    dim: str,
    filters: dict[str, str] | None = None,
    rows: Sequence[Any] | None = None,
) -> list[Group]:
    """Totals per value of ``dim``, with suppression decided over the whole breakdown."""
    if dim not in repository.BREAKDOWNS:
        raise BadRequest(
            f"unknown breakdown '{dim}'; use one of {', '.join(repository.BREAKDOWNS)}"
        )
    filters = {k: v for k, v in (filters or {}).items() if v}
    for name in filters:
        if name not in repository.FILTERS:
            raise BadRequest(f"unknown filter '{name}'; use one of {', '.join(repository.FILTERS)}")
    if len(filters) > 1:
        raise BadRequest(
            "at most one filter at a time: combined filters could single out individuals"
        )
    k = settings.privacy_k
    if filters:
        return _filtered_groups(session, k, start, end, dim, filters)
    groups = [
        Group(_typed_key(dim, row.k0), _totals(row), Crowd(floor=int(row.employee_floor or 0)))
        for row in (
            rows if rows is not None else repository.dimension_totals(session, start, end, dim)
        )
    ]
    if dim in disclosure.ARTICLE_SUMS:
        left_out = hidden_articles(session, settings, start, end)
        sums = repository.article_sums_by(session, start, end, dim, left_out)
        disclosure.leave_out_articles(
            groups, {_typed_key(dim, row.k0): _totals(row) for row in sums}
        )
    # Articles are many: sketches only where the day floor cannot already prove k people.
    unsure = [g for g in groups if dim != "article" or g.crowd.lower_bound < k]
    _attach_sketches(session, start, end, dim, unsure)
    by_key = {g.key: g for g in groups}
    hidden = suppress_partition(
        list(by_key),
        {key: g.crowd for key, g in by_key.items()},
        lambda key: by_key[key].totals.events,
        k,
        already={g.key for g in groups if g.hidden},
    )
    for key in hidden:
        by_key[key].hidden = True
    disclosure.withhold_small_conversions(session, k, start, end, dim, groups)
    return groups


def hidden_articles(session: Session, settings: Settings, start: date, end: date) -> set[int]:
    """The articles the article breakdown of the period hides (so that campaign and topic rows
    can leave them out): with complementary suppression where the list is complete, decided
    one by one where it is too long to list (as LazyArticles does)."""
    if not repository.has_more_articles(session, start, end, FULL_LISTING):
        groups = groups_for(session, settings, start, end, "article")
        return {g.key for g in groups if g.hidden}
    few, unsure = repository.articles_short_of(session, start, end, settings.privacy_k)
    return few | {key for key, people in unsure.items() if len(people) < settings.privacy_k}


def _filtered_groups(
    session: Session, k: int, start: date, end: date, dim: str, filters: dict[str, str]
) -> list[Group]:
    # Suppression runs over the full two-way table (filter dimension x breakdown), so that
    # neither rows nor columns can be completed by subtraction from published totals; every
    # cell is decided on the exact number of people behind it in the filtered slice.
    ((fdim, value),) = filters.items()
    by = "article" if dim in disclosure.ARTICLE_SUMS else dim
    rows = repository.filtered_totals(session, start, end, fdim, by)
    cells = {(row.k0, row.k1): row for row in rows}
    members = repository.pair_members(session, start, end, fdim, by)
    crowds = {
        cell: Crowd(members.get((cell[0], cell[1] if by == "day" else str(cell[1])), BitMap()))
        for cell in cells
    }
    hidden = suppress_table(crowds, lambda cell: cells[cell].events or 0, k)
    slice_cells = [cell for cell in cells if cell[0] == value]
    union = Crowd()
    for cell in slice_cells:
        union = union.merge(crowds[cell])
    must_read = (
        repository.must_read_article_ids(session, [c[1] for c in slice_cells])
        if by == "article"
        else set()
    )
    groups = []
    for cell in slice_cells:
        group = Group(cell[1], _totals(cells[cell]), crowds[cell], sketched=True)
        group.hidden = cell in hidden or union.lower_bound < k
        group.totals.reached = group.crowd.count()
        if cell[1] in must_read:
            group.totals.must_read_reached = group.totals.reached
        groups.append(group)
    if by != dim:
        groups = _article_sums(session, dim, groups)
    disclosure.withhold_small_conversions(session, k, start, end, dim, groups, filtered=True)
    return groups


def _article_sums(session: Session, dim: str, articles: list[Group]) -> list[Group]:
    """Campaign or topic rows of a filtered view, summed from its visible article cells; their
    people are the union of those cells' people."""
    visible = {int(g.key): g for g in articles if not g.hidden}
    sums = disclosure.filtered_article_sums(
        dim,
        {key: g.totals for key, g in visible.items()},
        {key: g.crowd for key, g in visible.items()},
        repository.article_memberships(session, visible),
    )
    groups = []
    for key, (totals, crowd) in sums.items():
        totals.reached = crowd.count()
        groups.append(Group(_typed_key(dim, key), totals, crowd, sketched=True))
    return groups


def overall(session: Session, settings: Settings, start: date, end: date) -> Group:
    """Company-wide totals of the period (suppressed only if fewer than k people at all)."""
    rows = repository.dimension_totals(session, start, end, "all")
    if rows:
        group = Group("", _totals(rows[0]), Crowd(floor=int(rows[0].employee_floor or 0)))
    else:
        group = Group("", Totals(), Crowd())
    _attach_sketches(session, start, end, "all", [group])
    group.hidden = group.crowd.lower_bound < settings.privacy_k
    if not disclosure.conversions_shown_overall(session, settings.privacy_k, start, end):
        disclosure.withhold(group)
    # Imported web conversions are business impact too; events' conversions are in the rollups.
    count, value = repository.imported_conversion_totals(session, start, end)
    group.totals.conversions += count
    group.totals.conversion_value += value
    group.totals.paid_impressions, group.totals.event_visits = repository.external_reach(
        session, start, end, by_campaign=False
    ).get("", (0, 0))
    group.totals.must_read_reached = _must_read_reached(session, start, end)
    return group


def _must_read_reached(session: Session, start: date, end: date) -> int | None:
    """Employees reached per must-read article, summed: the acknowledgement rate's base."""
    keys = repository.must_read_keys(session)
    if not keys:
        return None
    people = repository.article_people(session, start, end, keys)
    return sum(people.values()) if people else None


# ------------------------------------------------------------------ tables

SCORE_COLUMNS = ("score", "score_reach", "score_interaction", "score_impact")


def _unit(key: str) -> str:
    if key in REGISTRY:
        return REGISTRY[key].unit
    return "score" if key.startswith("score") else "text"


def columns(keys: Iterable[str], lang: str) -> list[ColumnRead]:
    return [ColumnRead(key=key, label=label(key, lang), unit=_unit(key)) for key in keys]


@dataclass
class Scorer:
    version: int
    config: ScoreSettings

    def values(self, group: Group) -> dict[str, Any]:
        if group.hidden:
            return {key: None for key in (*SCORE_COLUMNS, *KPI_COLUMNS)}
        score = engagement_score(group.totals, self.config, self.version)
        kpis = compute_all(group.totals)
        values = {
            "score": score.score,
            "score_reach": score.reach,
            "score_interaction": score.interaction,
            "score_impact": score.impact,
            **{key: rounded(kpis[key]) for key in KPI_COLUMNS},
        }
        if group.conversions_withheld:
            values |= {"conversions": None, "conversion_value": None}
        return values


def rounded(value: float | None) -> float | None:
    if value is None or isinstance(value, int):
        return value
    # A sum that overflowed (rolled up before the edge bounded amounts) is no figure to show.
    return round(float(value), 4) if math.isfinite(value) else None


def labels(session: Session, dim: str, keys: Iterable[Any], lang: str) -> dict[Any, str]:
    keys = list(keys)
    if dim == "article":
        return {i: a.title for i, a in repository.articles_by_id(session, keys).items()}
    if dim == "campaign":
        return {i: c.name for i, c in repository.campaigns_by_id(session, keys).items()}
    if dim == "topic":
        return {i: t.name(lang) for i, t in repository.all_topics(session).items()}
    return {key: str(key) for key in keys}


def _add_imported_conversions(
    session: Session, dim: str, groups: list[Group], start: date, end: date, complete: bool
) -> None:
    """Imported web conversions naming an article or campaign count in its row; with
    ``complete`` (an unfiltered breakdown) an item with imported conversions but no events of
    the period gets a row of its own. Imported conversions are outsiders' actions: no
    employee is behind such a row, so it is shown as delivered (docs/privacy.md)."""
    if dim == "article":
        extra = repository.imported_conversions_by_article(session, start, end)
    elif dim == "campaign":
        extra = repository.imported_conversions_by_campaign(session, start, end)
    else:
        return
    for group in groups:
        count, value = extra.get(group.key, (0, 0.0))
        group.totals.conversions += count
        group.totals.conversion_value += value
    if not complete:
        return
    present = {group.key for group in groups}
    existing = repository.existing_ids(session, dim, [key for key in extra if key not in present])
    for key in sorted(existing):
        count, value = extra[key]
        totals = Totals(conversions=count, conversion_value=value, reached=0)
        groups.append(Group(key, totals, Crowd(), sketched=True))


def _add_external_reach(session: Session, groups: list[Group], start: date, end: date) -> None:
    """Paid impressions and event visits of each campaign (imported, no employee behind them);
    a campaign with only these gets a row of its own."""
    reach = repository.external_reach(session, start, end, by_campaign=True)
    by_key = {group.key: group for group in groups}
    for key in sorted(repository.existing_ids(session, "campaign", set(reach) - set(by_key))):
        by_key[key] = Group(key, Totals(reached=0), Crowd(), sketched=True)
        groups.append(by_key[key])
    for key, (paid, visits) in reach.items():
        if key in by_key:
            by_key[key].totals.paid_impressions += paid
            by_key[key].totals.event_visits += visits


def make_table(
    name: str,
    title: str,
    start: date,
    end: date,
    settings: Settings,
    columns: list[ColumnRead],
    rows: list[dict[str, Any]],
    version: int | None = None,
    note: str = "",
) -> TableRead:
    return TableRead(
        name=name,
        title=title,
        start=start,
        end=end,
        k=settings.privacy_k,
        score_version=version,
        columns=columns,
        rows=rows,
        suppressed_rows=sum(1 for row in rows if row.get("suppressed")),
        note=note,
    )


class LazyArticles:
    """A long article breakdown, ranked with numpy from a few sums per article; full totals and
    Group objects are fetched and built only for the rows a caller walks through (see ``take``).

    Too many rows to list in full, so nobody can subtract the visible rows from a total: each
    article is decided on its own, a sketch read only where the day floor is not enough.

    Whether an article's event conversions count (disclosure rule 1) moves its score, and for
    many articles only their set of converters can tell. Those are read only for the rows
    walked through: an undecided article is ranked by the score it would have with (best
    first) or without (worst first) its conversions, and the walk decides the undecided ones
    among its next rows until none is left there. Deciding only ever lowers an upper bound or
    raises a lower one, so the rows before stay where they are: the order is exactly the
    order of the exact scores.
    """

    def __init__(
        self,
        session: Session,
        settings: Settings,
        start: date,
        end: date,
        ranking: dict[str, np.ndarray],
        scorer: Scorer,
    ) -> None:
        k = settings.privacy_k
        self.session, self.start, self.end = session, start, end
        self.ranking, self.config = ranking, scorer.config
        self.keys = ranking["key"].tolist()
        extra = repository.imported_conversions_by_article(session, start, end)
        self.extra = extra
        self.gate = disclosure.ConversionGate.for_articles(session, k, start, end, ranking)
        self.value = ranking["conversion_value"] + np.array(
            [
                extra.get(key, (0, 0.0))[1] - self.gate.withheld_value.get(key, 0.0)
                for key in self.keys
            ],
            dtype=float,
        )
        # Event conversion value of the articles not decided yet (0 where decided).
        self.open_value = np.array([self.gate.undecided.get(key, 0.0) for key in self.keys])
        self.hidden_certain = ranking["events"] < k
        self.visible_certain = ranking["employee_floor"] >= k
        self._score()

    def _score(self) -> None:
        def score(value: np.ndarray) -> np.ndarray:
            return engagement_scores(
                self.ranking["impressions"], self.ranking["interactions"], value, self.config
            )

        self.high = score(self.value)  # exact where decided
        self.low = score(self.value - self.open_value)

    def _decide(self, indexes: list[int]) -> None:
        indexes = [i for i in indexes if self.keys[i] in self.gate.undecided]
        if not indexes:
            return
        self.gate.decide([self.keys[i] for i in indexes])
        for i in indexes:
            if self.open_value[i] and self.keys[i] in self.gate.withheld_value:
                self.value[i] -= self.open_value[i]
            self.open_value[i] = 0.0
        self._score()

    def _ordered(self, count: int, best_first: bool) -> list[int]:
        """The first ``count`` rows in order: best first with certainly hidden articles last
        and ties by id (np.lexsort: last key is primary), or worst first without them."""
        keys = self.ranking["key"]
        while True:
            if best_first:
                order = np.lexsort((keys, -self.high, self.hidden_certain))
            else:
                shown = np.flatnonzero(~self.hidden_certain)
                order = shown[np.lexsort((-keys[shown], self.low[shown]))]
            first = order[:count].tolist()
            undecided = [i for i in first if self.open_value[i]]
            if not undecided:
                return first
            self._decide(undecided)

    def _groups(self, indexes: list[int]) -> list[Group]:
        if not indexes:
            return []
        self._decide(indexes)
        keys = [str(self.keys[i]) for i in indexes]
        rows = repository.dimension_totals(self.session, self.start, self.end, "article", keys)
        by_key = {int(row.k0): row for row in rows}
        return [self._group(i, by_key[self.keys[i]]) for i in indexes]

    def _group(self, i: int, row: Any) -> Group:
        group = Group(self.keys[i], _totals(row), Crowd(floor=int(row.employee_floor or 0)))
        self.gate.apply(group)
        count, value = self.extra.get(group.key, (0, 0.0))
        group.totals.conversions += count
        group.totals.conversion_value += value
        if self.hidden_certain[i]:
            group.hidden = True
        elif self.visible_certain[i]:
            group.hidden = False
        else:
            group.hidden = None
        group.extra["score"] = float(self.high[i])
        return group

    def _walk(self, best_first: bool) -> Iterator[Group]:
        # Small first batches: a top 10 rarely needs more than the first few dozen rows.
        total = len(self.keys) if best_first else int((~self.hidden_certain).sum())
        start, size = 0, 20
        while start < total:
            yield from self._groups(self._ordered(start + size, best_first)[start:])
            start, size = start + size, min(2 * size, LAZY_BATCH)

    def __iter__(self) -> Iterator[Group]:
        return self._walk(best_first=True)

    def __reversed__(self) -> Iterator[Group]:
        # Certainly hidden articles would be skipped anyway: never build them.
        return self._walk(best_first=False)

    def only(self, keys: set[Any]) -> list[Group]:
        mine = [i for i, key in enumerate(self.keys) if key in keys]
        self._decide(mine)
        mine.sort(key=lambda i: (bool(self.hidden_certain[i]), -self.high[i], self.keys[i]))
        return self._groups(mine)


def scored_groups(
    session: Session,
    settings: Settings,
    dim: str,
    start: date,
    end: date,
    filters: dict[str, str] | None,
    version: int | None,
) -> tuple[Scorer, list[Group] | LazyArticles]:
    """Groups of a breakdown ordered by Engagement Score (best first, suppressed last)."""
    scorer = Scorer(*score_config(session, version))
    if dim == "article" and not filters:
        ranking = repository.article_ranking(session, start, end)
        if len(ranking["key"]) > FULL_LISTING:
            return scorer, LazyArticles(session, settings, start, end, ranking, scorer)
    groups = groups_for(session, settings, start, end, dim, filters)
    _add_imported_conversions(session, dim, groups, start, end, complete=not filters)
    if dim == "campaign" and not filters:
        _add_external_reach(session, groups, start, end)
    for g in groups:
        g.extra["score"] = engagement_score(g.totals, scorer.config, scorer.version).score
    groups.sort(key=lambda g: (g.hidden is True, -g.extra["score"], str(g.key)))
    return scorer, groups


def _rankable(t: Totals) -> bool:
    """Whether a top or flop list may name the item: something reached people or it had
    imported results."""
    return bool(t.impressions or t.conversions or t.paid_impressions or t.event_visits)


def take(
    session: Session,
    settings: Settings,
    start: date,
    end: date,
    dim: str,
    groups: Iterable[Group],
    count: int,
    visible_only: bool,
) -> list[Group]:
    """The first ``count`` groups, deciding undecided ones batch by batch."""
    chosen: list[Group] = []
    walk = iter(groups)
    size = max(10, min(LAZY_BATCH, 2 * count))
    while batch := list(islice(walk, size)):
        undecided = [g for g in batch if g.hidden is None]
        _attach_sketches(session, start, end, dim, [g for g in undecided if not g.sketched])
        for g in undecided:
            g.hidden = g.crowd.lower_bound < settings.privacy_k
        for g in batch:
            # Top lists name items with something to rank: impressions or imported results.
            if visible_only and (g.hidden or not _rankable(g.totals)):
                continue
            chosen.append(g)
            if len(chosen) == count:
                break
        if len(chosen) == count:
            break
    if dim == "article":
        # Reach of the chosen articles, whose sketches were skipped when the floor sufficed.
        _attach_sketches(
            session, start, end, dim, [g for g in chosen if not g.sketched and not g.hidden]
        )
    return chosen


def _group_rows(
    session: Session, dim: str, groups: list[Group], scorer: Scorer, lang: str
) -> list[dict[str, Any]]:
    names = labels(session, dim, [g.key for g in groups], lang)
    return [
        {
            "key": str(g.key),
            "label": names.get(g.key, str(g.key)),
            "suppressed": bool(g.hidden),
            **scorer.values(g),
        }
        for g in groups
    ]


def breakdown_table(
    session: Session,
    settings: Settings,
    dim: str,
    start: date,
    end: date,
    lang: str = "en",
    filters: dict[str, str] | None = None,
    version: int | None = None,
    limit: int = 100,
) -> TableRead:
    """KPIs and Engagement Score per value of one dimension."""
    filters = {name: value for name, value in (filters or {}).items() if value}
    scorer, groups = scored_groups(session, settings, dim, start, end, filters, version)
    if dim == "day" and isinstance(groups, list):
        groups.sort(key=lambda g: g.key)
    shown = take(session, settings, start, end, dim, groups, limit, visible_only=False)
    return make_table(
        f"breakdown-{dim}",
        title(f"breakdown-{dim}", lang),
        start,
        end,
        settings,
        columns(("key", "label", "suppressed", *SCORE_COLUMNS, *KPI_COLUMNS), lang),
        _group_rows(session, dim, shown, scorer, lang),
        scorer.version,
        note("suppression", lang),
    )


def overview_table(
    session: Session, settings: Settings, start: date, end: date, lang: str, version: int | None
) -> TableRead:
    """The period's company-wide KPIs and Engagement Score."""
    scorer = Scorer(*score_config(session, version))
    group = overall(session, settings, start, end)
    values = scorer.values(group)
    rows = [
        {"kpi": key, "label": label(key, lang), "value": values[key]}
        for key in (*SCORE_COLUMNS, *KPI_COLUMNS)
    ]
    return make_table(
        "overview",
        title("overview", lang),
        start,
        end,
        settings,
        columns(("kpi", "label", "value"), lang),
        rows,
        scorer.version,
        note("suppression", lang) if group.hidden else "",
    )


def top_flop_table(
    session: Session,
    settings: Settings,
    dim: str,
    which: str,
    start: date,
    end: date,
    lang: str,
    version: int | None,
    n: int = 10,
) -> TableRead:
    """The n best or worst articles or campaigns by Engagement Score (never a suppressed one)."""
    if dim not in ("article", "campaign"):
        raise BadRequest("top/flop lists exist for 'article' and 'campaign'")
    if which not in ("top", "flop"):
        raise BadRequest("which must be 'top' or 'flop'")
    scorer, groups = scored_groups(session, settings, dim, start, end, None, version)
    ordered = iter(groups) if which == "top" else reversed(groups)
    chosen = take(session, settings, start, end, dim, ordered, n, visible_only=True)
    return make_table(
        f"{which}-{dim}",
        title(f"{which}-{dim}", lang),
        start,
        end,
        settings,
        columns(("key", "label", "suppressed", *SCORE_COLUMNS, *KPI_COLUMNS), lang),
        _group_rows(session, dim, chosen, scorer, lang),
        scorer.version,
    )


def conversions_table(
    session: Session, settings: Settings, start: date, end: date, lang: str
) -> TableRead:
    """Conversions and their value by kind, from events and imported web conversions."""
    events = repository.event_conversions_by_kind(session, start, end)
    imported = repository.imported_conversions_by_kind(session, start, end)
    converters = repository.conversion_members(session, start, end, "kind")
    kinds = sorted(set(events) | set(imported))
    # Imported conversions are outsiders' actions; only the event part has employees behind it,
    # counted exactly (the people who converted).
    crowds = {
        kind: Crowd(converters.get(kind, BitMap()))
        if kind in events
        else Crowd(floor=settings.privacy_k)
        for kind in kinds
    }
    hidden = suppress_partition(
        kinds, crowds, lambda kind: events.get(kind, (0, 0.0, 0))[0], settings.privacy_k
    )
    rows: list[dict[str, Any]] = []
    for kind in kinds:
        if kind in hidden:
            continue
        e_count, e_value, _ = events.get(kind, (0, 0.0, 0))
        i_count, i_value = imported.get(kind, (0, 0.0))
        rows.append(
            {
                "kind": kind,
                "suppressed": False,
                "conversions": e_count + i_count,
                "conversion_value": rounded(round(e_value + i_value, 2)),
            }
        )
    if hidden:
        # The kinds themselves stay hidden too: an event's kind is what one employee sent.
        rows.append(
            {"kind": None, "suppressed": True, "conversions": None, "conversion_value": None}
        )
    return make_table(
        "conversions",
        title("conversions", lang),
        start,
        end,
        settings,
        columns(("kind", "suppressed", "conversions", "conversion_value"), lang),
        rows,
    )


def chosen_groups(
    session: Session,
    settings: Settings,
    dim: str,
    start: date,
    end: date,
    keys: set[Any],
    version: int | None,
) -> tuple[Scorer, list[Group]]:
    """The groups of ``keys`` (articles or campaigns) in a breakdown of all of them, each
    decided as in that breakdown (the same suppression), with their reach."""
    scorer, groups = scored_groups(session, settings, dim, start, end, None, version)
    mine = (
        groups.only(keys)
        if isinstance(groups, LazyArticles)
        else [g for g in groups if g.key in keys]
    )
    take(session, settings, start, end, dim, mine, len(mine), visible_only=False)
    return scorer, mine


def article_figures(
    session: Session, settings: Settings, article_ids: Sequence[int], today: date | None = None
) -> dict[int, ArticleFigures]:
    """The desk's figures per article over the longest period analytics answers for (ending
    this week), from the rollups, suppressed like the dashboard's article breakdown."""
    end = today or date.today()
    start = end - timedelta(days=(MAX_PERIOD_WEEKS - 1) * WEEK_DAYS)
    start, end = resolve_period(start, end)
    _, groups = chosen_groups(session, settings, "article", start, end, set(article_ids), None)
    figures = {a: ArticleFigures(article_id=a, shown=False) for a in article_ids}
    for group in groups:
        if group.hidden:
            continue
        kpis = compute_all(group.totals)
        figures[group.key] = ArticleFigures(
            article_id=group.key,
            shown=True,
            impressions=group.totals.impressions,
            reached=group.totals.reached,
            open_rate=kpis["open_rate"],
            likes=group.totals.likes,
            dismissals=group.totals.dismissals,
            acknowledgement_rate=kpis["acknowledgement_rate"],
            acknowledgements=group.totals.acknowledgements,
        )
    return figures


def due_progress(
    session: Session,
    settings: Settings,
    articles: Sequence[Article],
    figures: dict[int, ArticleFigures],
    now: datetime,
) -> dict[int, DueProgress]:
    """Each must-read with a due date: the people of its audience who acknowledged it, from its
    ``article_figures``; shown only where neither those who did nor those who did not are
    fewer than k."""
    k = settings.privacy_k
    result: dict[int, DueProgress] = {}
    for article in articles:
        if not article.must_read or article.due_at is None:
            continue
        audience = people.audience_size(
            session,
            article.audience_regions,
            article.audience_business_units,
            article.audience_languages,
        )
        figure = figures.get(article.id)
        # Rollups count acknowledgements, not people: never more than the audience.
        acknowledged = min(figure.acknowledgements, audience) if figure and figure.shown else 0
        shown = (
            figure is not None
            and figure.shown
            and is_visible(Crowd(floor=acknowledged), k)
            and is_visible(Crowd(floor=audience - acknowledged), k)
        )
        result[article.id] = DueProgress(
            article_id=article.id,
            due_at=article.due_at,
            overdue=article.due_at <= now,
            shown=shown,
            audience=audience if shown else 0,
            acknowledged=acknowledged if shown else 0,
        )
    return result


def data_as_of(session: Session) -> datetime | None:
    """How fresh every figure is: the events ingested before this moment are rolled up (the
    rollup's watermark); None before the first rollup."""
    return rollup.watermark(session)
