"""The event catalogue is the one declaration of the vocabulary: everything derived agrees."""

from __future__ import annotations

import re

from sqlalchemy import Engine, inspect

from coffeemug.analytics.kpis import Totals
from coffeemug.analytics.models import SUMMED
from coffeemug.events.catalogue import COUNT_COLUMNS, EVENTS, PAYLOAD
from coffeemug.events.models import Event, EventType
from coffeemug.feed.learning import FEEDBACK_KINDS
from coffeemug.feed.ranker import FeedbackKind

ROLLUP_KEYS = {
    "analytics_segment_days": {"day", "channel", "region", "business_unit"},
    "analytics_dimension_days": {"day", "dim", "key"},
    "analytics_article_lives": {"key", "first_day", "last_day"},
    "analytics_filtered_article_weeks": {"day", "filter_dim", "value", "article_id"},
}


def test_migrated_rollup_tables_have_one_column_per_counter(engine: Engine) -> None:
    inspector = inspect(engine)
    for table, keys in ROLLUP_KEYS.items():
        columns = {c["name"] for c in inspector.get_columns(table)}
        assert columns == keys | set(SUMMED) | {"employees"}, table
    assert set(COUNT_COLUMNS) <= set(SUMMED)


def test_types_are_object_verb_names_that_fit_the_column() -> None:
    width = Event.__table__.c.type.type.length
    for spec in EVENTS:
        assert re.fullmatch(r"[a-z]+_[a-z_]+", spec.type), spec.type
        assert len(spec.type) <= width, spec.type
    assert [t.value for t in EventType] == [spec.type for spec in EVENTS]


def test_feedback_and_payload_refer_to_what_exists() -> None:
    for spec in EVENTS:
        assert spec.feedback is None or spec.feedback in set(FeedbackKind), spec.type
        assert set(spec.required) <= set(spec.payload) <= set(PAYLOAD), spec.type
    assert FEEDBACK_KINDS["comment_posted"] is FeedbackKind.commented
    assert "share_clicked" not in FEEDBACK_KINDS


def test_types_sharing_a_counter_agree_whether_it_is_an_interaction() -> None:
    by_counter: dict[str, set[bool]] = {}
    for spec in EVENTS:
        if spec.counter:
            by_counter.setdefault(spec.counter, set()).add(spec.interaction)
    assert all(len(flags) == 1 for flags in by_counter.values()), by_counter
    assert set(by_counter) == set(COUNT_COLUMNS[1:])


def test_kpi_totals_carry_every_count() -> None:
    totals = Totals(share_clicks=3, comments=2)
    assert totals.add(Totals(share_clicks=1)).share_clicks == 4
    assert all(hasattr(totals, name) for name in COUNT_COLUMNS)
