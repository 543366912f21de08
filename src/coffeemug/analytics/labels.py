"""Every word analytics shows: table titles, column headers, notes and the names of values
(channels, conversion kinds, flags), as gettext message ids translated where a table is built.

KPI titles and descriptions live with their KPI (kpis.py) and event labels in the event
catalogue; a column named after a KPI or a count takes its words from there.
"""

from __future__ import annotations

from coffeemug.analytics.kpis import REGISTRY
from coffeemug.events.catalogue import EVENTS
from coffeemug.i18n import N_, gettext

# Column headers that are not KPIs.
COLUMNS: dict[str, str] = {
    "key": N_("Key"),
    "label": N_("Name"),
    "kpi": N_("Figure"),
    "value": N_("Value"),
    "suppressed": N_("Suppressed (fewer than k people)"),
    "score": N_("Engagement Score"),
    "score_reach": N_("Reach component"),
    "score_interaction": N_("Interaction component"),
    "score_impact": N_("Impact component"),
    "kind": N_("Kind"),
    "network": N_("Network"),
    "campaign": N_("Campaign"),
    "clicks": N_("Clicks"),
    "link_visits": N_("Link visits"),
    "visit_rate": N_("Visits per impression"),
    "topic": N_("Topic"),
    "our_mentions": N_("Our mentions"),
    "share_of_buzz": N_("Share of buzz"),
    "share_of_buzz_reach_weighted": N_("Share of buzz (reach-weighted)"),
    "our_content": N_("Our content"),
    "our_interactions": N_("Our interactions"),
    "hours": N_("Hours"),
    "budget": N_("Budget (EUR)"),
    "cost": N_("Cost (EUR)"),
    "roi": N_("ROI"),
    "score_per_1000_eur": N_("Score per 1,000 EUR"),
    "flag": N_("Flag"),
}
# A competitor's mentions (``mentions_<brand>``): the brand is a name, not translated.
COMPETITOR_MENTIONS = N_("Mentions: %(brand)s")

# Table titles by table name; breakdowns by dimension.
TITLES: dict[str, str] = {
    "overview": N_("Overview"),
    "conversions": N_("Conversions by kind"),
    "social-network": N_("Social: visits vs impressions"),
    "social-campaign": N_("Social: visits vs impressions by campaign"),
    "share-of-buzz": N_("Share of buzz"),
    "topic-footprint": N_("Topic footprint"),
    "roi": N_("Effort and ROI"),
    "top-article": N_("Top articles"),
    "flop-article": N_("Flop articles"),
    "top-campaign": N_("Top campaigns"),
    "flop-campaign": N_("Flop campaigns"),
    "breakdown-day": N_("By day"),
    "breakdown-article": N_("By article"),
    "breakdown-campaign": N_("By campaign"),
    "breakdown-topic": N_("By topic"),
    "breakdown-channel": N_("By channel"),
    "breakdown-region": N_("By region"),
    "breakdown-business_unit": N_("By business unit"),
}

NOTES: dict[str, str] = {
    "suppression": N_(
        "Rows marked suppressed concern fewer than k distinct employees, or would reveal such "
        "a group by subtraction; their figures are withheld."
    ),
    "footprint": N_("Each column is a distribution over topics (shares add up to 1)."),
    "roi": N_(
        "Cost = hours x %(rate)s EUR + budget. Flagged: score per euro more than %(factor)sx "
        "below or above the median."
    ),
}

# Values shown in cells: channels, conversion kinds, ROI flags and subjects, totals.
VALUES: dict[str, str] = {
    "intranet": N_("Intranet"),
    "email": N_("E-mail"),
    "app": N_("App"),
    "social": N_("Social"),
    "form_submitted": N_("Form submitted"),
    "meeting_booked": N_("Meeting booked"),
    "ticket_registered": N_("Ticket registered"),
    "other": N_("Other"),
    "unspecified": N_("Unspecified"),
    "effort_out_of_proportion": N_("Effort out of proportion"),
    "high_yield": N_("High yield"),
    "article": N_("Article"),
    "campaign": N_("Campaign"),
    "*": N_("all topics"),
    "no-topic": N_("No topic"),
    **{spec.type: spec.label for spec in EVENTS},
}


def label(key: str, lang: str) -> str:
    """A column's header in ``lang``; raises KeyError for a column nobody named."""
    if key in REGISTRY:
        return REGISTRY[key].title_in(lang)
    if key.startswith("mentions_"):
        return gettext(lang, COMPETITOR_MENTIONS, brand=key.removeprefix("mentions_"))
    return gettext(lang, COLUMNS[key])


def title(name: str, lang: str) -> str:
    return gettext(lang, TITLES[name])


def note(key: str, lang: str, **values: object) -> str:
    return gettext(lang, NOTES[key], **values)


def value(raw: str, lang: str) -> str:
    """A known value (channel, kind, flag) in words; anything else (names, ids) as it is."""
    found = VALUES.get(raw)
    return gettext(lang, found) if found else raw
