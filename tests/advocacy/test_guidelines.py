"""The guideline check: terms in their inflected forms (German and English), customer names,
detectors, rules per language, and rules imported from CSV and JSON."""

from __future__ import annotations

import json

import pytest

from coffeemug.advocacy import rules_file
from coffeemug.advocacy.guidelines import Rule, blocked, check
from coffeemug.errors import ValidationFailed

RULES = [
    Rule(1, "term", "de", "vertraulich", "block", "Kodex 4.2", "https://example.com/4-2"),
    Rule(2, "term", "en", "confidential", "block", "Code 4.2", "https://example.com/4-2"),
    Rule(3, "term", "de", "Umsatzprognose", "block", "Kodex 5", "https://example.com/5"),
    Rule(4, "customer", "*", "Acme Corp", "warn", "Code 6", "https://example.com/6"),
    Rule(5, "detector", "*", "forecast", "warn", "Code 5", "https://example.com/5"),
    Rule(6, "detector", "*", "email", "block", "Code 7", "https://example.com/7"),
    Rule(7, "term", "en", "merger talk", "block", "Code 8", "https://example.com/8"),
]


def _matches(text: str, language: str) -> list[tuple[int, str, str]]:
    return [(v.rule_id, v.match, v.severity) for v in check(text, language, RULES)]


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("Das sind vertrauliche Zahlen.", "vertrauliche"),
        ("Die Unterlagen sind VERTRAULICH.", "VERTRAULICH"),
        ("Aus vertraulichen Quellen weiß ich mehr.", "vertraulichen"),
    ],
)
def test_german_terms_match_inflected_forms(text: str, word: str) -> None:
    found = _matches(text, "de")
    assert (1, word, "block") in found
    assert blocked(check(text, "de", RULES))


def test_german_compounds_match_in_their_plural() -> None:
    assert (3, "Umsatzprognosen", "block") in _matches("Unsere Umsatzprognosen steigen.", "de")


def test_english_terms_and_phrases_match_inflected_forms() -> None:
    assert _matches("This is strictly Confidential.", "en")[0][:2] == (2, "Confidential")
    assert (7, "merger talks", "block") in _matches("No comment on merger talks.", "en")


def test_rules_apply_to_their_language_only() -> None:
    assert _matches("Das ist confidential.", "de") == []
    assert _matches("Vertraulich is a German word.", "en") == []


def test_customer_names_warn_and_detectors_find_forecasts_and_addresses() -> None:
    found = _matches("ACME corp will grow 12% next year, write to a.b@example.com", "en")
    assert (4, "ACME corp", "warn") in found
    assert any(rule == 5 for rule, _, _ in found)
    assert (6, "a.b@example.com", "block") in found
    assert any(r == 5 for r, _, _ in _matches("Wir erwarten 2027 ein Plus von 8 %.", "de"))


def test_harmless_posts_pass() -> None:
    text = "Our new plant opened in 2024 with 300 jobs. I am proud of the team!"
    assert check(text, "en", RULES) == []


def test_rules_import_from_csv_and_json() -> None:
    csv_text = (
        "kind,language,value,severity,clause,clause_url\n"
        "term,de,vertraulich,block,Kodex 4.2,https://example.com/4-2\n"
        "detector,*,forecast,warn,Code 5,https://example.com/5\n"
    )
    rules = rules_file.parse(csv_text.encode(), "rules.csv")
    assert [(r.kind, r.value, r.severity) for r in rules] == [
        ("term", "vertraulich", "block"),
        ("detector", "forecast", "warn"),
    ]
    data = [{"kind": "customer", "value": "Acme", "clause": "C", "clause_url": "/c"}]
    assert rules_file.parse(json.dumps(data).encode(), "r.json")[0].language == "*"
    with pytest.raises(ValidationFailed, match="rule 1"):
        rules_file.parse(b'[{"kind": "regex", "value": "x", "clause": "c", "clause_url": "/"}]')
