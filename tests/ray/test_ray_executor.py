"""The Ray executor on a local Ray: the same files as the local executor, the same run key both
ways, one bad input failing alone, the translation memory written by the driver only."""

from __future__ import annotations

import sqlite3

from ray_helpers import files, manifest, seed_inputs, settings
from run_helpers import without_cache_marks

from translator.run import run_batch


def test_same_files_as_local_and_resume_across_executors_both_ways(tmp_path, test_model_dir, local_ray):
    inputs = seed_inputs(tmp_path / "in", copies=2, bad=True)
    local, ray = tmp_path / "local" / "out", tmp_path / "ray" / "out"  # same folder name: the index shows it
    first = run_batch([str(inputs)], local, settings(test_model_dir, "local", model__cache=False))
    second = run_batch([str(inputs)], ray, settings(test_model_dir, "ray", model__cache=False))
    assert (first.ok, first.failed) == (second.ok, second.failed) == (8, 1)
    assert second.failures[0]["name"] == "zz-empty" and "zz-empty" in second.failures[0]["reason"]
    assert files(ray) == files(local) and len(files(ray)) > 3 * 8
    assert manifest(ray) == manifest(local)
    assert '"executor": "ray"' in (ray / "manifest.json").read_text()
    for rundir, executor in ((local, "ray"), (ray, "local")):  # resumed by the other executor
        before = files(rundir)
        again = run_batch([str(inputs)], rundir, settings(test_model_dir, executor, model__cache=False))
        assert (again.ok, again.skipped, again.failed) == (0, 8, 1)
        assert files(rundir) == before


def test_memory_is_read_from_a_snapshot_and_written_by_the_driver(tmp_path, test_model_dir, local_ray, monkeypatch):
    monkeypatch.setenv("TRANSLATOR_CACHE_DIR", str(tmp_path / "memory"))
    inputs = seed_inputs(tmp_path / "in")
    fresh = run_batch([str(inputs)], tmp_path / "a" / "out", settings(test_model_dir, "ray"))
    assert fresh.ok == 4 and fresh.failed == 0
    database = tmp_path / "memory" / "translation-memory.sqlite3"
    with sqlite3.connect(database) as connection:
        stored = connection.execute("SELECT COUNT(*) FROM translations").fetchone()[0]
    assert stored >= fresh.segments // 2  # the actors' new entries reached the driver's memory
    again = run_batch([str(inputs)], tmp_path / "b" / "out", settings(test_model_dir, "ray"))
    cached = sum(entry.get("cached_segments", 0) for entry in manifest(tmp_path / "b" / "out")["articles"].values())
    assert cached >= again.segments // 2  # the second run read them back from the snapshot
    assert not list((tmp_path / "b" / "out" / ".run").glob("memory-snapshot*"))
    uncached = run_batch([str(inputs)], tmp_path / "c" / "out", settings(test_model_dir, "local", model__cache=False))
    assert uncached.ok == 4
    assert without_cache_marks(files(tmp_path / "b" / "out")) == without_cache_marks(files(tmp_path / "c" / "out"))
