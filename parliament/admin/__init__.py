"""The parliament in the admin, one module per area."""

from parliament.admin import clubs, elections, events, meetings, polls, proposals, terms  # noqa: F401
