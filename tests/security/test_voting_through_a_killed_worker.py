"""A school votes on the shared code device while a gunicorn worker is killed with SIGKILL (issue 16,
faults survived): real gunicorn, three workers, on the test's PostgreSQL database; six devices send
one-time codes at once; a third of the way through, one worker is killed and the master starts another.
Afterwards the counters add up to the roll of who voted and to the codes used, nobody voted twice, and
everyone who was told "counted" is on the roll; a vote whose answer was lost with the worker is either
wholly counted or not at all, and sending it again settles it."""

from __future__ import annotations

import contextlib
import http.cookiejar
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from django.db import connection
from django.db.models import Sum
from django.test import Client
from django.urls import reverse

from parliament.actions.elections import issue_codes, move_to_stage
from parliament.models import ElectionStage, Tally, Turnout, VoteCode
from tests.factories import CandidateFactory, ElectionFactory, StaffFactory, StudentFactory, UserFactory
from tests.steps import act, database_url, end_other_sessions

pytestmark = pytest.mark.django_db(transaction=True)

ROOT = Path(__file__).resolve().parents[2]
VOTERS = 150
DEVICES = 6
KILL_AFTER = VOTERS // 3
COUNTED = "The vote was counted"
REFUSED = "unknown or has already been used"


@pytest.fixture(autouse=True)
def _postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("gunicorn's workers share the test database only on a database server")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _children(pid: int) -> list[int]:
    found = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout.split()
    return [int(p) for p in found]


@pytest.fixture
def server():
    port = _free_port()
    env = {
        **os.environ,
        "DATABASE_URL": database_url(),
        "DJANGO_DEBUG": "1",
        "PYTHONPATH": str(ROOT),
    }
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "school_gov.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "3",
            "--no-control-socket",
            "--timeout",
            "30",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(base + "/healthz", timeout=5) as answer:
                if answer.status == 200:
                    break
        except OSError:
            if time.monotonic() > deadline or process.poll() is not None:
                process.kill()
                raise AssertionError("gunicorn did not start") from None
            time.sleep(0.2)
    try:
        yield base, process
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
        end_other_sessions()


@pytest.fixture
def voting(school, term, adviser, president):
    """An election in its voting stage and VOTERS students of one class, each with a printed code."""
    supervisor = UserFactory(username="supervisor")
    StaffFactory(school=school, user=supervisor)
    election = ElectionFactory(term=term, supervisor=supervisor.staff, stage=ElectionStage.CAMPAIGN)
    candidates = [CandidateFactory(election=election) for _ in range(3)]
    election.commission.add(president.student)
    move_to_stage(election=election, stage=ElectionStage.VOTING, by=act(adviser))
    for _ in range(VOTERS):
        StudentFactory(school=school, grade=6, class_letter="А")
    codes = [
        code
        for _student, code in issue_codes(election=election, grade=6, class_letter="А", by=act(supervisor))
    ]
    assert len(codes) == VOTERS
    return election, candidates, codes, supervisor


class Device:
    """A browser on the shared device: the operator's session, the form's CSRF token."""

    def __init__(self, base: str, url: str, session: str):
        jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        host = urllib.parse.urlsplit(base).hostname
        jar.set_cookie(
            http.cookiejar.Cookie(
                0,
                "sessionid",
                session,
                None,
                False,
                host,
                False,
                False,
                "/",
                True,
                False,
                None,
                True,
                None,
                None,
                {},
            )
        )
        self.url = base + url
        self.token = ""
        self.refresh()

    def refresh(self) -> None:
        with self.opener.open(self.url, timeout=30) as answer:
            page = answer.read().decode()
        self.token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)

    def vote(self, code: str, candidate: int) -> str:
        data = urllib.parse.urlencode(
            {"code": code, "candidate": candidate, "csrfmiddlewaretoken": self.token}
        ).encode()
        request = urllib.request.Request(self.url, data=data, headers={"Accept-Language": "en"})
        try:
            with self.opener.open(request, timeout=30) as answer:  # the redirect back, followed
                page = answer.read().decode()
        except (OSError, urllib.error.HTTPError):
            return "lost"
        if COUNTED in page:
            return "counted"
        if REFUSED in page:
            return "refused"
        return "other"


def test_a_killed_worker_loses_no_vote_and_counts_none_twice(server, voting):
    base, master = server
    election, candidates, codes, supervisor = voting
    operator = Client()
    operator.force_login(supervisor)
    session = operator.cookies["sessionid"].value
    url = reverse("parliament:election_code_vote", args=[election.pk])
    devices = [Device(base, url, session) for _ in range(DEVICES)]

    outcomes: dict[str, str] = {}
    lock = threading.Lock()
    halfway = threading.Event()

    def send(device: Device, mine: list[str]) -> None:
        for n, code in enumerate(mine):
            outcome = device.vote(code, candidates[n % 3].pk)
            if outcome == "lost":
                with contextlib.suppress(OSError):
                    device.refresh()  # a new worker answers the next request
            with lock:
                outcomes[code] = outcome
                if len(outcomes) >= KILL_AFTER:
                    halfway.set()

    threads = [threading.Thread(target=send, args=(d, codes[i::DEVICES])) for i, d in enumerate(devices)]
    for thread in threads:
        thread.start()
    assert halfway.wait(timeout=120)
    workers = _children(master.pid)
    os.kill(workers[0], signal.SIGKILL)
    with lock:
        answered_before_the_kill = len(outcomes)
    for thread in threads:
        thread.join(timeout=180)
    assert workers[0] not in _children(master.pid)  # killed, and the master started another
    assert len(outcomes) == VOTERS and answered_before_the_kill < VOTERS
    assert "other" not in outcomes.values(), outcomes

    # Every vote counted once: counters = roll = codes used; the told ones are on the roll.
    used = set(VoteCode.objects.filter(election=election, used=True).values_list("student_id", flat=True))
    on_roll = set(Turnout.objects.filter(election=election).values_list("student_id", flat=True))
    total = Tally.objects.filter(election=election).aggregate(total=Sum("votes"))["total"]
    assert used == on_roll and total == len(on_roll)
    counted = [code for code, outcome in outcomes.items() if outcome == "counted"]
    assert len(on_roll) >= len(counted) and "refused" not in outcomes.values()
    lost = [code for code, outcome in outcomes.items() if outcome == "lost"]
    print(f"{len(counted)} counted, {len(lost)} answers lost with the worker, {len(on_roll)} on the roll")
    assert len(on_roll) <= len(counted) + len(lost)

    # The lost answers sent again: counted now if they were not, refused if they were; then all voted.
    device = Device(base, url, session)
    again = [device.vote(code, candidates[0].pk) for code in lost]
    assert set(again) <= {"counted", "refused"}
    assert len(on_roll) - len(counted) == again.count("refused")
    assert Turnout.objects.filter(election=election).count() == VOTERS
    assert Tally.objects.filter(election=election).aggregate(total=Sum("votes"))["total"] == VOTERS
