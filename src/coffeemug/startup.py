"""The wiring done once per process, before any request or command: lower layers call upward
only through what is registered here.

Event ingestion hands stored events to its subscribers (the feed learns from them) and asks
the feed's cache of live articles which articles anyone may see; the employee's data export
collects the parts other packages store. ``create_app`` and the command line call
``connect()``; tests and benchmarks that drive services directly do too.
"""

from __future__ import annotations

import gc

from threadpoolctl import threadpool_limits

from coffeemug.advocacy import service as advocacy
from coffeemug.content import service as content
from coffeemug.events import service as events
from coffeemug.events import subscribers
from coffeemug.feed import learning, live
from coffeemug.feed import service as feed
from coffeemug.listening import service as listening
from coffeemug.mail import service as mail
from coffeemug.orchestration import approvals, stories
from coffeemug.people import service as people


def connect() -> None:
    """Register every subscriber and export part (safe to call again)."""
    subscribers.subscribe("feed.learning", learning.on_events)
    events.use_open_to_all(live.open_to_all)
    people.add_export_part("learned", feed.learned_state)
    people.add_export_part("events", events.export_events)
    people.add_export_part("mail", mail.sends_of)
    people.add_export_part("shares", advocacy.export_shares)
    people.add_export_part("comments", listening.comments_of)
    content.on_status_change("orchestration.approvals", approvals.check_status_change)
    content.on_content_edit("orchestration.approvals", approvals.content_edited)
    content.on_status_change("orchestration.stories", stories.check_consent)
    learning.leave_out("orchestration.stories", stories.stories_among)
    listening.moderate_strictly("orchestration.stories", stories.is_strictly_moderated)


def settle_long_running_process() -> None:
    """Once a web or job worker has started (called by ``create_served_app`` and ``coffeemug
    worker``): BLAS on one thread, and what is loaded by now frozen out of the collector.

    The ranker's matrix products are small; BLAS's own threads gain nothing on them and spin
    between calls against the other workers (in a digest worker they took a third of the CPU,
    seen with py-spy's native frames). What lives as long as the process is left out of the
    collector's full passes, which otherwise scan some 200,000 objects and stall every request
    of the worker for about 0.1 s now and then.
    """
    threadpool_limits(limits=1, user_api="blas")
    gc.freeze()
