"""The parliament in the admin, one module per area."""

from parliament.admin import community, elections, events, voice  # noqa: F401
