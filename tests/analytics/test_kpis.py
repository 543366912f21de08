"""KPI definitions against hand-computed examples."""

from __future__ import annotations

import pytest

from coffeemug.analytics.kpis import (
    REGISTRY,
    ScoreSettings,
    Totals,
    compute_all,
    engagement_score,
)
from coffeemug.i18n import translations


def test_rates_match_hand_computed_values() -> None:
    t = Totals(
        impressions=200,
        opens=40,
        reads=30,
        likes=10,
        comments=5,
        shares=5,
        dwell_seconds=900.0,
        reached=50,
        acknowledgements=20,
        must_read_reached=25,
        conversions=3,
        conversion_value=150.0,
    )
    k = compute_all(t)
    assert k["read_rate"] == pytest.approx(30 / 200)
    assert k["avg_dwell_seconds"] == pytest.approx(900 / 30)
    assert k["interactions"] == 60  # 40 opens + 10 likes + 5 comments + 5 shares
    assert k["engagement_rate_impression"] == pytest.approx(60 / 200)
    assert k["engagement_rate_reached"] == pytest.approx(60 / 50)
    assert k["acknowledgement_rate"] == pytest.approx(20 / 25)
    assert k["conversions"] == 3
    assert k["conversion_value"] == 150.0


def test_every_kpi_is_zero_guarded() -> None:
    k = compute_all(Totals())
    for slug in ("read_rate", "avg_dwell_seconds", "engagement_rate_impression"):
        assert k[slug] is None, slug
    assert k["engagement_rate_reached"] is None
    assert k["acknowledgement_rate"] is None
    assert k["impressions"] == 0


def test_every_kpi_is_documented_in_both_languages() -> None:
    german = translations("de")
    for definition in REGISTRY.values():
        assert definition.title and definition.description
        assert german.gettext(definition.description) != definition.description, definition.slug
        assert definition.title_in("de") == german.gettext(definition.title)
        assert definition.unit in {"count", "ratio", "seconds", "currency", "score"}
    assert REGISTRY["social_visits"].title_in("de") == "Besuche über geteilte Links"


def test_engagement_score_hand_computed() -> None:
    config = ScoreSettings(
        weight_reach=1,
        weight_interaction=1,
        weight_impact=1,
        reach_reference=99,
        interaction_reference=0.5,
        impact_reference=999,
    )
    # reach log10(1+9)/log10(1+99) = 0.5; interaction (3/9)/0.5 = 2/3; impact 1/3.
    score = engagement_score(Totals(impressions=9, opens=3, conversion_value=9.0), config, 7)
    assert score.version == 7
    assert score.reach == pytest.approx(50.0)
    assert score.interaction == pytest.approx(66.67)
    assert score.impact == pytest.approx(33.33)
    assert score.score == pytest.approx(50.0)


def test_weights_change_the_score_and_components_are_capped() -> None:
    t = Totals(impressions=100_000, opens=90_000, conversion_value=0.0)
    reach_only = ScoreSettings(weight_reach=1, weight_interaction=0, weight_impact=0)
    impact_only = ScoreSettings(weight_reach=0, weight_interaction=0, weight_impact=1)
    assert engagement_score(t, reach_only, 2).score == 100.0
    assert engagement_score(t, impact_only, 3).score == 0.0
    none = ScoreSettings(weight_reach=0, weight_interaction=0, weight_impact=0)
    assert engagement_score(Totals(), none, 4).score == 0.0


def test_vectorised_score_matches_the_definition() -> None:
    import numpy as np

    from coffeemug.analytics.kpis import engagement_scores

    config = ScoreSettings(weight_reach=2, weight_interaction=1, weight_impact=0.5)
    cases = [(0, 0, 0.0), (9, 3, 9.0), (120, 40, 0.0), (50_000, 9_000, 25_000.0)]
    vector = engagement_scores(
        np.array([c[0] for c in cases], dtype=float),
        np.array([c[1] for c in cases], dtype=float),
        np.array([c[2] for c in cases]),
        config,
    )
    for (impressions, opens, value), got in zip(cases, vector, strict=True):
        t = Totals(impressions=impressions, opens=opens, conversion_value=value)
        assert got == pytest.approx(engagement_score(t, config, 1).score, abs=0.01)
