"""Imports every table module so Base.metadata knows the whole schema (migrations, tests)."""

from coffeemug.advocacy import models as advocacy_models
from coffeemug.analytics import audit as analytics_audit
from coffeemug.analytics import models as analytics_models
from coffeemug.analytics import quarantine as analytics_quarantine
from coffeemug.content import models as content_models
from coffeemug.events import models as events_models
from coffeemug.feed import models as feed_models
from coffeemug.jobs import models as jobs_models
from coffeemug.listening import models as listening_models
from coffeemug.mail import models as mail_models
from coffeemug.orchestration import models as orchestration_models
from coffeemug.people import models as people_models
from coffeemug.pictures import models as pictures_models

__all__ = [
    "advocacy_models",
    "analytics_audit",
    "analytics_models",
    "analytics_quarantine",
    "content_models",
    "events_models",
    "feed_models",
    "jobs_models",
    "listening_models",
    "mail_models",
    "orchestration_models",
    "people_models",
    "pictures_models",
]
