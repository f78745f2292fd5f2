"""Running the daily sweep and knowing whether it runs: `run_now` (the command and the task), `schedule`
(the next run queued for tomorrow 07:00, once), and `last_run` / `is_overdue` for the admin and the
director's dashboard (a sweep nobody scheduled is the most common way reminders stop)."""

from __future__ import annotations

import datetime

from django.utils import timezone

from notifications.models import SweepRun
from school_gov.people import machine

OVERDUE_AFTER = datetime.timedelta(hours=36)


def run_now(today: datetime.date | None = None) -> dict[str, int]:
    from notifications.actions.sweep import run

    sweep = run(by=machine(), today=today)
    return {"reminders": sweep.reminders_sent, "digests": sweep.digests_sent}


def schedule() -> bool:
    """Queue the next daily sweep (07:00 Asia/Bishkek) unless one is queued already. On the database
    backend the queue itself is asked; another backend is trusted to keep one."""
    from notifications.tasks import daily_sweep, next_sweep_at
    from school_gov.tasks import enqueue_once

    return enqueue_once(daily_sweep, next_sweep_at())


def last_run() -> SweepRun | None:
    return SweepRun.objects.filter(finished_at__isnull=False).order_by("-finished_at").first()


def is_overdue(now: datetime.datetime | None = None) -> bool:
    """No sweep finished in the last 36 hours (or ever)."""
    return stale(last_run(), now)


def stale(last: SweepRun | None, now: datetime.datetime | None = None) -> bool:
    """Whether `last` (the last finished run, or None) is more than 36 hours ago."""
    now = now or timezone.now()
    return last is None or last.finished_at is None or now - last.finished_at > OVERDUE_AFTER
