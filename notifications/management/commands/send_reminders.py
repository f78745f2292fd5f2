"""The daily sweep: every reminder due today (once: a second run the same day sends nothing) and the
digests. Run it daily from cron or a systemd timer (README), or let the worker run it: `--schedule`
queues the next 07:00 run on the task queue, which then queues the one after."""

from __future__ import annotations

import datetime

from django.core.management.base import BaseCommand, CommandError

from notifications import sweep


class Command(BaseCommand):
    help = "Send the reminders due today and the daily digests (idempotent)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--date", help="Sweep as if today were this date (YYYY-MM-DD).")
        parser.add_argument(
            "--schedule",
            action="store_true",
            help="Do not sweep now: queue the next daily sweep (07:00) on the task queue, unless queued.",
        )

    def handle(self, *args, date: str | None = None, schedule: bool = False, **options) -> None:
        if schedule:
            queued = sweep.schedule()
            self.stdout.write(
                "The next daily sweep is queued." if queued else "A daily sweep is queued already."
            )
            return
        today = None
        if date:
            try:
                today = datetime.date.fromisoformat(date)
            except ValueError:
                raise CommandError(f"--date takes YYYY-MM-DD, not {date!r}.") from None
        result = sweep.run_now(today)
        self.stdout.write(f"Reminders sent: {result['reminders']}; digests sent: {result['digests']}.")
