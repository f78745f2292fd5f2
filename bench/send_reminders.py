"""Benchmark of the daily sweep (issue "Reach people"): `send_reminders` over the bench's demo schools on
PostgreSQL; seconds, queries and what was sent printed, for each of several "today"s of the school year.

    .venv/bin/python bench/send_reminders.py                 # 50 schools, its own database
    .venv/bin/python bench/send_reminders.py --schools 10

It creates (or reuses) the database `school_gov_bench_sweep` on 127.0.0.1, migrates it, seeds the demo
schools, then sweeps on five days (the demo's today, a quarter's eve, the report's due date …) twice
each: the second run of a day sends nothing, and its queries show the ledger's cost alone.
"""

from __future__ import annotations

import argparse
import datetime
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATABASE = "school_gov_bench_sweep"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--schools", type=int, default=50)
    options = parser.parse_args()
    os.environ.setdefault("DATABASE_URL", f"postgres://postgres@127.0.0.1:5432/{DATABASE}")
    subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", DATABASE], capture_output=True)
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "school_gov.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from methodology.models import WorkPlan
    from notifications.actions.sweep import run
    from notifications.models import Notification, Reminder
    from school_gov.models import Quarter, School, SchoolYear
    from school_gov.people import machine

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    call_command("seed_demo", "--reset", "--schools", str(options.schools), verbosity=0)
    print(
        f"seeded {School.objects.count()} schools in {time.perf_counter() - started:.0f} s; "
        f"{WorkPlan.objects.count()} plans"
    )
    today = timezone.localdate()
    year = SchoolYear.objects.filter(is_current=True).order_by("pk").first()
    following = Quarter.objects.filter(school_year=year, start_date__gt=today).order_by("start_date").first()
    days = [("today", today)]
    if following is not None:
        days.append(("a quarter's eve (7 days before)", following.start_date - datetime.timedelta(days=7)))
    days.append(("the report due in 3 days", year.end_date + datetime.timedelta(days=2)))
    days.append(("the report overdue", year.end_date + datetime.timedelta(days=6)))
    Reminder.objects.all().delete()
    Notification.objects.all().delete()
    print(f"{'day':<34} {'run':>4} {'seconds':>8} {'queries':>8} {'sent':>7}")
    for label, day in days:
        for attempt in (1, 2):
            reset_queries()  # the seed filled Django's capped query log
            with CaptureQueriesContext(connection) as queries:
                begun = time.perf_counter()
                sweep = run(by=machine(), today=day, digests=False)
                seconds = time.perf_counter() - begun
            print(f"{label:<34} {attempt:>4} {seconds:8.2f} {len(queries):8d} {sweep.reminders_sent:7d}")


if __name__ == "__main__":
    main()
