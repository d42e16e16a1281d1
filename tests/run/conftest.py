"""Helpers for the run tests: headless Debian chromium, which must be installed (never skipped)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-dev-shm-usage",
)


class Chromium:
    def __init__(self, binary: str, profile: Path) -> None:
        self.binary = binary
        self.profile = profile

    def _run(self, *args: str, timeout: float = 60) -> subprocess.CompletedProcess:
        command = [self.binary, *CHROMIUM_FLAGS, f"--user-data-dir={self.profile}", *args]
        return subprocess.run(command, capture_output=True, text=True, timeout=timeout, check=False)

    def dump_dom(self, page: Path) -> str:
        """The DOM after the page loaded (and after any script on it would have run)."""
        result = self._run("--virtual-time-budget=2000", "--dump-dom", page.resolve().as_uri())
        assert result.returncode == 0 and "<html" in result.stdout, result.stderr[-2000:]
        return result.stdout

    def screenshot(self, page: Path, png: Path, size: str = "1280,900") -> None:
        result = self._run(f"--window-size={size}", "--hide-scrollbars", f"--screenshot={png}", page.resolve().as_uri())
        assert png.is_file() and png.stat().st_size > 0, result.stderr[-2000:]


@pytest.fixture
def chromium(tmp_path) -> Chromium:
    binary = shutil.which("chromium") or (CHROMIUM if Path(CHROMIUM).exists() else None)
    if binary is None:
        pytest.fail(
            "headless chromium is required for the review-page browser test and was not found; "
            "install it with: apt-get update && apt-get install -y chromium",
            pytrace=False,
        )
    profile = tmp_path / "chromium-profile"
    profile.mkdir()
    return Chromium(binary, profile)
