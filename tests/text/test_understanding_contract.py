"""The contract of ``analyse``: one analysis per text, every field in its range, deterministic,
German and English, and sane answers for empty, very long, emoji-only and mixed texts."""

from __future__ import annotations

import json
import math

import pytest

from coffeemug.text.understanding import (
    ABUSE_KINDS,
    SENTIMENTS,
    Analysis,
    TextUnderstanding,
    Topic,
    analyse,
    model_version,
)
from coffeemug.text.understanding.model import MANIFEST_FILE, MODEL_DIR

TEXTS = [
    "Die neue Kantine ist wirklich schön geworden, danke an das ganze Team!",
    "The quarterly update was clear and helpful, thanks a lot.",
    "Warum wird die Gleitzeitregel schon wieder geändert?",
    "This is the worst rollout I have seen in years.",
]


def _check(analysis: Analysis) -> None:
    assert analysis.sentiment in SENTIMENTS
    assert set(analysis.sentiment_scores) == set(SENTIMENTS)
    assert math.isclose(sum(analysis.sentiment_scores.values()), 1.0, abs_tol=1e-3)
    assert max(analysis.sentiment_scores, key=analysis.sentiment_scores.get) == analysis.sentiment
    assert 0.0 <= analysis.abuse_score <= 1.0
    assert analysis.abuse is None or analysis.abuse in ABUSE_KINDS
    assert (analysis.abuse is not None) == (analysis.abuse_score >= 0.5)
    assert isinstance(analysis.question, bool)
    assert all(isinstance(reason, str) and reason for reason in analysis.reasons)
    assert analysis.model_version


def test_one_analysis_per_text_in_order(understanding: TextUnderstanding) -> None:
    results = understanding.analyse(TEXTS)
    assert len(results) == len(TEXTS)
    for analysis in results:
        _check(analysis)
    assert [a.language for a in results] == ["de", "en", "de", "en"]
    assert results[2].question and not results[0].question


def test_no_texts_no_analyses(understanding: TextUnderstanding) -> None:
    assert understanding.analyse([]) == []


def test_deterministic_and_independent_of_batching(understanding: TextUnderstanding) -> None:
    batch = understanding.analyse(TEXTS * 3)
    again = understanding.analyse(TEXTS * 3)
    assert batch == again
    single = [understanding.analyse([text])[0] for text in TEXTS]
    for one, many in zip(single, batch[: len(TEXTS)], strict=True):
        assert one.sentiment == many.sentiment and one.abuse == many.abuse
        for name in SENTIMENTS:
            assert one.sentiment_scores[name] == pytest.approx(
                many.sentiment_scores[name], abs=1e-3
            )


def test_module_level_analyse_and_version_match_the_shipped_manifest() -> None:
    manifest = json.loads((MODEL_DIR / MANIFEST_FILE).read_text(encoding="utf-8"))
    assert model_version() == manifest["version"]
    (result,) = analyse(["Guten Morgen zusammen"], language="de")
    assert result.model_version == manifest["version"]
    assert result.language == "de"


@pytest.mark.parametrize("text", ["", "   ", "\n\t", "@user http://example.org", "...!!!"])
def test_texts_without_words_are_neutral(understanding: TextUnderstanding, text: str) -> None:
    (result,) = understanding.analyse([text])
    _check(result)
    assert result.language == "und"
    assert result.sentiment == "neutral" and result.abuse is None and not result.question
    assert result.reasons == ["no words to judge"]


def test_very_long_text_is_cut_and_still_analysed(understanding: TextUnderstanding) -> None:
    long_text = "Das Projekt läuft gut und alle sind zufrieden. " * 20_000  # ~940,000 characters
    (result,) = understanding.analyse([long_text])
    _check(result)
    assert result.language == "de"


def test_emoji_only(understanding: TextUnderstanding) -> None:
    happy, sad = understanding.analyse(["😍😍🎉", "😡😡😡"])
    for result in (happy, sad):
        _check(result)
        assert result.language == "und"
    assert happy.sentiment_scores["positive"] > sad.sentiment_scores["positive"]
    assert sad.sentiment_scores["negative"] > happy.sentiment_scores["negative"]


def test_mixed_language_text_gets_one_of_the_two(understanding: TextUnderstanding) -> None:
    (result,) = understanding.analyse(["Das Meeting heute war super, thanks to everyone involved!"])
    _check(result)
    assert result.language in ("de", "en")
    assert result.sentiment == "positive"


def test_other_languages_are_marked_not_forced(understanding: TextUnderstanding) -> None:
    french, spanish = understanding.analyse(
        [
            "Merci beaucoup pour cette excellente présentation, c'était très intéressant.",
            "Muchas gracias por la presentación, ha sido muy interesante para todos nosotros.",
        ]
    )
    assert french.language == "fr" and spanish.language == "es"
    _check(french)
    _check(spanish)


def test_given_languages_are_used_and_checked(understanding: TextUnderstanding) -> None:
    results = understanding.analyse(TEXTS[:2], language=["en", None])
    assert [r.language for r in results] == ["en", "en"]
    assert [r.language for r in understanding.analyse(TEXTS[:2], language="de")] == ["de", "de"]
    with pytest.raises(ValueError, match="2 languages given for 3 texts"):
        understanding.analyse(TEXTS[:3], language=["de", "en"])


TOPICS = [
    Topic(id="canteen", names={"de": "Kantine", "en": "Canteen"}, keywords=["Mittagessen"]),
    Topic(
        id=7,
        names={"de": "Elektromobilität", "en": "Electric mobility"},
        keywords=["E-Auto", "Ladesäule"],
        description="Electric cars and charging stations",
    ),
]


def test_topics_by_keyword_and_by_meaning_across_languages(
    understanding: TextUnderstanding,
) -> None:
    keyword, compound, meaning, unrelated = understanding.analyse(
        [
            "Das Mittagessen heute war kalt.",
            "Die Kantinenpreise steigen schon wieder.",
            "We need more charging points for our electric cars at the plant.",
            "Der Zug nach Hamburg hatte zwei Stunden Verspätung.",
        ],
        topics=TOPICS,
    )
    assert [m.topic_id for m in keyword.topics] == ["canteen"]
    assert keyword.topics[0].via == "keyword 'Mittagessen'" and keyword.topics[0].score == 1.0
    assert [m.topic_id for m in compound.topics] == ["canteen"]
    assert [m.topic_id for m in meaning.topics] == [7]
    assert meaning.topics[0].via == "meaning" and 0.4 <= meaning.topics[0].score < 1.0
    assert unrelated.topics == []
    assert "topic 7: meaning" in meaning.reasons


def test_short_keywords_match_whole_words_only(understanding: TextUnderstanding) -> None:
    topics = [Topic(id="it", names={"en": "IT"}, keywords=["VPN"])]
    hit, miss = understanding.analyse(
        ["The VPN is down again.", "We visited Italy and Spain this summer."], topics=topics
    )
    assert [m.via for m in hit.topics] == ["keyword 'VPN'"]
    assert not any(m.via.startswith("keyword") for m in miss.topics)
