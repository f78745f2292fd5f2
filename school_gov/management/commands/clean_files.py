"""The stored files no row points to (left by a failed write, or by a record deleted outside the app):
listed by default, removed with --delete. `--schedule` queues the nightly run on the task queue
(03:00; it lists only unless DJANGO_DELETE_ORPHAN_FILES is on), which then queues the next."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from school_gov import files
from school_gov.tasks import clean_files, enqueue_once, next_clean_at


class Command(BaseCommand):
    help = "List (or with --delete remove) uploaded files that no record points to."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--delete", action="store_true", help="Remove them (the default lists only).")
        parser.add_argument(
            "--schedule", action="store_true", help="Do not clean now: queue the nightly clean-up (03:00)."
        )

    def handle(self, *args, delete: bool = False, schedule: bool = False, **options) -> None:
        if schedule:
            queued = enqueue_once(clean_files, next_clean_at())
            self.stdout.write(
                "The nightly clean-up is queued." if queued else "A nightly clean-up is queued already."
            )
            return
        found = files.clean_orphans(delete=delete)
        for name in found:
            self.stdout.write(name)
        verb = "Removed" if delete else "Found (nothing removed; --delete removes them)"
        self.stdout.write(f"{verb}: {len(found)} orphaned file(s).")
