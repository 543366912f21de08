"""The daily "top of the newsroom" for team channels (Microsoft Teams or Slack incoming webhooks).

The list comes from the analytics read side (the same k-suppressed top articles as the
dashboard, last full week) and carries titles and links only, never a figure. Each channel gets
at most one post a day; a channel that fails is tried again with the job's next attempt.
"""

from __future__ import annotations

import json
import logging
import urllib.request
from datetime import datetime, timedelta
from urllib.parse import urlsplit

from coffeemug.db import utcnow
from coffeemug.i18n import N_, gettext
from coffeemug.mail import repository
from coffeemug.mail.delivery import Units
from coffeemug.mail.models import SendStatus
from coffeemug.settings import Settings

log = logging.getLogger(__name__)

TOP_N = 5
TITLE = N_("Top of the newsroom")
TIMEOUT_SECONDS = 10.0


class WebhookFailed(Exception):
    """At least one channel could not be posted to; the job retries those."""


def top_articles(units: Units, settings: Settings, now: datetime) -> list[tuple[int, str]]:
    """(article id, title) of the best articles of the last full week, never a suppressed one."""
    from coffeemug.analytics import service as analytics
    from coffeemug.analytics.periods import resolve_period

    last_week = now.date() - timedelta(days=7)
    start, end = resolve_period(last_week, last_week)
    with units() as session:
        table = analytics.top_flop_table(
            session,
            settings,
            "article",
            "top",
            start,
            end,
            settings.team_webhook_language,
            None,
            n=TOP_N,
        )
    return [(int(row["key"]), str(row["label"])) for row in table.rows if not row.get("suppressed")]


def render(url: str, settings: Settings, articles: list[tuple[int, str]]) -> dict[str, str]:
    """The post: Slack's link syntax for Slack, Markdown (which Teams reads) otherwise."""
    title = gettext(settings.team_webhook_language, TITLE)
    slack = (urlsplit(url).hostname or "").endswith("slack.com")
    lines = [f"*{title}*" if slack else f"**{title}**"]
    for rank, (article_id, name) in enumerate(articles, start=1):
        link = f"{settings.public_url}/articles/{article_id}"
        lines.append(f"{rank}. <{link}|{name}>" if slack else f"{rank}. [{name}]({link})")
    return {"text": "\n".join(lines)}


def _post(url: str, payload: dict[str, str]) -> None:
    request = urllib.request.Request(
        url,
        data=json.dumps(payload).encode(),
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:
        response.read()


def post_top_of_newsroom(units: Units, settings: Settings, now: datetime) -> str:
    """Post today's list to every configured channel that has not had it yet."""
    if not settings.team_webhooks:
        return "no team channels configured (COFFEEMUG_TEAM_WEBHOOKS)"
    articles = top_articles(units, settings, now)
    if not articles:
        return "no article reached enough people last week to be named"
    day = now.date()
    posted, failed = [], []
    for channel, url in sorted(settings.team_webhooks.items()):
        with units() as session:
            if not repository.claim_webhook(session, channel, day, utcnow()):
                continue
        try:
            _post(url, render(url, settings, articles))
        except Exception as exc:  # one channel's failure never stops the others
            log.warning("team channel %s: %s", channel, exc)
            with units() as session:
                repository.release_webhook(session, channel, day)
            failed.append(f"{channel}: {exc}")
            continue
        with units() as session:
            repository.finish_webhook(session, channel, day, SendStatus.sent.value, None)
        posted.append(channel)
    if failed:
        raise WebhookFailed("; ".join(failed)[:900])
    return f"posted to {len(posted)} channels"


def post_text(url: str, text: str) -> None:
    """Post one plain message to a team channel (Teams and Slack both read ``text``); raises
    OSError when the channel cannot be reached. Used by listening alerts."""
    _post(url, {"text": text})
