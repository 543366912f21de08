"""A batch of candidates held column by column, so scoring thousands of them is a few numpy
operations instead of a Python loop."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any

import numpy as np

from coffeemug.feed.ranker.types import Candidate


def epoch_seconds(moment: datetime) -> float:
    """Seconds since 1970 for aware or naive (taken as UTC) datetimes."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.timestamp()


def _readonly(array: np.ndarray) -> np.ndarray:
    array.flags.writeable = False
    return array


@dataclass(frozen=True, slots=True, eq=False)
class CandidateSet:
    """Columnar, read-only view of candidates; build once, rank many times.

    ``topic_index`` holds, per candidate, indices into ``topic_vocab`` padded with ``-1``;
    ``has_embedding`` marks rows of ``embeddings`` that are real (others are zero).

    >>> from datetime import datetime, UTC
    >>> from coffeemug.feed.ranker import Candidate, CandidateSet
    >>> now = datetime(2026, 1, 5, tzinfo=UTC)
    >>> cs = CandidateSet.build([Candidate(1, ("ai",), "en", now), Candidate(2, (), "de", now)])
    >>> len(cs), cs.article_ids.tolist(), cs.topic_vocab
    (2, [1, 2], ('ai',))
    >>> len(cs.subset([1]))
    1
    """

    article_ids: np.ndarray  # int64 (n,)
    topic_vocab: tuple[str, ...]
    topic_index: np.ndarray  # int32 (n, t), -1 = none
    languages: tuple[str, ...]
    published_at: np.ndarray  # float64 epoch seconds (n,)
    embeddings: np.ndarray | None  # float32 (n, dim), unit rows; None if nothing is embedded
    has_embedding: np.ndarray  # bool (n,)
    must_read: np.ndarray  # bool (n,)
    priority: np.ndarray  # float64 (n,)
    impressions: np.ndarray  # float64 (n,)
    engagements: np.ndarray
    segment_impressions: np.ndarray
    segment_engagements: np.ndarray
    segment_labels: tuple[str | None, ...]
    # Values derived from the columns alone (e.g. colleagues' CTR lift), computed on first use
    # and shared by every employee ranked against this set; `replace` starts a fresh one.
    memo: dict[str, Any] = field(default_factory=dict, init=False, repr=False, compare=False)

    def derived(self, key: str, compute: Any) -> Any:
        """``compute()`` once per set and ``key``; later calls return the stored value."""
        found = self.memo.get(key)
        if found is None:
            found = compute()
            self.memo[key] = found
        return found

    @classmethod
    def build(cls, candidates: Sequence[Candidate]) -> CandidateSet:
        """Columns from candidate objects (the candidates are not modified)."""
        n = len(candidates)
        vocab: dict[str, int] = {}
        rows: list[list[int]] = []
        for cand in candidates:
            rows.append(
                [vocab.setdefault(topic, len(vocab)) for topic in dict.fromkeys(cand.topics)]
            )
        width = max((len(r) for r in rows), default=0) or 1
        topic_index = np.full((n, width), -1, dtype=np.int32)
        for i, row in enumerate(rows):
            topic_index[i, : len(row)] = row

        dims = {c.embedding.shape[-1] for c in candidates if c.embedding is not None}
        if len(dims) > 1:
            raise ValueError(f"candidate embeddings have different sizes: {sorted(dims)}")
        embeddings = None
        has_embedding = np.zeros(n, dtype=bool)
        if dims:
            embeddings = np.zeros((n, dims.pop()), dtype=np.float32)
            for i, cand in enumerate(candidates):
                if cand.embedding is not None:
                    embeddings[i] = cand.embedding
                    has_embedding[i] = True
            embeddings = _readonly(embeddings)

        def column(values: list[float], dtype: type = np.float64) -> np.ndarray:
            return _readonly(np.asarray(values, dtype=dtype).reshape(n))

        return cls(
            article_ids=column([c.article_id for c in candidates], np.int64),
            topic_vocab=tuple(vocab),
            topic_index=_readonly(topic_index),
            languages=tuple(c.language for c in candidates),
            published_at=column([epoch_seconds(c.published_at) for c in candidates]),
            embeddings=embeddings,
            has_embedding=_readonly(has_embedding),
            must_read=column([c.must_read for c in candidates], bool),
            priority=column([c.priority for c in candidates]),
            impressions=column([c.impressions for c in candidates]),
            engagements=column([c.engagements for c in candidates]),
            segment_impressions=column([c.segment_impressions for c in candidates]),
            segment_engagements=column([c.segment_engagements for c in candidates]),
            segment_labels=tuple(c.segment_label for c in candidates),
        )

    def __len__(self) -> int:
        return int(self.article_ids.shape[0])

    def subset(self, selector: Sequence[int] | np.ndarray) -> CandidateSet:
        """The candidates at the given indices (or where a boolean mask is true), in that order."""
        sel = np.asarray(selector)
        if sel.dtype == bool:
            if sel.shape != (len(self),):
                raise ValueError("boolean mask must have one entry per candidate")
            sel = np.flatnonzero(sel)
        sel = sel.astype(np.int64, copy=False)

        def take(column: np.ndarray) -> np.ndarray:
            return _readonly(column[sel])

        return CandidateSet(
            article_ids=take(self.article_ids),
            topic_vocab=self.topic_vocab,
            topic_index=take(self.topic_index),
            languages=tuple(self.languages[i] for i in sel),
            published_at=take(self.published_at),
            embeddings=None if self.embeddings is None else take(self.embeddings),
            has_embedding=take(self.has_embedding),
            must_read=take(self.must_read),
            priority=take(self.priority),
            impressions=take(self.impressions),
            engagements=take(self.engagements),
            segment_impressions=take(self.segment_impressions),
            segment_engagements=take(self.segment_engagements),
            segment_labels=tuple(self.segment_labels[i] for i in sel),
        )

    def with_stats(
        self,
        impressions: Sequence[float] | np.ndarray,
        engagements: Sequence[float] | np.ndarray,
        segment_impressions: Sequence[float] | np.ndarray | None = None,
        segment_engagements: Sequence[float] | np.ndarray | None = None,
        segment_label: str | None = None,
    ) -> CandidateSet:
        """The same candidates with fresh colleague counters (arrays aligned with article_ids)."""
        n = len(self)

        def counts(values: Sequence[float] | np.ndarray | None) -> np.ndarray:
            if values is None:
                return _readonly(np.zeros(n))
            array = np.array(values, dtype=np.float64)
            if array.shape != (n,):
                raise ValueError(f"expected {n} counters, got shape {array.shape}")
            return _readonly(array)

        labels = self.segment_labels if segment_label is None else (segment_label,) * n
        return replace(
            self,
            impressions=counts(impressions),
            engagements=counts(engagements),
            segment_impressions=counts(segment_impressions),
            segment_engagements=counts(segment_engagements),
            segment_labels=labels,
        )
