"""Shared by every test folder (tests/ is on the path through the root conftest): the CLI in a
subprocess as a user runs it, and batches of seed pages."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"


def run_cli(*args: str, cwd: Path | None = None, timeout: float = 600) -> subprocess.CompletedProcess:
    """`translator ...` in a subprocess, as a user runs it."""
    return subprocess.run(
        [sys.executable, "-m", "translator", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=timeout,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        check=False,
    )


def seed_inputs(folder: Path, copies: int = 1) -> Path:
    """`copies` copies of every seed page in `folder`, each copy under its own name."""
    folder.mkdir(parents=True, exist_ok=True)
    for n in range(copies):
        for seed in SEEDS.iterdir():
            shutil.copy(seed, folder / f"{n:03d}-{seed.name}")
    return folder
