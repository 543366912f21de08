"""Every event type, declared once: what it carries, what it teaches, where it is counted.

Everything else derives from this list: the ``EventType`` enum and the payload rules of
``EventCreate`` (events.schemas), which events teach the feed what (feed.learning), which take
an article out of a feed (feed.service), the rollup's counter columns (analytics.models, checked
against the migrations by a test), the KPI totals and which counters are interactions
(analytics.kpis), and the label every page and export shows (gettext catalogue).

Adding an event type: one ``EventSpec`` below, its German label in
``locales/de/LC_MESSAGES/messages.po`` and, only if it brings a new counter column, a migration
adding that column to the counter tables: ``analytics_segment_days``,
``analytics_dimension_days``, ``analytics_article_lives`` and
``analytics_filtered_article_weeks``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any

from pydantic import Field

from coffeemug.fields import Amount, Figure, Label, Text
from coffeemug.i18n import N_


@dataclass(frozen=True)
class Payload:
    """A field only some event types carry: its type and limits, and where it is stored.

    ``column`` fields have their own column in the event log (rollups sum them in SQL); the
    others go into the event's ``properties``.
    """

    annotation: Any
    description: str
    column: bool = False


# The type-specific fields; each event type names which of these it takes. Their types come
# from coffeemug.fields: what is accepted always fits its column and every later step (finite,
# bounded numbers; text without NUL; a conversion kind that is a short label, never a formula).
PAYLOAD: dict[str, Payload] = {
    "score": Payload(Figure, "The ranker's score when the item was shown."),
    "propensity": Payload(
        Annotated[float, Field(ge=0.0, le=1.0, allow_inf_nan=False)],
        "Probability the ranker had of placing the item there (off-policy evaluation).",
    ),
    "dwell_seconds": Payload(
        Annotated[float, Field(ge=0.0, le=86_400.0, allow_inf_nan=False)],
        "Seconds spent reading.",
        column=True,
    ),
    "reason": Payload(Text(200), "Why the employee is not interested (optional)."),
    "topic": Payload(
        Text(64, min_length=1),
        "The topic the employee wants less of (optional). Absent: every topic of the article "
        "learns the dismissal; a topic of the article: only that one; any other value (the "
        "page sends 'none'): no topic, only the article's content.",
    ),
    "kind": Payload(
        Label,
        "What was converted, a short label such as form_submitted or meeting_booked (it is "
        "shown in analytics and exported to spreadsheets).",
    ),
    "value": Payload(Amount, "Value of the conversion in EUR, 0 to 1e9.", column=True),
    "network": Payload(
        Text(32, min_length=1), "Social network the shared link was posted on, e.g. linkedin."
    ),
}


@dataclass(frozen=True)
class EventSpec:
    """One event type.

    ``feedback`` is the ranker's ``FeedbackKind`` value the event teaches (None: it says
    nothing about taste); ``counter`` the rollup column that counts it (several types may
    share one); ``interaction`` whether that counter is an active response for the KPIs;
    ``ends`` takes the article out of the employee's feed for good, ``consumes`` takes it out
    unless it is a must-read; ``from_clients`` says whether clients may send it to
    ``POST /api/events`` (others are recorded by the server itself).
    """

    type: str
    label: str
    payload: tuple[str, ...] = ()
    required: tuple[str, ...] = ()
    article: bool = True  # an article_id is required
    feedback: str | None = None
    counter: str | None = None
    interaction: bool = False
    ends: bool = False
    consumes: bool = False
    from_clients: bool = True


EVENTS: tuple[EventSpec, ...] = (
    EventSpec(
        "article_impressed",
        N_("Impression"),
        payload=("score", "propensity"),
        feedback="impressed",
        counter="impressions",
    ),
    EventSpec(
        "article_opened",
        N_("Opened"),
        feedback="opened",
        counter="opens",
        interaction=True,
        consumes=True,
    ),
    EventSpec(
        "article_read",
        N_("Read"),
        payload=("dwell_seconds",),
        required=("dwell_seconds",),
        feedback="read",
        counter="reads",
        consumes=True,
    ),
    EventSpec(
        "article_liked",
        N_("Liked"),
        feedback="liked",
        counter="likes",
        interaction=True,
        consumes=True,
    ),
    EventSpec(
        "article_dismissed",
        N_("Not interested"),
        payload=("reason", "topic"),
        feedback="dismissed",
        counter="dismissals",
        ends=True,
    ),
    EventSpec(
        "article_saved",
        N_("Saved"),
        feedback="saved",
        counter="saves",
        interaction=True,
        consumes=True,
    ),
    EventSpec(
        "article_shared",
        N_("Shared"),
        feedback="shared",
        counter="shares",
        interaction=True,
        consumes=True,
    ),
    EventSpec(
        "article_acknowledged",
        N_("Acknowledged"),
        feedback="acknowledged",
        counter="acknowledgements",
        ends=True,
    ),
    EventSpec(
        "article_commented",
        N_("Commented"),
        feedback="commented",
        counter="comments",
        interaction=True,
        consumes=True,
    ),
    EventSpec(
        "conversion_recorded",
        N_("Conversion"),
        payload=("kind", "value"),
        required=("kind",),
        article=False,
        counter="conversions",
    ),
    # A comment posted under an article (intranet comments): engagement for the feed.
    EventSpec(
        "comment_posted",
        N_("Comment posted"),
        feedback="commented",
        counter="comments",
        interaction=True,
        consumes=True,
    ),
    # A click on a tracked share link (recorded by the redirect, not sent by clients): a visit
    # from social.
    EventSpec(
        "share_clicked",
        N_("Shared link clicked"),
        payload=("network",),
        counter="share_clicks",
        from_clients=False,
    ),
)

# Feedback taken back. The ranker unlearns what the original taught (a like withdrawn is not a
# like); the article's buttons and Saved show the latest state. Not counted in the rollups:
# the totals count what happened (likes given), the withdrawals are not a KPI of their own.
EVENTS += (
    EventSpec("article_unliked", N_("Like withdrawn"), feedback="unliked"),
    EventSpec("article_unsaved", N_("Removed from saved"), feedback="unsaved"),
    EventSpec(
        "article_dismissal_undone",
        N_("Not interested, undone"),
        payload=("topic",),
        feedback="undismissed",
    ),
)

BY_TYPE: dict[str, EventSpec] = {spec.type: spec for spec in EVENTS}

# The rollup's count columns: "events" (every event) and each counter in order of first use.
COUNT_COLUMNS: tuple[str, ...] = (
    "events",
    *dict.fromkeys(spec.counter for spec in EVENTS if spec.counter),
)
# Counters that are active responses beyond seeing a teaser (the KPIs' "interactions").
INTERACTION_COLUMNS: tuple[str, ...] = tuple(
    dict.fromkeys(spec.counter for spec in EVENTS if spec.counter and spec.interaction)
)
# The event type whose ``value`` is summed as conversion value.
CONVERSION = "conversion_recorded"


def types_where(flag: str) -> tuple[str, ...]:
    """The event types whose spec has ``flag`` (e.g. ``ends``, ``consumes``) set."""
    return tuple(spec.type for spec in EVENTS if getattr(spec, flag))


def feedback_kinds() -> dict[str, str]:
    """Event type -> the ranker's feedback kind, for the types that teach the feed."""
    return {spec.type: spec.feedback for spec in EVENTS if spec.feedback}


def label(event_type: str) -> str:
    """The English label (a gettext message id) of an event type; unknown types as they are."""
    spec = BY_TYPE.get(event_type)
    return spec.label if spec else event_type
