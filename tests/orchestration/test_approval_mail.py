"""The approval reminder job: after the business hours allowed, the approver and the deputy
get one e-mail each (at most once), in their language; the deputy may decide from then on."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy.orm import Session

from coffeemug.db import utcnow
from coffeemug.jobs.catalogue import BY_NAME, JobContext
from coffeemug.orchestration import approvals
from coffeemug.orchestration.models import ApprovalMode
from coffeemug.settings import Settings
from factories import make_article, make_employee, make_preferences
from mail.conftest import Inbox, Units, html_and_text


def _editor(session: Session, name: str, language: str):  # type: ignore[no-untyped-def]
    editor = make_employee(session, display_name=name, roles=("editor",), languages=(language,))
    editor.email = f"{name.lower()}@example.com"
    make_preferences(session, editor, digest="none", languages=(language,))
    return editor


def test_approver_and_deputy_are_reminded_once(
    session: Session, units: Units, mail_settings: Settings, inbox: tuple[Inbox, str]
) -> None:
    received, _ = inbox
    approvals.set_mode(session, ApprovalMode.required, None)
    author = _editor(session, "Author", "en")
    approver = _editor(session, "Approver", "en")
    deputy = _editor(session, "Deputy", "de")
    article = make_article(session, "Travel policy 2027", status="draft", author=author)
    approvals.submit(session, mail_settings, article.id, author, approver.id, deputy.id)
    session.flush()
    later = utcnow() + timedelta(days=5)
    job = BY_NAME["orchestration.approval_reminders"]

    def run() -> str:
        context = JobContext(settings=mail_settings, scheduled_at=later, defer=lambda *_: None)
        context = _with_units(context, units)
        return job.run(context)

    summary = run()
    assert "reminded the approvers of 1 articles" in summary
    assert [m["Subject"] for m in received.to("approver@example.com")] == [
        "Waiting for your approval: Travel policy 2027"
    ]
    german = received.to("deputy@example.com")
    assert len(german) == 1 and german[0]["Subject"].startswith("Wartet auf deine Freigabe")
    _, text = html_and_text(german[0])
    assert "/desk/" in text
    run()  # nothing new: reminded already
    assert len(received.messages) == 2
    assert approvals.waiting_for(session, deputy)[0].id == article.id


def _with_units(context: JobContext, units: Units) -> JobContext:
    """The job's units of work inside the test's transaction."""

    class Joined(JobContext):
        def unit(self):  # type: ignore[no-untyped-def]
            return units()

    return Joined(settings=context.settings, scheduled_at=context.scheduled_at, defer=context.defer)
