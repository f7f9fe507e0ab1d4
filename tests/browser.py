"""Headless Chromium for the tests of the pages reportgen writes (status.html): found as scripts/setup-system.sh
finds it, skipped with the reason when there is none, a failure when CI is set (.ci/run installs it)."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")  # as setup-system.sh looks


def browser() -> str:
    for name in NAMES:
        found = shutil.which(name)
        if found:
            return found
    if os.environ.get("CI"):
        pytest.fail("Chromium is missing: .ci/run must install it (scripts/setup-system.sh)")
    pytest.skip("no Chromium or Chrome to open the page with (scripts/setup-system.sh installs chromium)")


def run(page: Path, *args: str, timeout: float = 120) -> str:
    """Chromium, headless and with a profile of its own, on `page`; its standard output."""
    with tempfile.TemporaryDirectory() as profile:
        cmd = [browser(), "--headless", "--disable-gpu", "--no-first-run", "--disable-extensions",
               f"--user-data-dir={profile}", *args, page.resolve().as_uri()]
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            cmd.insert(2, "--no-sandbox")  # Chromium will not start as root inside its sandbox
        done = subprocess.run(cmd, capture_output=True, timeout=timeout, check=False)
    if done.returncode != 0:
        raise AssertionError(f"chromium failed ({done.returncode}): {done.stderr.decode(errors='replace')[-2000:]}")
    return done.stdout.decode("utf-8")


def dump_dom(page: Path, budget_ms: int = 3000) -> str:
    """The page's DOM after its scripts ran (and, within `budget_ms` of virtual time, its fonts loaded)."""
    return run(page, f"--virtual-time-budget={budget_ms}", "--dump-dom")


def print_pdf(page: Path, pdf: Path) -> Path:
    """The page printed as a person's browser prints it (its own @page size), without the browser's header."""
    run(page, f"--print-to-pdf={pdf}", "--no-pdf-header-footer")
    return pdf


def screenshot(page: Path, png: Path, size: str = "1400,1000") -> Path:
    run(page, f"--screenshot={png}", f"--window-size={size}", "--hide-scrollbars")
    return png
