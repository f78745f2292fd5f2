"""The browser tests' own fixtures."""

import os
from pathlib import Path

import pytest
from django.conf import settings

AXE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"


@pytest.fixture
def axe() -> Path:
    """axe-core's script, to inject into a page (tests/e2e/test_accessibility*.py)."""
    if not AXE.exists():
        reason = f"axe-core is not installed ({AXE}): run `make test`, which runs `npm ci`"
        if os.environ.get("BROWSER_TESTS_REQUIRED") == "1":
            pytest.fail(reason)
        pytest.skip(reason)
    return AXE
