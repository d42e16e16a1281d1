"""The benchmarks run from a clone: the extraction scorer on the evaluation pages shipped in
bench/data/extraction/ (no ../shared), its figures as one JSON object on the last line."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_extraction_scorer_runs_on_the_shipped_pages(tmp_path):
    data = ROOT / "bench" / "data" / "extraction"
    assert (data / "README.md").is_file() and list((data / "french-dev" / "html").glob("*.html.gz"))
    result = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "score_extraction.py"), "--datasets", "french-dev", "--modes", "html"],
        cwd=tmp_path,  # no ../shared next to it
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    figures = json.loads(result.stdout.strip().splitlines()[-1])
    assert figures, "no figures"
    text = json.dumps(figures)
    assert "ours" in text and "trafilatura" in text
