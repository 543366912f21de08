"""The generated newsroom: varied, plausible and reproducible (no database needed)."""

from __future__ import annotations

import re
from collections import Counter
from datetime import UTC, datetime

from coffeemug.demo.catalogue import BU_NAMES, REGION_NAMES, TOPIC_SLUGS, TOPICS
from coffeemug.demo.generator import generate_articles, generate_people

NOW = datetime(2026, 3, 2, tzinfo=UTC)


def test_taxonomy_has_the_required_topics_and_flags() -> None:
    slugs = set(TOPIC_SLUGS)
    for required in (
        "sustainability",
        "digitalization",
        "artificial-intelligence",
        "healthcare",
        "mobility",
        "people-culture",
        "learnfromit",
        "security",
        "leadership",
    ):
        assert required in slugs
    assert len(slugs) >= 12
    mandatory = {t.slug for t in TOPICS if t.mandatory}
    assert {"security", "leadership"} <= mandatory
    assert any(t.followed_by_default for t in TOPICS)
    parents = {t.parent for t in TOPICS if t.parent}
    assert parents and parents <= slugs
    assert all(t.name_de and t.name_en for t in TOPICS)


def test_people_have_staff_roles_and_hidden_interests() -> None:
    people = generate_people(400, seed=1)
    by_id = {p.external_id: p for p in people}
    assert by_id["editor-1"].roles == ("editor",)
    assert by_id["admin-1"].roles == ("admin",)
    assert "analyst" in by_id["analyst-1"].roles and "moderator" in by_id["moderator-1"].roles
    readers = [p for p in people if p.external_id.startswith("demo-")]
    assert [p.external_id for p in readers[:2]] == ["demo-0001", "demo-0002"]
    assert len(readers) == 400
    assert all(p.interests and set(p.interests) <= set(TOPIC_SLUGS) for p in readers)
    assert all(0 < w <= 1 for p in readers for w in p.interests.values())
    assert len({p.region for p in readers}) >= 5 and {p.region for p in readers} <= set(
        REGION_NAMES
    )
    assert len({p.business_unit for p in readers}) >= 5
    assert {p.business_unit for p in readers} <= set(BU_NAMES)
    assert {"de", "en"} <= {lang for p in readers for lang in p.languages}
    cold = [p for p in readers if not p.onboarded]
    assert 0 < len(cold) < len(readers) / 2
    onboarded = [p for p in readers if p.onboarded]
    # Onboarding topics are a noisy subset of the hidden interests, not a copy of them.
    overlap = [bool(set(p.followed_topics) & set(p.interests)) for p in onboarded]
    assert sum(overlap) > 0.7 * len(onboarded)
    assert any(set(p.interests) - set(p.followed_topics) for p in onboarded)
    assert len({p.volume for p in readers}) == 4
    assert all({"security", "leadership"} <= set(p.followed_topics) for p in readers)
    assert not any(set(p.muted_topics) & {"security", "leadership"} for p in readers)


def test_articles_are_varied_and_complete() -> None:
    articles = generate_articles(600, days=30, seed=3, now=NOW)
    assert len(articles) == 600
    assert len({a.title for a in articles}) == 600
    assert Counter(a.language for a in articles).keys() == {"de", "en"}
    assert min(Counter(a.language for a in articles).values()) > 100
    assert len({t for a in articles for t in a.topics}) >= 12
    placeholder = re.compile(r"\{\w+\}")
    for a in articles:
        for text in (a.title, a.summary, a.body):
            assert text and not placeholder.search(text), text
        assert "##" in a.body
    statuses = Counter(a.status for a in articles)
    assert statuses["published"] > 500 and statuses["draft"] > 0 and statuses["archived"] > 0
    published = [a for a in articles if a.status == "published"]
    assert any(a.publish_at > NOW for a in published), "scheduled articles"
    assert any(a.expires_at and a.expires_at < NOW for a in published), "expired articles"
    assert any(a.expires_at and a.expires_at > NOW for a in published), "running offers"
    assert all(a.expires_at is None or a.expires_at > a.publish_at for a in articles)
    oldest = min(a.publish_at for a in published)
    assert (NOW - oldest).days >= 30
    must = [a for a in articles if a.must_read]
    assert must and all(a.topics[0] in ("security", "leadership") for a in must)
    assert any(a.audience_regions for a in articles)
    assert any(a.audience_business_units for a in articles)
    assert any(a.audience_languages for a in articles)
    assert len({a.campaign for a in articles if a.campaign}) >= 3
    assert any(a.priority > 0 for a in articles if not a.must_read)
    assert any(a.shareable for a in articles) and not all(a.shareable for a in articles)
    assert {a.author for a in articles} <= {"editor-1", "editor-2", "editor-3"}


def test_german_articles_read_german() -> None:
    articles = generate_articles(200, days=30, seed=5, now=NOW)
    german = [a for a in articles if a.language == "de"]
    assert german
    for a in german:
        assert " the " not in f" {a.title} {a.summary} ".lower()
        assert "Munich" not in a.body and "Nuremberg" not in a.body


def test_same_seed_same_newsroom_and_other_seed_another() -> None:
    assert generate_people(50, seed=9) == generate_people(50, seed=9)
    assert generate_articles(80, 30, 9, NOW) == generate_articles(80, 30, 9, NOW)
    assert generate_people(50, seed=9) != generate_people(50, seed=10)
    assert generate_articles(80, 30, 9, NOW) != generate_articles(80, 30, 10, NOW)
