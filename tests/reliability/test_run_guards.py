"""Guards around a run folder and a run's life: the RUNDIR lock, cleanup of our own leftovers only,
no writes through a symlinked review folder, Ctrl-C and SIGTERM stopping fast with nothing lost."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from cli_helpers import seed_inputs
from reliability_helpers import ROOT, finished_articles, run_cli

from translator.document import Article, Block, Source
from translator.errors import TranslatorError
from translator.run import folder as folder_module
from translator.run.folder import RunFolder

SEEDS = ROOT / "seeds"
SEED_TXT = SEEDS / "microsoft-hires-meta-ai-veteran.txt"


def test_a_second_run_into_a_locked_folder_stops_and_names_the_holder(tmp_path, test_model_dir):
    rundir = tmp_path / "out"
    holder = RunFolder(rundir, ("md", "json"))
    holder.open()
    try:
        result = run_cli("run", str(SEED_TXT), "-o", str(rundir), "--model", str(test_model_dir), "-q", cwd=tmp_path)
    finally:
        holder.close()
    assert result.returncode == 2
    assert f"another run is writing here (process {os.getpid()})" in result.stderr
    assert "Traceback" not in result.stderr and not (rundir / "manifest.json").exists()
    assert (
        run_cli("run", str(SEED_TXT), "-o", str(rundir), "--model", str(test_model_dir), "-q", cwd=tmp_path).returncode
        == 0
    )


def test_a_folder_a_newer_version_wrote_is_refused_and_its_manifest_kept(tmp_path, test_model_dir):
    rundir = tmp_path / "out"
    args = ("run", str(SEED_TXT), "-o", str(rundir), "--model", str(test_model_dir), "-q")
    assert run_cli(*args, cwd=tmp_path).returncode == 0
    manifest = rundir / "manifest.json"
    newer = json.loads(manifest.read_text(encoding="utf-8")) | {"format": 99, "something_new": [1]}
    manifest.write_text(json.dumps(newer), encoding="utf-8")
    before = manifest.read_bytes()
    result = run_cli(*args, "--force", cwd=tmp_path)
    assert result.returncode == 2 and result.stderr.count("\n") == 1, result.stderr
    assert "written by a newer translator (format 99, this one reads up to 1)" in result.stderr
    assert manifest.read_bytes() == before


@pytest.mark.parametrize(
    ("fields", "reason"),
    [
        ({"articles": 5}, "'articles' is 5, not an object"),
        ({"articles": [1, 2]}, "'articles' is [1, 2], not an object"),
        ({"articles": {"x": "y"}}, "'articles' holds an entry that is not an object"),
        ({"totals": 3}, "'totals' is 3, not an object"),
    ],
)
def test_a_manifest_edited_out_of_shape_stops_the_run_in_plain_words(tmp_path, test_model_dir, fields, reason):
    from click.testing import CliRunner

    from translator.cli import main

    rundir = tmp_path / "out"
    rundir.mkdir()
    (rundir / "manifest.json").write_text(json.dumps({"tool": "translator", **fields}), encoding="utf-8")
    args = ["run", str(SEED_TXT), "-o", str(rundir), "--model", str(test_model_dir), "-q"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2 and result.output.count("\n") == 1, result.output
    assert f"manifest.json: unreadable manifest ({reason})" in result.output


def test_leftover_cleanup_touches_only_our_temporary_files(tmp_path, test_model_dir):
    rundir = tmp_path / "out"
    rundir.mkdir()
    mine = rundir / ".notes.tmp"
    mine.write_text("a user's file")
    ours = rundir / f".{SEED_TXT.stem}.json.translator-abc123.tmp"
    ours.write_text("half a record")
    (rundir / "review" / "static").mkdir(parents=True)
    script = rundir / "review" / "static" / ".review.js.translator-def456.tmp"  # a kill while installing scripts
    script.write_text("half a script")
    assert (
        run_cli("run", str(SEED_TXT), "-o", str(rundir), "--model", str(test_model_dir), "-q", cwd=tmp_path).returncode
        == 0
    )
    assert mine.read_text() == "a user's file" and not ours.exists() and not script.exists()


def test_a_review_folder_that_is_a_symlink_is_refused(tmp_path, test_model_dir):
    rundir, outside = tmp_path / "out", tmp_path / "elsewhere"
    rundir.mkdir()
    outside.mkdir()
    (rundir / "review").symlink_to(outside, target_is_directory=True)
    result = run_cli("run", str(SEED_TXT), "-o", str(rundir), "--model", str(test_model_dir), "-q", cwd=tmp_path)
    assert result.returncode == 2 and "symbolic link" in result.stderr
    assert not list(outside.iterdir())


def test_a_sealed_folder_lets_the_article_being_written_land_and_takes_no_other(tmp_path, monkeypatch):
    """What a stopped run counts as finished is what stays on disk: a writer thread the stop
    abandoned finishes the article it had begun, and cannot begin another after the count."""
    real_write = folder_module.write_article

    def slow_write(*args, **kwargs):
        time.sleep(0.5)
        return real_write(*args, **kwargs)

    monkeypatch.setattr(folder_module, "write_article", slow_write)
    folder = RunFolder(tmp_path / "out", ("md", "json"))
    folder.open()

    def article(name: str) -> Article:
        return Article(Source(name=name), [Block(kind="paragraph", text="Bonjour.")])

    writer = threading.Thread(target=folder.write, args=(article("first"),), daemon=True)
    writer.start()
    time.sleep(0.1)  # the writer is inside its article
    folder.seal()
    assert (tmp_path / "out" / "first.json").is_file() and (tmp_path / "out" / "first.en.md").is_file()
    with pytest.raises(TranslatorError, match="stopped before second was written"):
        folder.write(article("second"))
    assert not list((tmp_path / "out").glob("second*"))
    folder.close()


def _start_run(tmp_path: Path, test_model_dir: Path, copies: int) -> tuple[subprocess.Popen, Path]:
    inputs = seed_inputs(tmp_path / "in", copies)
    rundir = tmp_path / "out"
    process = subprocess.Popen(
        [sys.executable, "-m", "translator", "run", str(inputs), "-o", str(rundir), "--model", str(test_model_dir),
         "--no-cache", "-q", "--workers", "2"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )  # fmt: skip
    deadline = time.monotonic() + 120
    while not list(rundir.glob("*.en.md")):
        assert process.poll() is None and time.monotonic() < deadline, process.communicate()
        time.sleep(0.05)
    return process, rundir


def _group_alive(pgid: int) -> list[int]:
    alive = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == pgid and fields[0] != "Z":
            alive.append(int(stat.parent.name))
    return alive


def test_ctrl_c_stops_fast_keeps_what_is_finished_and_a_rerun_resumes(tmp_path, test_model_dir):
    process, rundir = _start_run(tmp_path, test_model_dir, copies=40)
    sent = time.monotonic()
    os.killpg(process.pid, signal.SIGINT)  # as a terminal does: every process of the group gets it
    _, stderr = process.communicate(timeout=30)
    assert time.monotonic() - sent < 5
    assert process.returncode == 130, stderr
    assert "Traceback" not in stderr and "KeyboardInterrupt" not in stderr
    [line] = [line for line in stderr.splitlines() if line.strip()]
    assert line.startswith("interrupted: ") and "run the same command again to resume" in line
    finished = int(line.split("interrupted: ")[1].split(" of ")[0])
    assert finished == len(finished_articles(rundir)) and finished < 40 * len(list(SEEDS.iterdir()))
    assert (rundir / "index.html").is_file() and json.loads((rundir / "manifest.json").read_text())["finished"]
    assert not _group_alive(process.pid)
    rerun = run_cli(
        "run",
        str(tmp_path / "in"),
        "-o",
        str(rundir),
        "--model",
        str(test_model_dir),
        "--no-cache",
        "--json",
        cwd=tmp_path,
    )
    assert rerun.returncode == 0, rerun.stderr
    assert json.loads(rerun.stdout)["skipped"] == finished


def test_sigterm_shuts_the_workers_down_and_exits_143(tmp_path, test_model_dir):
    process, _rundir = _start_run(tmp_path, test_model_dir, copies=40)
    process.send_signal(signal.SIGTERM)  # to the main process only, as a service manager does
    _, stderr = process.communicate(timeout=30)
    assert process.returncode == 143, stderr
    assert "Traceback" not in stderr
    deadline = time.monotonic() + 10
    while _group_alive(process.pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not _group_alive(process.pid), "pool workers were left running"
