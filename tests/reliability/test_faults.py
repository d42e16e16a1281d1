"""Faults during a run: killed at random points, a full disk, a read-only folder, a corrupted
translation memory, a broken model, a glossary edited while it is read.

After each: every file under its final name is whole and identical to an uninterrupted run's,
the user got a clear message (never a traceback), and a rerun completes with nothing lost.
"""

from __future__ import annotations

import contextlib
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import threading
import time
from contextlib import contextmanager
from pathlib import Path

import pytest
from reliability_helpers import (
    ARTICLES,
    FAULT_REPEATS,
    assert_no_partial_files,
    failure_message,
    finished_articles,
    guarded_env,
    report,
    run_cli,
)


def _run(batch: dict, rundir: Path, *extra: str, **kwargs) -> subprocess.CompletedProcess:
    return run_cli("run", str(batch["inputs"]), "-o", str(rundir), "--json", *extra, cwd=batch["base"], **kwargs)


def assert_rerun_completes(batch: dict, rundir: Path, *extra: str, **kwargs) -> dict:
    """A plain rerun finishes every article, and the folder then equals the uninterrupted run."""
    result = _run(batch, rundir, *extra, **kwargs)
    assert result.returncode == 0, result.stderr[-3000:]
    summary = json.loads(result.stdout)
    assert summary["ok"] + summary["skipped"] == ARTICLES and summary["failed"] == 0, summary
    assert_no_partial_files(rundir, batch["reference"])
    assert set(finished_articles(rundir)) == set(finished_articles(batch["reference"]))
    assert not list(rundir.rglob(".*.tmp")), "temporary files left behind"
    return summary


def test_sigkill_at_random_points_loses_no_finished_article(batch, tmp_path):
    """Kill the whole process tree at random moments of a run (startup, preparing, translating,
    writing, indexing), again and again on the same folder, resuming or forcing each time."""
    rng = random.Random(int(os.environ.get("TRANSLATOR_RELIABILITY_SEED", "20261127")))
    rundir = tmp_path / "out"
    finished_seen = interrupted = 0
    for attempt in range(FAULT_REPEATS):
        force = ["--force"] if attempt % 3 else []
        process = subprocess.Popen(
            [sys.executable, "-m", "translator", "run", str(batch["inputs"]), "-o", str(rundir), "-q", *force],
            cwd=batch["base"],
            env=guarded_env(tmp_path / "network.log"),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        if attempt % 3 == 1:  # anywhere in the run, startup included
            time.sleep(rng.uniform(0, batch["seconds"] * 1.1))
        else:  # while articles are being written: most of a run is startup, this is where files change
            _wait_for_writes(rundir, since=time.time(), process=process)
            time.sleep(rng.uniform(0, 0.5))
        with contextlib.suppress(ProcessLookupError):  # the run may have finished first
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        assert_no_partial_files(rundir, batch["reference"])
        finished = len(finished_articles(rundir))
        finished_seen += finished
        interrupted += finished < ARTICLES or bool(list(rundir.rglob(".*.tmp")))  # the kill cut the batch
    assert not (tmp_path / "network.log").exists()
    assert_rerun_completes(batch, rundir)
    report(
        "sigkill",
        faults=FAULT_REPEATS,
        kills_mid_batch=interrupted,
        finished_articles_checked=finished_seen,
        articles_lost=0,
    )


def _wait_for_writes(rundir: Path, since: float, process: subprocess.Popen, limit: float = 120) -> None:
    """Return once the run has written something in `rundir` (or has ended)."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline and process.poll() is None:
        written = [p for p in rundir.glob("*.en.md") if p.stat().st_mtime >= since] if rundir.is_dir() else []
        if written:
            return
        time.sleep(0.005)


@contextmanager
def tmpfs(path: Path, size: str):
    """A small RAM disk at `path`. CI runs as root and must mount it (the test fails there if it
    cannot); a developer without the right skips it, the file-size test covering the same fault."""
    path.mkdir(parents=True, exist_ok=True)
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(path)], capture_output=True)
    if mounted.returncode != 0:
        reason = f"cannot mount a tmpfs here ({mounted.stderr.decode().strip()})"
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(f"{reason}; the file-size test covers it")
    try:
        yield path
    finally:
        subprocess.run(["umount", "-l", str(path)], check=False)


def test_full_disk_fails_cleanly_and_a_rerun_with_space_completes(batch, tmp_path):
    with tmpfs(tmp_path / "disk", "200k") as disk:
        rundir = disk / "out"
        result = _run(batch, rundir)
        assert "space left" in failure_message(result), result.stderr
        assert_no_partial_files(rundir, batch["reference"])
        assert len(finished_articles(rundir)) < ARTICLES
        subprocess.run(["mount", "-o", "remount,size=8m", str(disk)], check=True)
        assert_rerun_completes(batch, rundir)
    report("full-disk", faults=1, articles_lost=0)


def test_file_size_limit_fails_cleanly_and_a_rerun_completes(batch, tmp_path):
    """`ulimit -f`: every write past 24 KB fails with EFBIG (the JSON records are larger)."""
    import resource

    def limit() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails instead of killing
        resource.setrlimit(resource.RLIMIT_FSIZE, (24_000, 24_000))

    rundir = tmp_path / "out"
    result = _run(batch, rundir, preexec_fn=limit)
    assert "too large" in failure_message(result), result.stdout
    assert_no_partial_files(rundir, batch["reference"])
    assert not finished_articles(rundir)
    assert_rerun_completes(batch, rundir)
    report("file-size-limit", faults=1, articles_lost=0)


@contextmanager
def read_only(path: Path):
    """Make a folder read-only for the run, even for root (a read-only bind mount)."""
    if os.geteuid() == 0:
        subprocess.run(["mount", "--bind", str(path), str(path)], check=True)
        try:
            subprocess.run(["mount", "-o", "remount,bind,ro", str(path)], check=True)
            yield
        finally:
            subprocess.run(["umount", "-l", str(path)], check=False)
    else:
        modes = {p: p.stat().st_mode for p in [path, *path.rglob("*")] if p.is_dir()}
        for folder in modes:
            folder.chmod(0o555)
        try:
            yield
        finally:
            for folder, mode in modes.items():
                folder.chmod(mode)


def test_read_only_output_folder_fails_cleanly_and_keeps_what_is_there(batch, tmp_path):
    rundir = tmp_path / "out"
    shutil.copytree(batch["reference"], rundir)
    before = {p: p.read_bytes() for p in rundir.rglob("*") if p.is_file()}
    with read_only(rundir):
        message = failure_message(_run(batch, rundir, "--force"))
        assert "read-only" in message or "permission" in message, message
        message = failure_message(_run(batch, rundir / "new"))  # a run folder that cannot be created
        assert "read-only" in message or "permission" in message, message
    assert {p: p.read_bytes() for p in rundir.rglob("*") if p.is_file()} == before
    assert_rerun_completes(batch, rundir, "--force")
    report("read-only-folder", faults=2, articles_lost=0)


def _corrupt(database: Path, how: str) -> None:
    data = database.read_bytes()
    if how == "garbage":
        database.write_bytes(random.Random(1).randbytes(len(data)))
    elif how == "truncated":
        database.write_bytes(data[: len(data) // 2])
    elif how == "scribbled-pages":
        middle = bytearray(data)
        middle[4096:] = random.Random(2).randbytes(len(data) - 4096)
        database.write_bytes(bytes(middle))
    elif how == "empty":
        database.write_bytes(b"")
    elif how == "garbage-wal":
        database.with_name(database.name + "-wal").write_bytes(random.Random(3).randbytes(9000))
    else:
        raise ValueError(how)


CORRUPTIONS = ("garbage", "truncated", "scribbled-pages", "empty", "garbage-wal")


def test_corrupted_translation_memory_never_stops_a_run(batch, tmp_path):
    cache = tmp_path / "cache"
    env = {"TRANSLATOR_CACHE_DIR": str(cache)}
    config = tmp_path / "with-cache.toml"
    config.write_text((batch["base"] / "translator.toml").read_text().replace("cache = false", "cache = true"))
    with_cache = ("--config", str(config))
    warm = _run(batch, tmp_path / "warm" / "out", *with_cache, env=env)
    assert warm.returncode == 0, warm.stderr  # fills the memory
    database = next(cache.glob("*.sqlite3"))
    pristine = {p.name: p.read_bytes() for p in cache.glob("*.sqlite3*")}
    for how in CORRUPTIONS:
        shutil.rmtree(cache)
        cache.mkdir()
        for name, data in pristine.items():
            (cache / name).write_bytes(data)
        _corrupt(database, how)
        rundir = tmp_path / how / "out"
        result = _run(batch, rundir, *with_cache, env=env)
        assert "Traceback" not in result.stderr, (how, result.stderr[-3000:])
        if result.returncode != 0:  # refusing is allowed if it says why; the rerun must then complete
            failure_message(result)
            result = _run(batch, rundir, *with_cache, env=env)
        assert result.returncode == 0, (how, result.stderr[-3000:])
        assert_no_partial_files(rundir, batch["reference"])
        assert set(finished_articles(rundir)) == set(finished_articles(batch["reference"]))
    report("corrupted-cache", faults=len(CORRUPTIONS), articles_lost=0)


MODEL_DAMAGE = ("missing", "truncated", "empty", "garbage")


def _damage_model(model: Path, how: str) -> None:
    weights = model / "model" / "model.bin"
    if how == "missing":
        weights.unlink()
    elif how == "truncated":
        weights.write_bytes(weights.read_bytes()[: weights.stat().st_size // 2])
    elif how == "empty":
        weights.write_bytes(b"")
    elif how == "garbage":
        weights.write_bytes(random.Random(4).randbytes(weights.stat().st_size))


@pytest.mark.parametrize("how", MODEL_DAMAGE)
def test_damaged_model_stops_the_run_before_any_work_with_one_line(batch, tmp_path, test_model_dir, how):
    model = tmp_path / "model"
    shutil.copytree(test_model_dir, model)
    _damage_model(model, how)
    rundir = tmp_path / "out"
    result = _run(batch, rundir, "--model", str(model))
    message = failure_message(result)
    assert "model" in message, message
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert not rundir.exists() or not finished_articles(rundir)  # stopped before any work
    assert_rerun_completes(batch, rundir)  # with the good model of the settings file
    report(f"damaged-model-{how}", faults=1, articles_lost=0)


GLOSSARY_VERSIONS = ("fr\ten\nvétéran\tveteran hand\n", "fr\ten\tnote\nvétéran\told hand\tfrom the style guide\n")


def _edit_glossary_non_atomically(path: Path, stop: threading.Event, edits: list[int]) -> None:
    """Rewrite the file in place as an editor without atomic saves does: truncate, then write in pieces."""
    rng = random.Random(5)
    while not stop.is_set():
        text = GLOSSARY_VERSIONS[len(edits) % 2]
        with path.open("w", encoding="utf-8") as handle:
            cut = rng.randrange(len(text))
            handle.write(text[:cut])
            handle.flush()
            time.sleep(rng.uniform(0, 0.02))
            handle.write(text[cut:])
        edits.append(1)
        time.sleep(rng.uniform(0, 0.02))


def test_glossary_edited_while_runs_read_it(batch, tmp_path):
    glossary = tmp_path / "newsroom.tsv"
    glossary.write_text(GLOSSARY_VERSIONS[0], encoding="utf-8")
    stop, edits = threading.Event(), []
    editor = threading.Thread(target=_edit_glossary_non_atomically, args=(glossary, stop, edits))
    editor.start()
    outcomes, rundirs = [], []
    try:
        for attempt in range(FAULT_REPEATS):
            rundir = tmp_path / f"run-{attempt}" / "out"
            result = _run(batch, rundir, "--glossary", str(glossary), "--force")
            assert "Traceback" not in result.stderr, result.stderr[-3000:]
            if result.returncode != 0:
                message = failure_message(result)
                assert "glossary" in message, message
                outcomes.append("refused")
                continue
            # a run uses one reading of the glossary for all its articles, and records which one
            manifest = json.loads((rundir / "manifest.json").read_text(encoding="utf-8"))
            records = finished_articles(rundir)
            assert len(records) == ARTICLES
            assert {a.provenance["glossary"]["sha256"] for a in records.values()} == {manifest["glossary"]["sha256"]}
            renderings = {
                hit.rendering.removesuffix("s")
                for article in records.values()
                for segment in article.segments()
                for hit in segment.glossary
                if hit.entry == "vétéran"
            }
            assert len(renderings) <= 1, renderings
            rundirs.append(rundir)
            outcomes.append("consistent")
    finally:
        stop.set()
        editor.join()
    assert len(edits) > FAULT_REPEATS
    glossary.write_text(GLOSSARY_VERSIONS[1], encoding="utf-8")
    for rundir in rundirs[-1:] or [tmp_path / "final" / "out"]:  # a rerun picks up the glossary as saved
        result = _run(batch, rundir, "--glossary", str(glossary))
        assert result.returncode == 0, result.stderr
        records = finished_articles(rundir)
        assert len(records) == ARTICLES
        hits = [hit for a in records.values() for s in a.segments() for hit in s.glossary if hit.entry == "vétéran"]
        assert hits and all(hit.rendering.startswith("old hand") for hit in hits)
    report("glossary-edited", faults=FAULT_REPEATS, edits=len(edits), outcomes=outcomes, articles_lost=0)
