"""Fixtures of the reliability suite: a small batch of articles and its uninterrupted run."""

from __future__ import annotations

import time

import pytest
from reliability_helpers import run_cli, write_batch


@pytest.fixture(scope="session")
def batch(tmp_path_factory, test_model_dir) -> dict:
    """Inputs, settings and an uninterrupted reference run of them, shared by the fault tests."""
    base = tmp_path_factory.mktemp("batch")
    write_batch(base / "in")
    (base / "translator.toml").write_text(
        f'[run]\nchunk_segments = 16\nworkers = 1\n[model]\npath = "{test_model_dir}"\ncache = false\n',
        encoding="utf-8",
    )
    start = time.monotonic()
    result = run_cli("run", str(base / "in"), "-o", str(base / "reference" / "out"), "-q", cwd=base)
    seconds = time.monotonic() - start
    assert result.returncode == 0, result.stderr
    return {"base": base, "inputs": base / "in", "reference": base / "reference" / "out", "seconds": seconds}
