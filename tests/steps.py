"""The workflow's actions as the tests take them: `steps.agree(plan, deputy)` is
`methodology.actions.plans.agree(plan, by=<deputy as a person>)`, the same function the site and the
admin call."""

from __future__ import annotations

from methodology.actions import plans, reports
from methodology.models import WorkPlan
from school_gov.people import Person, person_of


def act(user) -> Person:
    """The account as a person acting now (built afresh: a test may have changed its appointments)."""
    if hasattr(user, "_person"):
        del user._person
    return person_of(user)


def _actions(record):
    return plans if isinstance(record, WorkPlan) else reports


def submit(record, user) -> None:
    _actions(record).submit(record, by=act(user))


def agree(plan, user) -> None:
    plans.agree(plan, by=act(user))


def approve(plan, user) -> None:
    plans.approve(plan, by=act(user))


def accept(report, user) -> None:
    reports.accept(report, by=act(user))


def return_for_revision(record, user, comment: str) -> None:
    _actions(record).return_for_revision(record, by=act(user), comment=comment)


def as_student(student) -> Person:
    """A student record acting through its account (one is made and linked when the record has none)."""
    if student.user_id is None:
        from tests.factories import UserFactory

        student.user = UserFactory(username=f"student-{student.pk}")
        student.save(update_fields=["user"])
    return act(student.user)


def operator(election) -> Person:
    """Who opened the shared code-voting device: the election's supervising teacher (or the adviser)."""
    staff = election.supervisor or election.term.adviser
    return act(staff.user)


def deliver() -> None:
    """Run what waits on the task queue (e-mail) with the database worker's own `run_task`, as
    `manage.py db_worker` does between its polls (its loop closes the database connection, which a test
    transaction cannot lose)."""
    from django.db import connection
    from django_tasks_db.management.commands.db_worker import Worker
    from django_tasks_db.models import DBTaskResult

    # What waits for the commit (the outbox queues its delivery then): a test inside one transaction
    # never commits, so its pending callbacks run here, as the commit would run them; a task may leave
    # more (an e-mail it put in the outbox), so both run until nothing is left.
    worker = Worker(
        queue_names=["*"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="tests",
        excluded_queue_names=[],
    )
    while True:
        while connection.run_on_commit:
            pending, connection.run_on_commit = connection.run_on_commit, []
            for _savepoints, callback, _robust in pending:
                callback()
        result = DBTaskResult.objects.ready().order_by("enqueued_at").first()
        if result is None:
            return
        result.claim(worker.worker_id)
        worker.run_task(result)


def sign_in(page, live_server, username: str) -> None:
    """A browser journey's sign-in: a fresh session, the sign-in form, the dashboard."""
    from django.urls import reverse

    page.context.clear_cookies()
    page.goto(live_server.url + reverse("login"))
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill("demo-password")
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url(live_server.url + reverse("dashboard"))


def demo_pages(page, live_server, username: str, paths):
    """Sign in as the demo's `username` and open each of `paths` that answers an HTML page, yielding its
    path with the page open in the tab. Each address is asked first with the tab's cookies, so that a
    download (a calendar, a PDF) or a refusal is passed by without navigating to it."""
    from django.urls import reverse

    page.context.clear_cookies()
    page.goto(live_server.url + reverse("login"))
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill("demo")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").first.click()
    assert page.url == live_server.url + reverse("dashboard"), f"{username} did not sign in"
    for path in paths:
        answer = page.context.request.get(live_server.url + path, max_redirects=0)
        if answer.status != 200 or "text/html" not in answer.headers.get("content-type", ""):
            continue
        page.goto(live_server.url + path)
        yield path


def database_url() -> str:
    """The test database as DATABASE_URL, for an app process the test starts (a worker, gunicorn)."""
    from django.db import connection

    db = connection.settings_dict
    return f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


def end_other_sessions() -> None:
    """End every other session on the test database: a killed process's may outlive it a moment, and
    the test database cannot be dropped while one is open."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
