"""The browser tests' own fixtures."""

import os
from pathlib import Path

import pytest
from django.conf import settings

AXE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
AXE_URL = "axe-core-injected-by-the-tests.js"  # its sourceURL: where the console says its messages come from


class Axe:
    """axe-core, put into the page open in a tab (tests/e2e/test_accessibility*.py).

    Evaluated by Playwright, as DevTools runs a script: the site's Content-Security-Policy (script-src
    'self') lets no inline script in, which is what `page.add_script_tag` would add. While it runs, a test
    sets `window.__cspTestTool` (test_accessibility.RUN): axe-core copies a page's @import-ed stylesheets
    (the admin's forms.css imports widgets.css) into a <style> of its own to read them, which the policy
    blocks. That is the tool's, not the site's, and the watch below leaves it out."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.source = path.read_text(encoding="utf-8")

    def inject(self, page) -> None:
        page.evaluate(f"() => {{ {self.source}\n}}\n//# sourceURL={AXE_URL}")
        assert page.evaluate("typeof window.axe.run") == "function"


@pytest.fixture
def axe() -> Axe:
    """axe-core's script, to inject into a page with `axe.inject(page)`."""
    if not AXE.exists():
        reason = f"axe-core is not installed ({AXE}): run `make test`, which runs `npm ci`"
        if os.environ.get("BROWSER_TESTS_REQUIRED") == "1":
            pytest.fail(reason)
        pytest.skip(reason)
    return Axe(AXE)


# Every page a browser test opens runs under the site's Content-Security-Policy without breaking it
# (issue 16): each violation the browser reports, as a `securitypolicyviolation` event in the page or a
# console message, is collected and the test fails at its teardown naming the page, the directive and what
# was blocked.

CSP_LISTENER = """(() => {
  window.__cspViolations = [];
  document.addEventListener('securitypolicyviolation', (event) => {
    const seen = {
      page: document.location.href,
      directive: event.violatedDirective,
      blocked: event.blockedURI,
      source: event.sourceFile,
      line: event.lineNumber,
      sample: event.sample,
      tool: window.__cspTestTool || '',
    };
    window.__cspViolations.push(seen);
    if (window.__reportCspViolation) window.__reportCspViolation(seen);
  }, true);
})();"""


class CspWatch:
    """The violations of the contexts it watches, as they are reported."""

    def __init__(self) -> None:
        self.seen: list[str] = []
        self.taken: set[str] = set()
        self.contexts: list = []

    def watch(self, context) -> None:
        self.contexts.append(context)
        context.expose_function("__reportCspViolation", self._event)
        context.add_init_script(CSP_LISTENER)
        context.on("console", self._console)

    def _event(self, seen: dict) -> None:
        if seen.get("tool") and seen["directive"] == "style-src-elem":
            return  # axe-core's copy of a stylesheet (Axe above)
        self._add(
            f"{seen['page']}: {seen['directive']} blocked {seen['blocked'] or '(nothing named)'}"
            f" ({seen['source']}:{seen['line']}) {seen['sample']!r}"
        )

    def _console(self, message) -> None:
        if "Content Security Policy" in message.text and message.location.get("url") != AXE_URL:
            self._add(f"{message.page.url if message.page else '?'}: console: {message.text}")

    def _add(self, line: str) -> None:
        if line not in self.seen and line not in self.taken:
            self.seen.append(line)

    def collect(self) -> list[str]:
        """What was seen, with what the open pages hold and had not reported yet."""
        for context in self.contexts:
            for page in context.pages:
                if page.is_closed():
                    continue
                try:
                    pending = page.evaluate("window.__cspViolations || []")
                except Exception:  # a page navigating away or closed: its events were reported
                    continue
                for seen in pending:
                    self._event(seen)
        return list(self.seen)

    def take(self) -> list[str]:
        """What was seen so far, no longer a failure of the test (one that provokes violations on purpose)."""
        seen = self.collect()
        self.taken.update(seen)
        self.seen.clear()
        return seen


@pytest.fixture
def csp_watch() -> CspWatch:
    return CspWatch()


@pytest.fixture
def new_context(new_context, csp_watch):
    """pytest-playwright's contexts (the `page` fixture's among them), each watched for CSP violations."""

    def _new_context(**kwargs):
        context = new_context(**kwargs)
        csp_watch.watch(context)
        return context

    yield _new_context
    if seen := csp_watch.collect():
        # Chromium reports each violation twice: as the event and on the console (which has the hash).
        report = "\n".join(seen)
        pytest.fail(f"Content-Security-Policy violations ({len(seen)} reports):\n{report}", pytrace=False)
