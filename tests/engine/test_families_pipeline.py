"""The whole pipeline (`translator run` in a subprocess, as a user runs it) on each family's test
model, built by `python -m translator.testing build-model --family`: glossary masking and repair
(the model drops the first placeholder), post-editing, resume, and `translator diff` of two models."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import regex

ROOT = Path(__file__).resolve().parents[2]
INPUTS = [
    str(ROOT / "seeds" / "microsoft-hires-meta-ai-veteran.txt"),
    str(ROOT / "seeds" / "teletravail-pme-enquete.html"),
]
LANGUAGE_TOKENS = ("fra_Latn", "eng_Latn", "__fr__", "__en__", "</s>", "<unk>")
RAW_PLACEHOLDER = regex.compile(r"\b(?:ZX|QJ|XK|JZ|KQ)\s*\d+\s*[ZQXJK]?\b")


def cli(*args: str, module: str = "translator") -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", module, *args],
        capture_output=True,
        text=True,
        timeout=600,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT), **_sandbox()},
        check=False,
    )


def _sandbox() -> dict[str, str]:
    import os

    keys = ("ARGOS_PACKAGES_DIR", "XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "TRANSLATOR_CACHE_DIR", "HOME")
    return {key: os.environ[key] for key in keys if key in os.environ}


def build(folder: Path, family: str, pairs: dict[str, str]) -> Path:
    dictionary = folder.with_suffix(".tsv")
    dictionary.write_text("".join(f"{fr}\t{en}\n" for fr, en in pairs.items()), encoding="utf-8")
    result = cli(
        "build-model", str(folder), "--family", family, "--dictionary", str(dictionary), module="translator.testing"
    )
    assert result.returncode == 0, result.stderr
    return folder


def segments(rundir: Path) -> list[dict]:
    found = []
    for record in sorted(rundir.glob("*.json")):
        if record.name != "manifest.json":
            found += [s for b in json.loads(record.read_text(encoding="utf-8"))["blocks"] for s in b["segments"]]
    return found


def article_files(rundir: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(rundir.glob("*.en.md"))}


@pytest.mark.parametrize("family", ["argos", "marian", "nllb", "m2m"])
def test_run_resume_and_diff_on_each_family(tmp_path, family):
    model = build(tmp_path / f"model-{family}", family, {"ZX1Z": ""})
    run = ["--model", str(model), "--offline", "--no-cache"]
    first = cli("run", *INPUTS, "-o", str(tmp_path / "run1"), *run)
    assert first.returncode == 0, first.stderr
    manifest = json.loads((tmp_path / "run1" / "manifest.json").read_text())
    assert manifest["model"]["family"] == family and manifest["totals"]["ok"] == 2

    found = segments(tmp_path / "run1")
    english = " ".join(s["target"] for s in found)
    statuses = {hit["status"] for s in found for hit in s["glossary"]}
    assert "repaired" in statuses  # the dropped placeholder was put back by repair
    assert not RAW_PLACEHOLDER.search(english) and not any(token in english for token in LANGUAGE_TOKENS)
    assert any(edit["rule"] != "model-retranslate" for s in found for edit in s["edits"])  # post-edited
    assert "$620 million" in english  # a post-edit rule's output, through the whole pipeline

    written = article_files(tmp_path / "run1")
    again = cli("run", *INPUTS, "-o", str(tmp_path / "run1"), *run)
    assert again.returncode == 0, again.stderr
    totals = json.loads((tmp_path / "run1" / "manifest.json").read_text())["totals"]
    assert (totals["ok"], totals["skipped"]) == (0, 2) and article_files(tmp_path / "run1") == written

    other = build(tmp_path / f"other-{family}", family, {"ZX1Z": "", "société": "corporation"})
    second = cli("run", *INPUTS, "-o", str(tmp_path / "run2"), "--model", str(other), "--offline", "--no-cache")
    assert second.returncode == 0, second.stderr
    diff = cli("diff", str(tmp_path / "run1"), str(tmp_path / "run2"))
    assert diff.returncode == 1, diff.stderr  # 1: the runs differ
    assert "[-company-]{+corporation+}" in diff.stdout and "model:" in diff.stdout
