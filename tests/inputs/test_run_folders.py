"""Outputs are never read back as inputs: nothing inside RUNDIR or a folder holding a run manifest."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from translator.inputs import resolve_inputs

ROOT = Path(__file__).resolve().parents[2]


def _run_folder(path, **extra):
    path.mkdir(parents=True)
    (path / "manifest.json").write_text(json.dumps({"tool": "translator", "run_key": "abc", **extra}))
    (path / "index.html").write_text("<p>index</p>")
    (path / "review").mkdir()
    (path / "review" / "x.html").write_text("<p>review page</p>")
    (path / "x.en.txt").write_text("translation")


def test_a_second_run_of_dot_does_not_read_its_own_outputs(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "x.html").write_text("<p>Bonjour.</p>")
    _run_folder(tmp_path / "out")
    resolution = resolve_inputs(["."], exclude=[tmp_path / "out"])
    assert [item.label for item in resolution.items] == ["x.html"]
    assert resolution.skipped == [("out", "inside the run folder")]


def test_folders_holding_a_run_manifest_are_skipped_anywhere_below(tmp_path):
    (tmp_path / "pages").mkdir()
    (tmp_path / "pages" / "a.html").write_text("<p>a</p>")
    _run_folder(tmp_path / "pages" / "old" / "run1")
    (tmp_path / "pages" / "old" / "kept.html").write_text("<p>kept</p>")
    resolution = resolve_inputs([str(tmp_path / "pages")])
    assert [item.name for item in resolution.items] == ["a", "kept"]
    run1 = str(tmp_path / "pages" / "old" / "run1")
    assert resolution.skipped == [(run1, "inside a run folder")]


def test_files_and_globs_inside_a_run_folder_are_skipped_and_reported(tmp_path):
    _run_folder(tmp_path / "run")
    resolution = resolve_inputs([str(tmp_path / "run" / "index.html"), str(tmp_path / "run" / "review" / "*.html")])
    assert resolution.items == []
    assert [reason for _, reason in resolution.skipped] == ["inside a run folder"] * 2
    # the caller may allow it (translate reads a run's records on purpose)
    allowed = resolve_inputs([str(tmp_path / "run" / "index.html")], skip_run_folders=False)
    assert [item.name for item in allowed.items] == ["index-article"]


def test_a_manifest_that_is_not_ours_does_not_hide_a_folder(tmp_path):
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "manifest.json").write_text('{"name": "a web app manifest"}')
    (tmp_path / "site" / "page.html").write_text("<p>x</p>")
    assert [item.name for item in resolve_inputs([str(tmp_path / "site")]).items] == ["page"]


def test_the_excluded_folder_is_recognised_through_a_symlink_and_when_given_itself(tmp_path):
    _run_folder(tmp_path / "out")
    os.symlink(tmp_path / "out", tmp_path / "link")
    specs = [str(tmp_path / "link"), str(tmp_path / "link" / "x.en.txt")]
    resolution = resolve_inputs(specs, exclude=[tmp_path / "out"])
    assert resolution.items == [] and resolution.failures == []
    assert [reason for _, reason in resolution.skipped] == ["inside the run folder"] * 2


def test_a_run_killed_before_its_manifest_is_recognised_by_its_lock(tmp_path):
    (tmp_path / "run" / ".run").mkdir(parents=True)
    (tmp_path / "run" / ".run" / "lock").write_text("")
    (tmp_path / "run" / "x.json").write_text("{}")
    (tmp_path / "run" / "review").mkdir()
    (tmp_path / "run" / "review" / "x.html").write_text("<p>review page</p>")
    (tmp_path / "page.html").write_text("<p>x</p>")
    resolution = resolve_inputs([str(tmp_path)])
    assert [item.name for item in resolution.items] == ["page"]
    assert resolution.skipped == [(str(tmp_path / "run"), "inside a run folder")]


def test_translator_run_of_dot_twice_reads_only_the_page(tmp_path, test_model_dir):
    """Through the command: the second run (and one after a run killed before its manifest) has one input."""
    (tmp_path / "page.html").write_bytes((ROOT / "seeds" / "teletravail-pme-enquete.html").read_bytes())
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    command = [sys.executable, "-m", "translator", "run", ".", "-o", "out", "--model", str(test_model_dir), "--json"]
    for round_ in range(3):
        if round_ == 2:
            (tmp_path / "out" / "manifest.json").unlink()  # as if killed before writing it
        result = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, env=env, timeout=300)
        assert result.returncode == 0, result.stderr[-2000:]
        summary = json.loads(result.stdout)
        assert summary["inputs"] == 1 and summary["failed"] == 0, summary
    assert sorted(path.name for path in (tmp_path / "out").glob("*.json")) == ["manifest.json", "page.json"]
