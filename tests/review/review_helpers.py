"""Shared by the review tests: the CLI in a subprocess, and run folders read back."""

from __future__ import annotations

from pathlib import Path

from cli_helpers import ROOT, SEEDS, run_cli  # noqa: F401 (re-exported for the review tests)

from translator.document import Article


def translate_run(inputs: list[Path], rundir: Path, model: Path, *extra: str) -> None:
    result = run_cli("run", *map(str, inputs), "-o", str(rundir), "--model", str(model), "-q", "--workers", "1", *extra)
    assert result.returncode == 0, result.stderr


def record(rundir: Path, name: str) -> Article:
    return Article.from_json((rundir / f"{name}.json").read_text(encoding="utf-8"))
