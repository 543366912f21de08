"""The desk's article form: typed values kept as typed, errors keyed by the field they concern."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, tzinfo

from pydantic import ValidationError
from starlette.datastructures import FormData

from coffeemug.content.models import Article
from coffeemug.content.schemas import ArticleCreate
from coffeemug.i18n import N_

TITLE_MAX = 200
SUMMARY_MAX = 1000
BODY_MAX = 200_000
# datetime-local inputs send minutes; the desk shows and reads times in the editor's time zone
# (stored in UTC).
TIME_FORMAT = "%Y-%m-%dT%H:%M"


@dataclass
class ArticleForm:
    """What the editor typed, as strings and lists, so a failed save shows it again verbatim."""

    title: str = ""
    summary: str = ""
    body: str = ""
    language: str = "de"
    topics: list[str] = field(default_factory=list)
    audience_regions: list[str] = field(default_factory=list)
    audience_business_units: list[str] = field(default_factory=list)
    audience_languages: list[str] = field(default_factory=list)
    must_read: bool = False
    shareable: bool = True
    publish_at: str = ""
    expires_at: str = ""
    due_at: str = ""
    campaign_id: str = ""
    translation_of: str = ""

    @classmethod
    def from_form(cls, form: FormData) -> ArticleForm:
        def text(name: str) -> str:
            value = form.get(name, "")
            return value if isinstance(value, str) else ""

        def many(name: str) -> list[str]:
            return [v for v in form.getlist(name) if isinstance(v, str) and v]

        return cls(
            title=text("title"),
            summary=text("summary"),
            body=text("body"),
            language=text("language") or "de",
            topics=many("topics"),
            audience_regions=many("audience_regions"),
            audience_business_units=many("audience_business_units"),
            audience_languages=many("audience_languages"),
            must_read=form.get("must_read") == "on",
            shareable=form.get("shareable") == "on",
            publish_at=text("publish_at"),
            expires_at=text("expires_at"),
            due_at=text("due_at"),
            campaign_id=text("campaign_id"),
            translation_of=text("translation_of"),
        )

    @classmethod
    def from_article(cls, article: Article, zone: tzinfo = UTC) -> ArticleForm:
        return cls(
            title=article.title,
            summary=article.summary,
            body=article.body,
            language=article.language,
            topics=[t.id for t in article.topics],
            audience_regions=list(article.audience_regions),
            audience_business_units=list(article.audience_business_units),
            audience_languages=list(article.audience_languages),
            must_read=article.must_read,
            shareable=article.shareable,
            publish_at=format_time(article.publish_at, zone),
            expires_at=format_time(article.expires_at, zone),
            due_at=format_time(article.due_at, zone),
            campaign_id=str(article.campaign_id or ""),
            translation_of=str(article.translation_of or ""),
        )


def format_time(value: datetime | None, zone: tzinfo = UTC) -> str:
    if value is None:
        return ""
    aware = value if value.tzinfo else value.replace(tzinfo=UTC)
    return aware.astimezone(zone).strftime(TIME_FORMAT)


def parse_time(value: str, zone: tzinfo = UTC) -> datetime | None:
    value = value.strip()
    if not value:
        return None
    # Browsers send "YYYY-MM-DDTHH:MM", some with seconds: a wall time in the editor's zone.
    local = datetime.fromisoformat(value)
    if local.tzinfo is not None:
        return local.astimezone(UTC)
    return local.replace(tzinfo=zone).astimezone(UTC)


def validate(
    form: ArticleForm, known_topics: set[str], zone: tzinfo = UTC
) -> tuple[ArticleCreate | None, dict[str, str]]:
    """The API payload for this form, or error messages per field (English gettext ids)."""
    errors: dict[str, str] = {}
    title = form.title.strip()
    if not title:
        errors["title"] = N_("Please enter a title.")
    elif len(title) > TITLE_MAX:
        errors["title"] = N_("The title is too long (at most 200 characters).")
    if len(form.summary.strip()) > SUMMARY_MAX:
        errors["summary"] = N_("The summary is too long (at most 1,000 characters).")
    if len(form.body) > BODY_MAX:
        errors["body"] = N_("The text is too long (at most 200,000 characters).")
    if form.language not in ("de", "en"):
        errors["language"] = N_("Choose German or English.")
    if not form.topics:
        errors["topics"] = N_("Choose at least one topic.")
    elif any(t not in known_topics for t in form.topics):
        errors["topics"] = N_("One of the topics does not exist.")
    elif len(form.topics) > 10:
        errors["topics"] = N_("Choose at most 10 topics.")
    if any(lang not in ("de", "en") for lang in form.audience_languages):
        errors["audience"] = N_("Choose German or English.")
    times: dict[str, datetime | None] = {}
    for name in ("publish_at", "expires_at", "due_at"):
        try:
            times[name] = parse_time(getattr(form, name), zone)
        except ValueError:
            errors[name] = N_("Enter a date and time like 2026-03-01T09:00.")
    publish, expires = times.get("publish_at"), times.get("expires_at")
    expiry_ok = expires is None or expires > (publish or datetime.now(UTC))
    if "expires_at" not in errors and not expiry_ok:
        errors["expires_at"] = N_("The expiry must come after the publish time.")
    due = times.get("due_at")
    if due is not None and not form.must_read:
        errors["due_at"] = N_("Only a must-read has a due date.")
    elif due is not None and due <= (publish or datetime.now(UTC)):
        errors["due_at"] = N_("The due date must come after the publish time.")
    campaign = form.campaign_id.strip()
    if campaign and not campaign.isdigit():
        errors["campaign_id"] = N_("Choose a campaign from the list.")
    original = form.translation_of.strip().lstrip("#")
    if original and not original.isdigit():
        errors["translation_of"] = N_("Enter the number of the article this one translates.")
    if errors:
        return None, errors
    try:
        data = ArticleCreate(
            title=title,
            summary=form.summary.strip(),
            body=form.body,
            language=form.language,
            topics=form.topics,
            publish_at=publish,
            expires_at=expires,
            must_read=form.must_read,
            due_at=due,
            shareable=form.shareable,
            audience_regions=form.audience_regions,
            audience_business_units=form.audience_business_units,
            audience_languages=form.audience_languages,
            campaign_id=int(campaign) if campaign else None,
            translation_of=int(original) if original else None,
        )
    except ValidationError as exc:
        for err in exc.errors():
            name = str(err["loc"][0]) if err["loc"] else "form"
            if name.startswith("audience"):
                name = "audience"
            errors.setdefault(name, N_("This value is not valid."))
        return None, errors
    return data, errors
