"""Faults on a local Ray: a translate actor SIGKILLed mid-run, the driver SIGKILLed mid-run.
Each run must end with every article present and identical to a clean local run."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time

import pytest
from ray_helpers import ROOT, command_line, descendants, files, seed_inputs, settings, wait_gone

from translator.run import run_batch

COPIES = 10  # 40 articles: enough batches that a kill lands with work left


@pytest.fixture(scope="module")
def reference(tmp_path_factory, test_model_dir):
    """The inputs, and the files a clean local run makes of them (in a folder named `out`)."""
    work = tmp_path_factory.mktemp("reference")
    inputs = seed_inputs(work / "in", COPIES)
    summary = run_batch([str(inputs)], work / "out", settings(test_model_dir, "local", model__cache=False))
    assert summary.ok == 4 * COPIES
    return inputs, files(work / "out")


def _first_output(rundir, deadline: float, alive=lambda: True) -> None:
    while not list(rundir.glob("*.en.md")):
        assert alive() and time.monotonic() < deadline, "no article was written"
        time.sleep(0.05)


def test_a_translate_actor_killed_mid_run(tmp_path, test_model_dir, local_ray, reference):
    inputs, expected = reference
    rundir = tmp_path / "out"
    killed: list[tuple[int, int]] = []  # (pid, articles written when it was killed)

    def kill_an_actor() -> None:
        _first_output(rundir, time.monotonic() + 300)
        actors = [pid for pid in descendants(os.getpid()) if "Translate" in command_line(pid)]
        if actors:
            killed.append((actors[0], len(list(rundir.glob("*.en.md")))))
            os.kill(actors[0], signal.SIGKILL)

    watcher = threading.Thread(target=kill_an_actor, daemon=True)
    watcher.start()
    summary = run_batch([str(inputs)], rundir, settings(test_model_dir, "ray", model__cache=False))
    watcher.join(timeout=10)
    assert killed, "no translate actor was found to kill"
    assert killed[0][1] < 4 * COPIES, "the run had finished before the kill"
    assert (summary.ok, summary.failed) == (4 * COPIES, 0), summary.failures
    assert files(rundir) == expected


def test_the_driver_killed_then_a_rerun_resumes_with_identical_files(tmp_path, test_model_dir, reference):
    inputs, expected = reference
    rundir = tmp_path / "out"
    args = [sys.executable, "-m", "translator", "run", str(inputs), "-o", str(rundir), "--executor", "ray",
            "--workers", "2", "--model", str(test_model_dir), "--offline", "--no-cache", "-q"]  # fmt: skip
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    driver = subprocess.Popen(args, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
    try:
        _first_output(rundir, time.monotonic() + 300, alive=lambda: driver.poll() is None)
        ray_processes = descendants(driver.pid)
        driver.kill()  # SIGKILL: no handler runs
        driver.communicate(timeout=30)
        left = wait_gone(ray_processes, 150)  # its agents give up on the dead head within about a minute
        for pid in left:  # never leave them running, then fail
            os.kill(pid, signal.SIGKILL)
        assert not left, f"the local Ray outlived its driver: {[command_line(pid)[:60] for pid in left]}"
    finally:
        if driver.poll() is None:
            driver.kill()
    finished = len([p for p in rundir.glob("*.json") if p.name != "manifest.json"])
    assert finished < 4 * COPIES, "the run had finished before the kill"
    rerun = subprocess.run([*args, "--json"], env=env, capture_output=True, text=True, timeout=600, check=False)
    assert rerun.returncode == 0, rerun.stderr
    assert '"skipped": ' in rerun.stdout
    summary = __import__("json").loads(rerun.stdout)
    assert summary["ok"] + summary["skipped"] == 4 * COPIES and summary["skipped"] >= finished - 1
    assert files(rundir) == expected
