"""`translator run --ref REFDIR`: the run is scored as it finishes, the scores recorded in the manifest."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SEEDS = [
    str(ROOT / "seeds" / "microsoft-hires-meta-ai-veteran.txt"),
    str(ROOT / "seeds" / "teletravail-pme-enquete.html"),
]


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "translator", "run", *SEEDS, *args],
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        check=False,
    )


def test_run_with_references_records_scores_per_article(tmp_path, test_model_dir):
    model = ["--model", str(test_model_dir), "--offline", "--no-cache"]
    first = run("-o", str(tmp_path / "plain"), *model)
    assert first.returncode == 0, first.stderr
    refs = tmp_path / "refs"
    refs.mkdir()
    shutil.copy(tmp_path / "plain" / "microsoft-hires-meta-ai-veteran.json", refs)  # a perfect reference
    record = json.loads((tmp_path / "plain" / "teletravail-pme-enquete.json").read_text(encoding="utf-8"))
    lines = [s["target"].replace("the", "a") for b in record["blocks"] for s in b["segments"]]
    (refs / "teletravail-pme-enquete.en.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")

    scored = run("-o", str(tmp_path / "scored"), *model, "--ref", str(refs))
    assert scored.returncode == 0, scored.stderr
    scores = json.loads((tmp_path / "scored" / "manifest.json").read_text())["scores"]
    articles = scores["articles"]
    assert articles["microsoft-hires-meta-ai-veteran"]["chrf"] == 100.0
    assert articles["teletravail-pme-enquete"]["chrf"] < 100.0 and articles["teletravail-pme-enquete"]["ter"] > 0
    assert scores["corpus"]["segments"] == sum(a["segments"] for a in articles.values())
    assert "nw:2" in scores["signatures"]["chrf"] and "unpaired" not in scores
    index_data = (tmp_path / "scored" / "review" / "index-data.js").read_text(encoding="utf-8")
    shown = json.loads(index_data[index_data.index("{") : index_data.rindex("}") + 1])
    by_name = {a["name"]: a["score"] for a in shown["articles"]}
    assert by_name["microsoft-hires-meta-ai-veteran"] == 100.0  # the review index shows and sorts by it
    assert by_name["teletravail-pme-enquete"] == articles["teletravail-pme-enquete"]["chrf"]

    (refs / "teletravail-pme-enquete.en.txt").unlink()
    partial = run("-o", str(tmp_path / "partial"), *model, "--ref", str(refs))
    assert partial.returncode == 0, partial.stderr
    scores = json.loads((tmp_path / "partial" / "manifest.json").read_text())["scores"]
    assert list(scores["articles"]) == ["microsoft-hires-meta-ai-veteran"]
    assert "teletravail-pme-enquete" in scores["unpaired"][0]

    reference = refs / "microsoft-hires-meta-ai-veteran.json"
    data = json.loads(reference.read_text(encoding="utf-8"))
    data["blocks"][0]["segments"][0]["target"] = 5
    reference.write_text(json.dumps(data), encoding="utf-8")
    odd = run("-o", str(tmp_path / "odd"), *model, "--ref", str(refs))
    assert odd.returncode == 0 and "Traceback" not in odd.stderr, odd.stderr
    manifest = json.loads((tmp_path / "odd" / "manifest.json").read_text())
    assert (
        manifest["finished"] and "not an article record (segment 'target' is JSON number" in manifest["scores"]["error"]
    )


def test_a_missing_reference_folder_fails_before_any_work(tmp_path, test_model_dir):
    result = run(
        "-o", str(tmp_path / "out"), "--model", str(test_model_dir), "--offline", "--ref", str(tmp_path / "no")
    )
    assert result.returncode != 0 and "no such reference folder" in result.stderr
    assert "Traceback" not in result.stderr and not (tmp_path / "out").exists()
