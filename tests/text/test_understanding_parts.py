"""The parts behind ``analyse``: normalisation, n-gram features identical to the training-time
TF-IDF, the lexicon with negation, question rules, language identification, and head storage."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.feature_extraction.text import TfidfVectorizer

from coffeemug.text.understanding.features import (
    Lexicon,
    Vocabulary,
    char_ngrams,
    has_content,
    normalise,
    word_ngrams,
)
from coffeemug.text.understanding.heads import Head, Linear, Stack, load_arrays, save_arrays
from coffeemug.text.understanding.language import detect
from coffeemug.text.understanding.questions import question_reason

TEXTS = [
    "Das ist gut, das ist sehr gut!",
    "not good at all #fail @someone",
    "😀 emoji 😀 only words",
    "",
]


def test_normalise_placeholders_escapes_and_cap() -> None:
    assert normalise("@anna @ben  look:\\u2019 https://x.org/a?b=1  ok") == "@user look:’ http ok"
    assert len(normalise("a" * 50_000)) == 2000
    assert not has_content(normalise("@anna https://x.org"))
    assert has_content("😀") and has_content("ok")


def test_sparse_rows_equal_scikit_learn_tfidf() -> None:
    for analyzer in (char_ngrams, word_ngrams):
        vectorizer = TfidfVectorizer(analyzer=analyzer, sublinear_tf=True).fit(TEXTS[:3])
        terms = sorted(vectorizer.vocabulary_, key=vectorizer.vocabulary_.__getitem__)
        rows = Vocabulary(terms, vectorizer.idf_).transform(map(analyzer, TEXTS))
        expected = vectorizer.transform(TEXTS).toarray()
        dense = np.zeros_like(expected)
        for r in range(len(TEXTS)):
            span = slice(rows.indptr[r], rows.indptr[r + 1])
            dense[r, rows.indices[span]] = rows.data[span]
        np.testing.assert_allclose(dense, expected, atol=1e-12)
        weights = np.arange(len(terms) * 2, dtype=float).reshape(-1, 2)
        np.testing.assert_allclose(rows.dot(weights), expected @ weights, atol=1e-9)
        sub = rows.subset(np.array([2, 0]))
        np.testing.assert_allclose(sub.dot(weights), (expected @ weights)[[2, 0]], atol=1e-9)


def test_char_ngrams_stay_inside_words() -> None:
    grams = char_ngrams("Ab c")
    assert " ab " in grams and "ab" in grams and " c " in grams
    assert "b c" not in grams


def test_lexicon_negation_flips_and_damps() -> None:
    lexicon = Lexicon({"en": {"good": 0.5}, "de": {"gut": 0.6}})
    assert lexicon.hits("good") == [("good", 0.5)]
    assert lexicon.hits("not really good") == [("good", pytest.approx(-0.35))]
    assert lexicon.hits("das ist nicht gut", "de") == [("gut", pytest.approx(-0.42))]
    assert lexicon.hits("gut good", "en") == [("good", 0.5)]
    features = lexicon.features(["good good", "not good", "nothing here"])
    assert features.shape == (3, 18)
    en = slice(9, 18)  # sources are sorted: de, en
    assert features[0, en][0] == pytest.approx(1.0) and features[0, en][2] == 2
    assert features[1, en][1] == pytest.approx(0.35) and features[1, en][7] == 1
    assert not features[2].any()


def test_lexicon_file_round_trip(tmp_path) -> None:
    lexicon = Lexicon({"en": {"good": 0.5, "bad": -0.5}, "de": {"schön": 0.75}})
    lexicon.save(tmp_path / "lexicon.tsv")
    again = Lexicon.load(tmp_path / "lexicon.tsv")
    assert again.entries == lexicon.entries


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("Wann kommt das Update", "opens with 'wann'"),
        ("@user warum ist das so. Egal", "opens with 'warum'"),
        ("Does anyone know the new VPN address", "opens with 'does anyone'"),
        ("Is this correct?", "question mark"),
        ("Siehe http mit ? im Link", "question mark"),
        ("Das Update kommt morgen.", None),
        ("We know what we did.", None),
    ],
)
def test_question_rules(text: str, reason: str | None) -> None:
    assert question_reason(text) == reason


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Heute ist die Kantine leider geschlossen", "de"),
        ("The canteen is closed today unfortunately", "en"),
        ("Aujourd'hui la cantine est fermée, malheureusement", "fr"),
        ("@user http 123 #", "und"),
    ],
)
def test_language_detection(text: str, language: str) -> None:
    assert detect(text) == language


def _head() -> Head:
    rng = np.random.default_rng(0)
    return Head(
        "toy",
        ("no", "yes"),
        {"emb": Linear("emb", rng.normal(size=(4, 2)), rng.normal(size=2))},
        {"other": Stack(("emb",), rng.normal(size=(2, 2)), np.zeros(2), np.array([0.0, 0.3]))},
    )


def test_head_storage_round_trip_and_deterministic_bytes(tmp_path) -> None:
    head = _head()
    save_arrays(tmp_path / "a.npz", head.to_arrays())
    save_arrays(tmp_path / "b.npz", head.to_arrays())
    assert (tmp_path / "a.npz").read_bytes() == (tmp_path / "b.npz").read_bytes()
    again = Head.from_arrays("toy", head.structure(), load_arrays(tmp_path / "a.npz"))
    assert again.classes == head.classes and again.stacks["other"].bases == ("emb",)
    np.testing.assert_allclose(again.bases["emb"].coef, head.bases["emb"].coef, rtol=1e-6)
    np.testing.assert_allclose(again.stacks["other"].offsets, [0.0, 0.3], rtol=1e-6)
