"""`bench/quality.py` on the shipped French–English set with the test model: three stages scored."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "bench" / "data" / "quality"


def bench(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(ROOT / "bench" / "quality.py"), *args],
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        check=False,
    )


def test_the_set_pairs_up_and_has_its_licence():
    source = (DATA / "fr.txt").read_text(encoding="utf-8").splitlines()
    reference = (DATA / "en.txt").read_text(encoding="utf-8").splitlines()
    assert len(source) == len(reference) >= 30 and all(source) and all(reference)
    assert "CC0" in (DATA / "LICENSE.md").read_text(encoding="utf-8")


def test_quality_bench_scores_each_stage(test_model_dir):
    result = bench("--model", str(test_model_dir))
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report["segments"] == 30
    engine, glossaries, postedit = report["engine"], report["glossaries"], report["postedit"]
    for scores in (engine, glossaries, postedit):
        assert set(scores) == {"bleu", "chrf", "ter"} and 0 < scores["chrf"] < 100
    # the glossaries fix terms the word-for-word model gets wrong; the post-editor fixes money amounts
    assert glossaries["chrf"] > engine["chrf"]
    assert postedit["chrf"] > glossaries["chrf"] and postedit["ter"] < glossaries["ter"]
    assert "nw:2" in report["signatures"]["chrf"]


def test_quality_bench_refuses_sides_that_do_not_pair(test_model_dir, tmp_path):
    short = tmp_path / "en.txt"
    short.write_text("Only one line.\n", encoding="utf-8")
    result = bench("--model", str(test_model_dir), "--reference", str(short))
    assert result.returncode != 0 and "30 source lines but 1 reference lines" in result.stderr
