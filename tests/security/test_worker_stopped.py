"""A task worker killed in the middle of a task (issue 16, faults survived): a real `db_worker` process
is sending a message through a slow mail server when it gets SIGKILL. Nothing was sent; the daily
sweep's recovery marks the stopped task failed and queues the message again; the next worker sends it,
once, with the same Message-ID it would have had; a further worker sends nothing more."""

from __future__ import annotations

import datetime
import email
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from school_gov import mail, tasks
from school_gov.models import Email, EmailStatus
from tests.steps import database_url, end_other_sessions

pytestmark = pytest.mark.django_db(transaction=True)

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def _database_queue(settings):
    if connection.vendor != "postgresql":
        pytest.skip("a worker in another process needs a database server (CI runs on PostgreSQL)")
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    yield
    # A killed worker's session may outlive it for a moment: end it, so the test database can go.
    end_other_sessions()


def _worker(mailbox: Path, *, delay: float, batch: bool) -> subprocess.Popen:
    env = {
        **os.environ,
        "DATABASE_URL": database_url(),
        "DJANGO_EMAIL_BACKEND": "tests.mailbox.SlowFileBackend",
        "DJANGO_TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
        "MAILBOX_DIR": str(mailbox),
        "MAILBOX_DELAY": str(delay),
        "PYTHONPATH": str(ROOT),
    }
    # No autoreloader (on by default under DEBUG): its child would outlive a SIGKILL to the parent.
    arguments = ["db_worker", "--no-reload", "--no-startup-delay", "--interval", "0.2"] + (
        ["--batch"] if batch else []
    )
    return subprocess.Popen(
        [sys.executable, "manage.py", *arguments],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def _wait_for(condition, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("timed out")
        time.sleep(0.1)


def test_a_message_whose_worker_was_killed_is_sent_once_after_the_recovery(tmp_path):
    message = mail.post("parent@mektep.kg", "Жолугушуу", "Ата-энелер чогулушу шейшемби күнү.")
    first = _worker(tmp_path, delay=60, batch=False)
    try:
        _wait_for(lambda: Email.objects.get(pk=message.pk).status == EmailStatus.SENDING)
    finally:
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=10)
    assert list(tmp_path.iterdir()) == []  # the slow server had accepted nothing
    running = DBTaskResult.objects.get(status=TaskResultStatus.RUNNING)

    # The next daily sweep, over an hour later: the stopped task is marked, the message queued again.
    later = timezone.now() + datetime.timedelta(hours=2)
    assert tasks.recover_stopped(now=later) == 1
    assert mail.recover(now=later) == 1
    running.refresh_from_db()
    assert running.status == TaskResultStatus.FAILED
    assert running.exception_class_path == "school_gov.tasks.WorkerStopped"

    second = _worker(tmp_path, delay=0, batch=True)
    assert second.wait(timeout=60) == 0, second.stderr.read().decode() if second.stderr else ""
    [sent] = list(tmp_path.iterdir())
    parsed = email.message_from_bytes(sent.read_bytes())
    assert parsed["To"] == "parent@mektep.kg"
    assert parsed["Message-ID"].startswith(f"<outbox.{message.pk}.")
    assert Email.objects.get(pk=message.pk).status == EmailStatus.SENT

    # The queue holds nothing more for it: another worker and another recovery send nothing twice.
    assert mail.recover(now=later) == 0
    third = _worker(tmp_path, delay=0, batch=True)
    assert third.wait(timeout=60) == 0
    assert len(list(tmp_path.iterdir())) == 1


def test_a_task_running_for_less_than_the_hour_is_left_alone():
    message = mail.post("parent@mektep.kg", "Жолугушуу", "Текст.")
    DBTaskResult.objects.filter(status=TaskResultStatus.READY).update(
        status=TaskResultStatus.RUNNING, started_at=timezone.now() - datetime.timedelta(minutes=50)
    )
    assert tasks.recover_stopped() == 0
    assert DBTaskResult.objects.get().status == TaskResultStatus.RUNNING
    assert Email.objects.get(pk=message.pk).status == EmailStatus.QUEUED
    assert settings.TASKS["default"]["BACKEND"] == "django_tasks_db.DatabaseBackend"
