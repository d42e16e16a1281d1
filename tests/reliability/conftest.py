"""Fixtures of the reliability suite: a small batch of articles and its uninterrupted run."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from reliability_helpers import SEED, run_cli

ARTICLES = 8


def write_batch(folder: Path, count: int = ARTICLES) -> list[Path]:
    """`count` distinct French articles (the seed with a changed number), as text dumps."""
    folder.mkdir(parents=True, exist_ok=True)
    seed = SEED.read_text(encoding="utf-8")
    paths = []
    for n in range(count):
        path = folder / f"article-{n:02d}.txt"
        path.write_text(seed.replace("13 ans", f"{n + 2} ans"), encoding="utf-8")
        paths.append(path)
    return paths


@pytest.fixture(scope="session")
def batch(tmp_path_factory, test_model_dir) -> dict:
    """Inputs, settings and an uninterrupted reference run of them, shared by the fault tests."""
    base = tmp_path_factory.mktemp("batch")
    write_batch(base / "in")
    (base / "translator.toml").write_text(
        f'[run]\nmodel = "{test_model_dir}"\nchunk_segments = 16\nworkers = 1\ncache = false\n', encoding="utf-8"
    )
    start = time.monotonic()
    result = run_cli("run", str(base / "in"), "-o", str(base / "reference" / "out"), "-q", cwd=base)
    seconds = time.monotonic() - start
    assert result.returncode == 0, result.stderr
    return {"base": base, "inputs": base / "in", "reference": base / "reference" / "out", "seconds": seconds}
