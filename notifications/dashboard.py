"""The notifications' card on the dashboard: the latest unread, and for the director (and the
administrator) a warning when the daily sweep has not run for 36 hours."""

from __future__ import annotations

from notifications import sweep
from notifications.delivery import lines, load, visible
from notifications.views import mine
from school_gov import roles
from school_gov.people import PersonRequest

LATEST = 5


def cards(request: PersonRequest) -> list[tuple[str, dict]]:
    person = request.person
    if not person.is_authenticated:
        return []
    unread = list(
        mine(person)
        .filter(read_at__isnull=True)
        .select_related("school")
        .order_by("-created_at", "-pk")[:LATEST]
    )
    load(unread)
    shown = lines(n for n in unread if visible(n, person))
    watches_sweep = person.holds(roles.DIRECTOR) or person.is_superuser
    last = sweep.last_run() if watches_sweep else None
    context = {
        "latest": shown,
        "unread": mine(person).filter(read_at__isnull=True).count() if len(unread) == LATEST else len(unread),
        "sweep_overdue": watches_sweep and sweep.stale(last),
        "last_sweep": last,
    }
    if not shown and not context["sweep_overdue"]:
        return []
    return [("notifications/_dashboard_card.html", context)]
