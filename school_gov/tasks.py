"""Background work on the task queue (django-tasks, its database backend; `manage.py db_worker` runs
it): e-mail leaves the request through the outbox (school_gov.mail), so a slow or failing mail server
never slows or fails a page, and a message waits and is tried again rather than lost."""

from __future__ import annotations

import datetime
import logging
from typing import Any

from django.conf import settings
from django.utils import timezone
from django_tasks import task

from school_gov import mail

logger = logging.getLogger(__name__)


@task()
def deliver(pk: int) -> str:
    """Send one message of the outbox (tried again with backoff when the mail server fails)."""
    return mail.deliver(pk)


@task()
def send_mail(subject: str, body: str, to: list[str], html: str = "") -> None:
    """Kept for messages queued before the outbox existed: each goes into the outbox now."""
    for address in to:
        mail.post(address, subject, body, html=html)


def enqueue_once(scheduled: Any, run_after: datetime.datetime) -> bool:
    """Queue `scheduled` to run after `run_after` unless a run of it waits already. On the database
    backend the queue itself is asked; another backend is trusted to keep one."""
    if settings.TASKS["default"]["BACKEND"] == "django_tasks_db.DatabaseBackend":
        from django_tasks import TaskResultStatus
        from django_tasks_db.models import DBTaskResult

        if DBTaskResult.objects.filter(
            status=TaskResultStatus.READY, task_path=scheduled.module_path
        ).exists():
            return False
    scheduled.using(run_after=run_after).enqueue()
    return True


CLEAN_HOUR = 3  # the files' clean-up runs at night, in the school's time zone


def next_clean_at(now: datetime.datetime | None = None) -> datetime.datetime:
    local = timezone.localtime(now)
    run = local.replace(hour=CLEAN_HOUR, minute=0, second=0, microsecond=0)
    return run if run > local else run + datetime.timedelta(days=1)


@task()
def clean_files() -> list[str]:
    """Nightly: the stored files no row points to, listed in the log, and removed only when
    settings.DELETE_ORPHAN_FILES says so; the next night's run queued."""
    from school_gov import files

    try:
        found = files.clean_orphans(delete=settings.DELETE_ORPHAN_FILES)
        verb = "removed" if settings.DELETE_ORPHAN_FILES else "found (dry run)"
        logger.info("Orphaned files %s: %s", verb, len(found))
        for name in found:
            logger.info("orphaned file: %s", name)
        return found
    finally:
        enqueue_once(clean_files, next_clean_at())


# A task still "running" this long after it started was left by a worker that stopped (killed, or its
# machine went down): django-tasks' database backend has no heartbeat and never gives it back.
STOPPED_AFTER = datetime.timedelta(hours=1)


class WorkerStopped(Exception):
    """What a task left running by a stopped worker is marked failed with."""


def recover_stopped(now: datetime.datetime | None = None) -> int:
    """Tasks a stopped worker left "running": marked failed (the admin's task list no longer shows them
    running for ever), and the nightly clean-up queued again if it was one of them (it queues its own
    next run when it ends, which a killed run never did). Their work is not lost: a message being sent is
    queued again by the outbox's recovery (school_gov.mail.recover, the same sweep), and sent once, for
    its claim. Returns how many. The daily sweep calls it."""
    if settings.TASKS["default"]["BACKEND"] != "django_tasks_db.DatabaseBackend":
        return 0
    from django_tasks import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    now = now or timezone.now()
    stopped = DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING, started_at__lt=now - STOPPED_AFTER)
    paths = set(stopped.values_list("task_path", flat=True))
    count = stopped.update(
        status=TaskResultStatus.FAILED,
        finished_at=now,
        exception_class_path=f"{WorkerStopped.__module__}.{WorkerStopped.__qualname__}",
        traceback="The worker stopped while it ran this task (killed, or its machine went down).\n",
    )
    if clean_files.module_path in paths:
        enqueue_once(clean_files, next_clean_at(now))
    return count
