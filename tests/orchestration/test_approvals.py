"""The approval workflow over the API: every rule answers 409 when broken, every transition is
recorded with who and when, the reminder lets the deputy act."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from coffeemug.db import utcnow
from coffeemug.orchestration import approvals
from coffeemug.orchestration.models import ApprovalMode
from coffeemug.settings import Settings
from factories import identity, make_employee, make_topic


def _people(session: Session):
    make_topic(session, "security")
    author = make_employee(session, roles=("editor",))
    approver = make_employee(session, roles=("editor",))
    deputy = make_employee(session, roles=("editor",))
    legal = make_employee(session, roles=("editor",))
    admin = make_employee(session, roles=("admin",))
    return author, approver, deputy, legal, admin


def _mode(client: TestClient, admin, mode: str) -> None:
    response = client.put("/api/approvals/mode", json={"mode": mode}, headers=identity(admin))
    assert response.status_code == 200 and response.json()["mode"] == mode


def _draft(client: TestClient, author, **extra) -> int:
    body = {
        "title": "Travel policy 2027",
        "language": "en",
        "topics": ["security"],
        "body": "New rules.",
        **extra,
    }
    response = client.post("/api/articles", json=body, headers=identity(author))
    assert response.status_code == 201, response.text
    return response.json()["id"]


def _publish(client: TestClient, who, article_id: int):
    return client.patch(
        f"/api/articles/{article_id}", json={"status": "published"}, headers=identity(who)
    )


def _act(client: TestClient, who, article_id: int, step: str, **body):
    return client.post(
        f"/api/articles/{article_id}/review/{step}", json=body, headers=identity(who)
    )


def test_required_mode_refuses_unapproved_publishing(client: TestClient, session: Session) -> None:
    author, approver, _, _, admin = _people(session)
    _mode(client, admin, "required")
    article = _draft(client, author, must_read=True)
    refused = _publish(client, author, article)
    assert refused.status_code == 409 and refused.json()["error"] == "conflict"
    assert "approved" in refused.json()["detail"]
    # Written as published straight away: refused the same way, and nothing is stored.
    direct = client.post(
        "/api/articles",
        json={"title": "Sneaky", "language": "en", "topics": ["security"], "status": "published"},
        headers=identity(author),
    )
    assert direct.status_code == 409
    submitted = _act(client, author, article, "submit", approver_id=approver.id)
    assert submitted.status_code == 200 and submitted.json()["state"] == "in_review"
    assert _publish(client, author, article).status_code == 409  # still in review
    assert _act(client, author, article, "approve").status_code == 403  # not the approver
    assert _act(client, approver, article, "approve").json()["state"] == "approved"
    assert _act(client, approver, article, "approve").status_code == 409  # not in review
    assert _publish(client, author, article).status_code == 200
    review = client.get(f"/api/articles/{article}/review", headers=identity(author)).json()
    assert review["state"] == "published"
    trail = [(t["from_state"], t["to_state"], t["actor_id"]) for t in review["transitions"]]
    assert trail == [
        ("draft", "in_review", author.id),
        ("in_review", "approved", approver.id),
        ("approved", "published", author.id),
    ]
    assert all(t["at"] for t in review["transitions"])


def test_edit_after_approval_goes_back_to_review(client: TestClient, session: Session) -> None:
    author, approver, _, _, admin = _people(session)
    _mode(client, admin, "required")
    article = _draft(client, author)
    _act(client, author, article, "submit")
    assert _act(client, approver, article, "approve").json()["state"] == "approved"
    # Saving the same values again is no edit.
    same = client.patch(
        f"/api/articles/{article}", json={"title": "Travel policy 2027"}, headers=identity(author)
    )
    assert same.status_code == 200
    edited = client.patch(
        f"/api/articles/{article}", json={"body": "Other rules."}, headers=identity(author)
    )
    assert edited.status_code == 200
    review = client.get(f"/api/articles/{article}/review", headers=identity(author)).json()
    assert review["state"] == "in_review" and review["steps_done"] == 0
    assert review["transitions"][-1]["comment"] == "edited after approval"
    assert _publish(client, author, article).status_code == 409


def test_two_steps_for_must_reads_need_two_people(client: TestClient, session: Session) -> None:
    author, approver, _, legal, admin = _people(session)
    _mode(client, admin, "two_step")
    article = _draft(client, author, must_read=True)
    assert _act(client, author, article, "submit").json()["steps_required"] == 2
    first = _act(client, approver, article, "approve")
    assert first.json()["state"] == "in_review" and first.json()["steps_done"] == 1
    assert _act(client, approver, article, "approve").status_code == 409
    assert _publish(client, author, article).status_code == 409
    assert _act(client, legal, article, "approve").json()["state"] == "approved"
    assert _publish(client, author, article).status_code == 200
    # An ordinary article needs one step only.
    plain = _draft(client, author, title="Canteen menu")
    assert _act(client, author, plain, "submit").json()["steps_required"] == 1


def test_rejection_needs_a_comment_and_own_articles_are_not_approved(
    client: TestClient, session: Session
) -> None:
    author, approver, _, _, admin = _people(session)
    _mode(client, admin, "optional")
    article = _draft(client, author)
    _act(client, author, article, "submit")
    assert _act(client, author, article, "approve").status_code == 409  # own article
    assert _act(client, approver, article, "reject", comment="  ").status_code == 422
    rejected = _act(client, approver, article, "reject", comment="Check the dates.")
    assert rejected.json()["state"] == "rejected"
    assert rejected.json()["transitions"][-1]["comment"] == "Check the dates."
    # Optional mode: publishing without approval is allowed; resubmitting a rejected one too.
    assert _act(client, author, article, "submit").json()["state"] == "in_review"
    other = _draft(client, author, title="No review needed")
    assert _publish(client, author, other).status_code == 200


def test_mode_none_switches_reviews_off(client: TestClient, session: Session) -> None:
    author, *_, admin = _people(session)
    _mode(client, admin, "none")
    article = _draft(client, author)
    assert _act(client, author, article, "submit").status_code == 409
    assert _publish(client, author, article).status_code == 200
    reader = make_employee(session)
    assert (
        client.put(
            "/api/approvals/mode", json={"mode": "required"}, headers=identity(author)
        ).status_code
        == 403
    )
    assert (
        client.get(f"/api/articles/{article}/review", headers=identity(reader)).status_code == 403
    )


def test_deputy_acts_after_the_reminder(
    client: TestClient, session: Session, settings: Settings
) -> None:
    author, approver, deputy, _, admin = _people(session)
    _mode(client, admin, "required")
    article = _draft(client, author)
    _act(client, author, article, "submit", approver_id=approver.id, deputy_id=deputy.id)
    assert _act(client, deputy, article, "approve").status_code == 403
    assert approvals.remind_approvers(session, settings, utcnow()) == []
    later = utcnow() + timedelta(days=4)
    reminded = approvals.remind_approvers(session, settings, later)
    assert [r.article_id for r in reminded] == [article]
    assert approvals.waiting_for(session, deputy)[0].id == article
    assert _act(client, deputy, article, "approve").json()["state"] == "approved"


def test_business_hours_skip_nights_and_weekends() -> None:
    zone = ZoneInfo("Europe/Berlin")
    friday_4pm = datetime(2026, 12, 4, 16, 0, tzinfo=zone)
    monday_10am = datetime(2026, 12, 7, 10, 0, tzinfo=zone)
    assert approvals.business_hours_between(friday_4pm, monday_10am, zone) == 2.0
    assert approvals.business_hours_between(monday_10am, friday_4pm, zone) == 0.0
    utc_start = datetime(2026, 12, 7, 7, 0, tzinfo=UTC)  # 08:00 in Berlin
    assert approvals.business_hours_between(utc_start, monday_10am, zone) == 1.0


def test_set_mode_is_stored(session: Session) -> None:
    assert approvals.set_mode(session, ApprovalMode.two_step, None) == "two_step"
    assert approvals.mode(session) == "two_step"


def test_line_breaks_from_a_browser_are_no_edit(client: TestClient, session: Session) -> None:
    author, approver, _, _, admin = _people(session)
    _mode(client, admin, "required")
    article = _draft(client, author, body="First line.\nSecond line.")
    _act(client, author, article, "submit")
    _act(client, approver, article, "approve")
    same = client.patch(
        f"/api/articles/{article}",
        json={"body": "First line.\r\nSecond line."},
        headers=identity(author),
    )
    assert same.status_code == 200
    review = client.get(f"/api/articles/{article}/review", headers=identity(author)).json()
    assert review["state"] == "approved"


def test_the_file_import_obeys_the_approval_mode(
    client: TestClient, session: Session, tmp_path
) -> None:
    import json

    import pytest

    from coffeemug.content.importer import import_lines, parse_file
    from coffeemug.errors import Conflict

    _, _, _, _, admin = _people(session)
    _mode(client, admin, "required")
    row = {"external_id": "cms-9", "title": "Imported", "language": "en", "topics": ["security"]}
    path = tmp_path / "articles.jsonl"
    path.write_text(
        json.dumps({**row, "status": "published"})
        + "\n"
        + json.dumps({**row, "external_id": "cms-10", "status": "draft"})
        + "\n",
        encoding="utf-8",
    )
    # The savepoint stands for the command's transaction: nothing of the file stays.
    refused = pytest.raises(Conflict, match="approved before it is published")
    with refused, session.begin_nested():
        import_lines(session, path, parse_file(path))
    assert client.get("/api/articles", headers=identity(admin)).json()["total"] == 0
    drafts = tmp_path / "drafts.jsonl"
    drafts.write_text(json.dumps({**row, "status": "draft"}) + "\n", encoding="utf-8")
    assert import_lines(session, drafts, parse_file(drafts)).created == 1
