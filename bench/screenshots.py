"""Screenshots of the key pages, in Kyrgyz, on a laptop and a phone, for docs/screenshots/ (README).

    make screenshots

It builds the demo district (two schools) in a fresh SQLite database in a temporary folder, serves it on a
free loopback port with Django's development server, signs the demo people in with Debian's Chromium
(CHROMIUM_PATH, or `chromium` on the PATH) through Playwright, and saves each page as a JPEG. Nothing
leaves the machine; the demo's password is the demo's. Run it again after a change of the pages.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "screenshots"
PYTHON = sys.executable
LAPTOP = {"width": 1024, "height": 720}
PHONE = {"width": 390, "height": 844}
# (file name, demo user, address, screen, a selector to wait for)
SHOTS = [
    ("deputy-dashboard", "deputy", "/", LAPTOP, "main"),
    ("deputy-plans", "deputy", "/methodology/plans/", LAPTOP, "main table"),
    ("deputy-admin-plans", "deputy", "/admin/methodology/workplan/", LAPTOP, "#result_list"),
    ("methodologist-grid", "methodologist", "/methodology/plans-by-quarter/", LAPTOP, "#grid"),
    ("head-association", "head", "/methodology/associations/1/", LAPTOP, "main"),
    ("head-dashboard-phone", "head", "/", PHONE, "main"),
    ("student-parliament-phone", "student", "/parliament/", PHONE, "#parliament-links"),
    ("student-polls-phone", "student", "/parliament/polls/", PHONE, "main"),
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2):  # noqa: S310 - loopback only
                return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"The server did not answer at {url}.")


def main() -> None:
    from playwright.sync_api import sync_playwright

    chromium = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium")
    if not chromium:
        raise SystemExit("No Chromium: install Debian's chromium or set CHROMIUM_PATH.")
    with tempfile.TemporaryDirectory() as folder:
        env = {
            **os.environ,
            "DATABASE_URL": f"sqlite:///{folder}/db.sqlite3",
            "DJANGO_DEBUG": "1",
            "DJANGO_MEDIA_ROOT": f"{folder}/media",
        }
        manage = [PYTHON, "manage.py"]
        for command in (["migrate", "--no-input"], ["compilemessages", "--ignore=.venv"]):
            subprocess.run([*manage, *command, "-v0"], cwd=ROOT, env=env, check=True)
        subprocess.run([*manage, "seed_demo", "--schools", "2", "-v0"], cwd=ROOT, env=env, check=True)
        port = free_port()
        server = subprocess.Popen(
            [*manage, "runserver", "--noreload", f"127.0.0.1:{port}"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            wait_for(base + "/healthz")
            OUT.mkdir(parents=True, exist_ok=True)
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
                for name, username, path, screen, ready in SHOTS:
                    context = browser.new_context(locale="ky-KG", viewport=screen)
                    page = context.new_page()
                    page.goto(base + "/accounts/login/")
                    page.locator("input[name=username]").fill(username)
                    page.locator("input[name=password]").fill("demo")
                    with page.expect_navigation():
                        page.locator("main form button[type=submit]").first.click()
                    page.goto(base + path)
                    page.locator(ready).first.wait_for()
                    target = OUT / f"{name}.jpg"
                    page.screenshot(path=str(target), type="jpeg", quality=70, full_page=False)
                    print(f"{target.relative_to(ROOT)}: {target.stat().st_size // 1024} KB")
                    context.close()
                browser.close()
        finally:
            server.terminate()
            server.wait(timeout=10)


if __name__ == "__main__":
    main()
