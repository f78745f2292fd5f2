"""Load benchmark: the app under gunicorn on PostgreSQL with district-scale data (DESIGN §8).

    make bench                      # 30 schools, 4 workers, 10 s per page, 8 clients
    python bench/run.py --schools 80 --seconds 20 --clients 16

It creates (or reuses) its own PostgreSQL database, migrates it, seeds `--schools` demo schools, starts
gunicorn on a free loopback port with DJANGO_DEBUG=0, signs the demo users in, and asks each key page
from `--clients` concurrent clients for `--seconds`. It prints, side by side, each page's requests per
second and median / 95th-percentile latency, with /healthz (no database, no template) as the floor.
Only loopback traffic; every loop is bounded in time and count.
"""

from __future__ import annotations

import argparse
import http.cookiejar
import os
import re
import secrets
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
MAX_REQUESTS_PER_CLIENT = 100_000


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def prepare_database(env: dict, schools: int) -> None:
    name = env["BENCH_DB"]
    exists = subprocess.run(
        [
            "psql",
            "-h",
            "127.0.0.1",
            "-U",
            "postgres",
            "-tAc",
            f"SELECT 1 FROM pg_database WHERE datname='{name}'",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    if not exists:
        subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", name], check=True)
    manage = [PYTHON, "manage.py"]
    subprocess.run([*manage, "migrate", "--no-input", "-v0"], cwd=ROOT, env=env, check=True)
    subprocess.run([*manage, "compilemessages", "--ignore=.venv", "-v0"], cwd=ROOT, env=env, check=True)
    subprocess.run([*manage, "collectstatic", "--no-input", "-v0"], cwd=ROOT, env=env, check=True)
    started = time.perf_counter()
    subprocess.run(
        [*manage, "seed_demo", "--reset", "--force", "--schools", str(schools), "-v0"],
        cwd=ROOT,
        env=env,
        check=True,
    )
    print(f"seeded {schools} schools in {time.perf_counter() - started:.1f} s")


class Client:
    """A signed-in browser: a cookie jar and the CSRF dance of the sign-in form."""

    def __init__(self, base: str, username: str | None):
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )
        if username:
            self.sign_in(username)

    def get(self, path: str) -> int:
        with self.opener.open(self.base + path, timeout=30) as response:
            response.read()
            return response.status

    def sign_in(self, username: str) -> None:
        with self.opener.open(self.base + "/accounts/login/", timeout=30) as response:
            page = response.read().decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        data = urllib.parse.urlencode(
            {"username": username, "password": "demo", "csrfmiddlewaretoken": token}
        ).encode()
        request = urllib.request.Request(
            self.base + "/accounts/login/", data=data, headers={"Referer": self.base}
        )
        with self.opener.open(request, timeout=30) as response:
            response.read()
            if response.url.endswith("/accounts/login/"):
                raise SystemExit(f"could not sign in as {username}")


def measure(base: str, username: str | None, path: str, clients: int, seconds: float) -> dict:
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()
    sessions = [Client(base, username) for _ in range(clients)]
    deadline = time.perf_counter() + seconds

    def run(client: Client) -> None:
        nonlocal errors
        own, failed = [], 0
        for _ in range(MAX_REQUESTS_PER_CLIENT):
            if time.perf_counter() >= deadline:
                break
            started = time.perf_counter()
            try:
                ok = client.get(path) == 200
            except OSError:
                ok = False
            own.append(time.perf_counter() - started)
            failed += not ok
        with lock:
            latencies.extend(own)
            errors += failed

    threads = [threading.Thread(target=run, args=(s,)) for s in sessions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    latencies.sort()
    return {
        "rps": len(latencies) / seconds,
        "p50": statistics.median(latencies) * 1000,
        "p95": latencies[int(len(latencies) * 0.95) - 1] * 1000,
        "errors": errors,
        "requests": len(latencies),
    }


def pages(env: dict) -> list[tuple[str, str | None, str]]:
    """(label, user, path) for the key pages, with ids looked up in the seeded database."""
    script = (
        "from methodology.models import WorkPlan, Association;"
        "from school_gov.models import School;"
        "s=School.objects.order_by('pk').first();"
        "p=WorkPlan.objects.filter(association__school=s, association__name='Так илимдер')"
        ".order_by('-period_start').first();"
        "print(s.pk, p.pk, p.association_id)"
    )
    out = subprocess.run(
        [PYTHON, "manage.py", "shell", "-c", script],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    school, plan, association = out.stdout.split()[-3:]
    return [
        ("healthz (floor)", None, "/healthz"),
        ("sign-in page", None, "/accounts/login/"),
        ("dashboard (deputy)", "deputy", "/"),
        ("association page (head)", "head", f"/methodology/associations/{association}/"),
        ("plan list (deputy)", "deputy", "/methodology/plans/"),
        ("plan page (head)", "head", f"/methodology/plans/{plan}/"),
        ("admin plan list (deputy)", "deputy", "/admin/methodology/workplan/"),
        ("staff directory (methodologist)", "methodologist", "/staff/"),
        ("parliament home (public)", None, f"/parliament/?school={school}"),
        ("parliament home (student)", "student", "/parliament/"),
        ("parliament calendar (public)", None, f"/parliament/calendar/?school={school}"),
        ("dashboard (student)", "student", "/"),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--schools", type=int, default=30)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--database", default="school_gov_bench")
    parser.add_argument("--skip-seed", action="store_true", help="reuse the data of the last run")
    args = parser.parse_args()

    port = free_port()
    env = {
        **os.environ,
        "BENCH_DB": args.database,
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{args.database}",
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SITE_URL": f"http://127.0.0.1:{port}",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DJANGO_SECURE_COOKIES": "0",
        "CONN_MAX_AGE": "60",
        "AXES_FAILURE_LIMIT": "1000",
    }
    if not args.skip_seed:
        prepare_database(env, args.schools)
    server = subprocess.Popen(
        [
            PYTHON, "-m", "gunicorn", "school_gov.wsgi", "--bind", f"127.0.0.1:{port}",
            "--workers", str(args.workers), "--no-control-socket", "--log-level", "warning",
        ],
        cwd=ROOT,
        env=env,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/healthz", timeout=1).read()
                break
            except OSError:
                time.sleep(0.2)
        setup = f"gunicorn {args.workers} workers, {args.clients} clients, {args.seconds:g} s each"
        print(f"{args.schools} schools, {setup}")
        print(f"{'page':34} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'errors':>7}")
        for label, user, path in pages(env):
            result = measure(base, user, path, args.clients, args.seconds)
            row = f"{result['rps']:8.1f} {result['p50']:8.1f} {result['p95']:8.1f} {result['errors']:7d}"
            print(f"{label:34} {row}", flush=True)
    finally:
        server.terminate()
        server.wait(timeout=20)


if __name__ == "__main__":
    main()
