"""Outputs are never read back as inputs: nothing inside RUNDIR or a folder holding a run manifest."""

from __future__ import annotations

import json
import os

from translator.inputs import resolve_inputs


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
    assert resolution.skipped == [(run1, "inside a run folder (manifest.json there)")]


def test_files_and_globs_inside_a_run_folder_are_skipped_and_reported(tmp_path):
    _run_folder(tmp_path / "run")
    resolution = resolve_inputs([str(tmp_path / "run" / "index.html"), str(tmp_path / "run" / "review" / "*.html")])
    assert resolution.items == []
    assert [reason for _, reason in resolution.skipped] == ["inside a run folder (manifest.json there)"] * 2
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
