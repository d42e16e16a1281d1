"""Shared by the review tests: the CLI in a subprocess, and run folders read back."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from translator.document import Article

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds"


def run_cli(*args: str, cwd: Path | None = None, timeout: float = 600) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "translator", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=timeout,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        check=False,
    )


def translate_run(inputs: list[Path], rundir: Path, model: Path, *extra: str) -> None:
    result = run_cli("run", *map(str, inputs), "-o", str(rundir), "--model", str(model), "-q", "--workers", "1", *extra)
    assert result.returncode == 0, result.stderr


def record(rundir: Path, name: str) -> Article:
    return Article.from_json((rundir / f"{name}.json").read_text(encoding="utf-8"))
