"""Words for values that pages show: roles, statuses, digest cadences, dismissal reasons,
error pages. English message ids, translated where they are shown (``_(labels.ROLES[r])``)."""

from __future__ import annotations

from coffeemug.i18n import N_

# Each language in its own name, the same on every page.
LANGUAGE_NAMES: dict[str, str] = {"de": "Deutsch", "en": "English"}

ROLES: dict[str, str] = {
    "reader": N_("Employee"),
    "editor": N_("Editor"),
    "moderator": N_("Moderator"),
    "analyst": N_("Analyst"),
    "admin": N_("Admin"),
}

STATUSES: dict[str, str] = {
    "draft": N_("Draft"),
    "published": N_("Published"),
    "archived": N_("Archived"),
    "scheduled": N_("Scheduled"),
}

DIGESTS: dict[str, str] = {
    "none": N_("Never"),
    "daily": N_("Daily"),
    "weekly": N_("Weekly"),
}

DISMISS_REASONS: dict[str, str] = {
    "none": N_("No reason given"),
    "topic": N_("Not my topic"),
    "seen": N_("Already seen"),
    "irrelevant": N_("Not relevant for me"),
    "too_many": N_("Too much of this"),
}

# An error page's title and help per kind (see web.pages.error_page).
ERROR_PAGES: dict[str, tuple[str, str]] = {
    "bad_request": (
        N_("That request did not work"),
        N_("Something in the request was not right. Please go back and try again."),
    ),
    "csrf": (
        N_("This form has expired"),
        N_(
            "The form was too old or was changed on the way. Reload the page and send it "
            "again; nothing was saved."
        ),
    ),
    "not_authenticated": (
        N_("Please sign in"),
        N_("We could not tell who you are."),
    ),
    "forbidden": (
        N_("Not allowed"),
        N_("This page is for people with another role."),
    ),
    "not_found": (
        N_("Not found"),
        N_("This page or article does not exist (any more)."),
    ),
    "conflict": (
        N_("Changed in the meantime"),
        N_("Someone changed this at the same time. Reload and try again."),
    ),
    "too_large": (
        N_("Too large"),
        N_("What you sent is too large."),
    ),
    "invalid": (
        N_("Invalid input"),
        N_("Some of the values were not valid."),
    ),
    "unexpected": (
        N_("Something went wrong"),
        N_("An unexpected error happened; it has been logged. Please try again later."),
    ),
}

CAMPAIGN_STATUSES: dict[str, str] = {
    "planned": N_("Planned"),
    "running": N_("Running"),
    "finished": N_("Finished"),
    "cancelled": N_("Cancelled"),
}

WORKFLOW_STATES: dict[str, str] = {
    "draft": N_("Draft"),
    "in_review": N_("In review"),
    "approval_step": N_("Approval step done"),
    "approved": N_("Approved"),
    "scheduled": N_("Scheduled"),
    "published": N_("Published"),
    "archived": N_("Archived"),
    "rejected": N_("Rejected"),
}

CALENDAR_CONFLICTS: dict[str, str] = {
    "must_reads": N_("Two must-reads on one day"),
    "same_audience": N_("Two items for the same audience"),
    "holiday": N_("Public holiday"),
}

TASK_KINDS: dict[str, str] = {
    "write": N_("Write"),
    "graphics": N_("Graphics"),
    "video": N_("Video"),
    "translation": N_("Translation"),
    "legal_review": N_("Legal review"),
}

FEED_SCOPES: dict[str, str] = {
    "person": N_("My articles and tasks"),
    "business_unit": N_("A business unit"),
    "campaign": N_("A campaign"),
}
