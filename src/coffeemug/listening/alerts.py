"""Alerts: an hour whose volume or negative share per topic or per thread leaves the usual range
for that hour of the week (median and MAD of the same hour in earlier weeks), above a minimum
volume, at most once per cooldown; tighter for 48 hours after an executive's post.

``check_hour`` runs as the job ``listening.alerts`` and also refreshes the age part of the
priority of open items; ``send_alerts`` hands new alerts to e-mail and the team channel."""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.message import EmailMessage

from sqlalchemy.orm import Session

from coffeemug.db import utcnow
from coffeemug.listening import repository
from coffeemug.listening.analysis import MAX_AGE_HOURS, priority
from coffeemug.listening.models import Alert
from coffeemug.listening.schemas import AlertRead
from coffeemug.settings import Settings

BASELINE_WEEKS = 8
EXEC_WATCH = timedelta(hours=48)
MAD_SCALE = 1.4826  # makes the MAD comparable to a standard deviation for normal data
MIN_SPREAD_VOLUME = 1.0  # a week of identical hours would otherwise alert on one more item
MIN_SPREAD_SHARE = 0.05


@dataclass(frozen=True)
class Threshold:
    median: float
    limit: float


def threshold(history: Sequence[float], deviations: float, floor: float) -> Threshold:
    """Median plus ``deviations`` scaled MADs (at least ``floor``) of the earlier weeks."""
    if not history:
        return Threshold(0.0, floor * deviations)
    median = statistics.median(history)
    mad = statistics.median(abs(v - median) for v in history) * MAD_SCALE
    return Threshold(median, median + deviations * max(mad, floor))


def hour_start(moment: datetime) -> datetime:
    return moment.replace(minute=0, second=0, microsecond=0)


def _counts(
    rows: Iterable[tuple[datetime, str | None, int | None, str]], hours: set[datetime]
) -> tuple[Counter, Counter]:
    """Items and negative items per (scope, key, hour) for the hours of interest."""
    volume: Counter = Counter()
    negative: Counter = Counter()
    for posted_at, topic_id, thread_id, sentiment in rows:
        hour = hour_start(posted_at)
        if hour not in hours:
            continue
        keys = []
        if topic_id:
            keys.append(("topic", topic_id))
        if thread_id:
            keys.append(("thread", str(thread_id)))
        for scope, key in keys:
            volume[(scope, key, hour)] += 1
            negative[(scope, key, hour)] += sentiment == "negative"
    return volume, negative


def check_hour(session: Session, settings: Settings, now: datetime | None = None) -> list[Alert]:
    """Alerts for the last full hour before ``now``."""
    now = now or utcnow()
    hour = hour_start(now) - timedelta(hours=1)
    past = [hour - timedelta(weeks=w) for w in range(1, BASELINE_WEEKS + 1)]
    rows = repository.items_in_hours(session, [hour, *past])
    volume, negative = _counts(rows, {hour, *past})
    watched = {str(t.id) for t in repository.executive_threads_since(session, hour - EXEC_WATCH)}
    made = []
    for scope, key, _at in sorted(k for k in volume if k[2] == hour):
        exec_watch = scope == "thread" and key in watched
        minimum = settings.listening_alert_min_volume // (2 if exec_watch else 1)
        n = volume[(scope, key, hour)]
        if n < max(1, minimum) or _cooling_down(session, settings, scope, key, hour):
            continue
        k = settings.listening_exec_watch_mads if exec_watch else settings.listening_alert_mads
        alert = _judge(scope, key, hour, past, volume, negative, k, exec_watch)
        if alert is not None:
            session.add(alert)
            made.append(alert)
    session.flush()
    refresh_priorities(session, now)
    return made


def _judge(
    scope: str,
    key: str,
    hour: datetime,
    past: Sequence[datetime],
    volume: Counter,
    negative: Counter,
    k: float,
    exec_watch: bool,
) -> Alert | None:
    n = volume[(scope, key, hour)]
    history = [float(volume[(scope, key, h)]) for h in past]
    by_volume = threshold(history, k, MIN_SPREAD_VOLUME)
    if n > by_volume.limit:
        return Alert(
            scope=scope, key=key, hour=hour, metric="volume", value=float(n),
            baseline=by_volume.median, threshold=round(by_volume.limit, 3), exec_watch=exec_watch,
        )  # fmt: skip
    shares = [
        negative[(scope, key, h)] / volume[(scope, key, h)] for h in past if volume[(scope, key, h)]
    ]
    share = negative[(scope, key, hour)] / n
    by_share = threshold(shares, k, MIN_SPREAD_SHARE)
    if shares and share > by_share.limit:
        return Alert(
            scope=scope, key=key, hour=hour, metric="negative_share", value=round(share, 4),
            baseline=round(by_share.median, 4), threshold=round(by_share.limit, 4),
            exec_watch=exec_watch,
        )  # fmt: skip
    return None


def _cooling_down(
    session: Session, settings: Settings, scope: str, key: str, hour: datetime
) -> bool:
    last = repository.last_alert(session, scope, key)
    cooldown = timedelta(hours=settings.listening_alert_cooldown_hours)
    return last is not None and hour - last.hour < cooldown


def refresh_priorities(session: Session, now: datetime) -> None:
    """Open items grow more urgent with age: recompute the age part of their priority."""
    # Age counts for 48 hours: older open items have reached their final priority.
    items = repository.open_items_since(session, now - timedelta(hours=MAX_AGE_HOURS + 1))
    threads = repository.threads_by_id(session, [i.thread_id for i in items if i.thread_id])
    for item in items:
        thread = threads.get(item.thread_id or 0)
        item.priority = priority(
            item.negative,
            item.reach,
            bool(thread and thread.executive),
            item.question,
            item.abuse is not None,
            item.posted_at,
            now,
        )
    session.flush()


def recent(session: Session, hours: int = 48) -> list[AlertRead]:
    since = utcnow() - timedelta(hours=hours)
    found = repository.recent_alerts(session, since)
    threads = repository.threads_by_id(session, [int(a.key) for a in found if a.scope == "thread"])
    out = []
    for a in found:
        read = AlertRead.model_validate(a, from_attributes=True)
        thread = threads.get(int(a.key)) if a.scope == "thread" else None
        read.label = thread.title if thread else a.key
        out.append(read)
    return out


def describe(alert: Alert) -> str:
    what = "items" if alert.metric == "volume" else "negative share"
    watch = " (executive watch)" if alert.exec_watch else ""
    return (
        f"Coffee Mug listening alert{watch}: {alert.scope} {alert.key}, hour "
        f"{alert.hour:%Y-%m-%d %H:00} UTC: {what} {alert.value:g} above "
        f"{alert.threshold:g} (usual {alert.baseline:g})"
    )


def send_alerts(session: Session, settings: Settings) -> int:
    """Send unsent alerts to the configured addresses and team channel; marks them sent.
    A failure raises, so the job retries (the alerts stay unsent)."""
    from coffeemug.mail.transport import SmtpTransport
    from coffeemug.mail.webhooks import post_text

    pending = repository.unsent_alerts(session)
    if not pending:
        return 0
    texts = [describe(a) for a in pending]
    if settings.listening_alert_webhook:
        post_text(settings.listening_alert_webhook, "\n".join(texts))
    if settings.listening_alert_emails and settings.smtp_url:
        with SmtpTransport(settings) as smtp:
            for to in settings.listening_alert_emails:
                message = EmailMessage()
                message["From"], message["To"] = settings.mail_from, to
                message["Subject"] = f"Coffee Mug: {len(texts)} listening alert(s)"
                message.set_content("\n".join(texts))
                smtp.send(message.as_bytes(), to)
    now = utcnow()
    for alert in pending:
        alert.sent_at = now
    session.flush()
    return len(pending)
