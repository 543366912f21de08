"""The per-worker cache of live articles: audiences are masks over one shared set, and
colleagues' counters are loaded per segment and line up with every language set."""

from __future__ import annotations

import numpy as np
from sqlalchemy.orm import Session

from coffeemug.db import utcnow
from coffeemug.feed import live
from coffeemug.feed.models import ArticleStats
from coffeemug.feed.ranker.candidates import epoch_seconds
from factories import make_article


def test_audience_is_a_mask_over_the_shared_language_set(session: Session) -> None:
    live.clear()
    everyone = make_article(session, language="en")
    nordics = make_article(session, language="en", audience_regions=["Nordics"])
    german = make_article(session, language="de")
    now = utcnow()
    articles = live.live_articles(session, now)
    here = articles.audience("Nordics", "Mobility", ("en",), epoch_seconds(now))
    there = articles.audience("Americas", "Mobility", ("en",), epoch_seconds(now))
    shared = articles.language_set(("en",)).candidates
    assert here.base is shared and there.base is shared  # no copy per audience
    assert set(shared.article_ids[here.visible].tolist()) == {everyone.id, nordics.id}
    assert set(shared.article_ids[there.visible].tolist()) == {everyone.id}
    assert german.id not in shared.article_ids.tolist()
    assert there.candidates.article_ids.tolist() == [everyone.id]


def test_counters_line_up_with_each_language_set(session: Session) -> None:
    live.clear()
    english = make_article(session, language="en")
    german = make_article(session, language="de")
    quiet = make_article(session, language="de")
    session.add_all(
        [
            ArticleStats(article_id=english.id, segment="*", impressions=40, engagements=4),
            ArticleStats(article_id=german.id, segment="*", impressions=30, engagements=9),
            ArticleStats(article_id=german.id, segment="bu:Mobility", impressions=5, engagements=2),
        ]
    )
    session.flush()
    articles = live.live_articles(session, utcnow())
    for languages in (("de",), ("de", "en")):
        cs = live.with_stats(
            session, articles.language_set(languages), "Mobility", 60.0, articles=articles
        )
        by_id = dict(zip(cs.article_ids.tolist(), range(len(cs)), strict=True))
        expected = {english.id: (40, 4, 0, 0), german.id: (30, 9, 5, 2), quiet.id: (0, 0, 0, 0)}
        for article_id, row in by_id.items():
            got = (
                cs.impressions[row],
                cs.engagements[row],
                cs.segment_impressions[row],
                cs.segment_engagements[row],
            )
            assert np.allclose(got, expected[article_id])
        assert set(cs.segment_labels) == {"Mobility"}
