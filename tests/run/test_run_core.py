"""The run core: typed manifest, settings reaching the engine, formats, the RUNDIR lock, leftovers,
interruption, and `clean`/`translate` taking the same inputs as `run`."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

from run_helpers import ROOT, SEEDS, records, run_cli

from translator.document import Article
from translator.run.folder import RunFolder
from translator.run.manifest import ArticleEntry, Manifest, read_manifest

SEED_TXT = SEEDS / "microsoft-hires-meta-ai-veteran.txt"


def _seed_inputs(folder: Path, copies: int = 1) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for n in range(copies):
        for seed in SEEDS.iterdir():
            shutil.copy(seed, folder / f"{n:03d}-{seed.name}")
    return folder


def test_manifest_round_trips_through_its_dataclasses(tmp_path, test_model_dir):
    rundir = tmp_path / "out"
    result = run_cli("run", str(SEEDS), "-o", str(rundir), "--model", str(test_model_dir), "--no-cache", "-q")
    assert result.returncode == 0, result.stderr
    data = json.loads((rundir / "manifest.json").read_text())
    manifest = read_manifest(rundir)
    assert manifest.to_dict() == data
    assert Manifest.from_dict(manifest.to_dict()) == manifest
    assert all(isinstance(entry, ArticleEntry) and entry.status == "ok" for entry in manifest.articles.values())
    assert manifest.glossary["sha256"] and manifest.glossary["files"]
    assert isinstance(manifest.glossary["entries"], int)  # a count: entries are not copied into the manifest
    assert not (rundir / ".run" / "journal.jsonl").exists()  # folded into the manifest at the end


def test_beam_from_the_command_line_reaches_the_engine_over_the_settings_file(tmp_path, test_model_dir):
    (tmp_path / "translator.toml").write_text("[engine]\nbeam_size = 4\n[model]\ncache = false\n")
    for beam, extra in ((4, []), (3, ["--beam", "3"])):
        rundir = tmp_path / f"beam{beam}"
        result = run_cli(
            "run", str(SEED_TXT), "-o", str(rundir), "--model", str(test_model_dir), "-q", *extra, cwd=tmp_path
        )
        assert result.returncode == 0, result.stderr
        manifest = json.loads((rundir / "manifest.json").read_text())
        assert manifest["model"]["options"]["beam_size"] == beam
        record = json.loads((rundir / f"{SEED_TXT.stem}.json").read_text())
        assert record["provenance"]["model"]["options"]["beam_size"] == beam


def test_jsonl_format_holds_one_line_per_article_across_reruns(tmp_path, test_model_dir):
    rundir = tmp_path / "out"
    args = ("run", str(SEEDS), "-o", str(rundir), "--model", str(test_model_dir), "--no-cache", "-q", "--to", "jsonl")
    for _ in range(2):  # the second run skips every article and must not duplicate lines
        assert run_cli(*args).returncode == 0
        lines = (rundir / "articles.jsonl").read_text().splitlines()
        assert len(lines) == len(list(SEEDS.iterdir()))
        names = {Article.from_json(line).source.name for line in lines}
        assert names == set(records(rundir))
    assert not list(rundir.glob("*.en.md")) and not (rundir / "review").exists()  # only the chosen formats
    again = run_cli(*args[:-1], "md,jsonl")  # formats are part of the run key: every article is redone
    assert json.loads((rundir / "manifest.json").read_text())["totals"]["skipped"] == 0, again.stderr
    assert len(list(rundir.glob("*.en.md"))) == len(names)


def test_a_second_run_into_a_locked_folder_stops_and_names_the_holder(tmp_path, test_model_dir):
    rundir = tmp_path / "out"
    holder = RunFolder(rundir, ("md", "json"))
    holder.open()
    try:
        result = run_cli("run", str(SEED_TXT), "-o", str(rundir), "--model", str(test_model_dir), "-q")
    finally:
        holder.close()
    assert result.returncode == 1
    assert f"another run is writing here (process {os.getpid()})" in result.stderr
    assert "Traceback" not in result.stderr and not (rundir / "manifest.json").exists()
    assert run_cli("run", str(SEED_TXT), "-o", str(rundir), "--model", str(test_model_dir), "-q").returncode == 0


def test_leftover_cleanup_touches_only_our_temporary_files(tmp_path, test_model_dir):
    rundir = tmp_path / "out"
    rundir.mkdir()
    mine = rundir / ".notes.tmp"
    mine.write_text("a user's file")
    ours = rundir / f".{SEED_TXT.stem}.json.translator-abc123.tmp"
    ours.write_text("half a record")
    assert run_cli("run", str(SEED_TXT), "-o", str(rundir), "--model", str(test_model_dir), "-q").returncode == 0
    assert mine.read_text() == "a user's file" and not ours.exists()


def test_a_review_folder_that_is_a_symlink_is_refused(tmp_path, test_model_dir):
    rundir, outside = tmp_path / "out", tmp_path / "elsewhere"
    rundir.mkdir()
    outside.mkdir()
    (rundir / "review").symlink_to(outside, target_is_directory=True)
    result = run_cli("run", str(SEED_TXT), "-o", str(rundir), "--model", str(test_model_dir), "-q")
    assert result.returncode == 1 and "symbolic link" in result.stderr
    assert not list(outside.iterdir())


def _start_run(tmp_path: Path, test_model_dir: Path, copies: int) -> tuple[subprocess.Popen, Path]:
    inputs = _seed_inputs(tmp_path / "in", copies)
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
    assert finished == len(records(rundir)) and finished < 40 * len(list(SEEDS.iterdir()))
    assert (rundir / "index.html").is_file() and json.loads((rundir / "manifest.json").read_text())["finished"]
    assert not _group_alive(process.pid)
    rerun = run_cli(
        "run", str(tmp_path / "in"), "-o", str(rundir), "--model", str(test_model_dir), "--no-cache", "--json"
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


def test_clean_and_translate_take_folders_globs_and_stdin(tmp_path, test_model_dir):
    inputs = _seed_inputs(tmp_path / "in")
    out = tmp_path / "clean"
    result = run_cli("clean", str(inputs), "-o", str(out), "-q")
    assert result.returncode == 0, result.stderr
    assert len(list(out.glob("*.md"))) == len(list(inputs.iterdir()))
    result = run_cli("clean", str(inputs / "*.txt"), "-o", "-", "--to", "text")
    assert result.returncode == 0 and "Microsoft" in result.stdout
    seed = SEED_TXT.read_bytes()
    piped = subprocess.run(
        [sys.executable, "-m", "translator", "clean", "-", "-o", "-"], input=seed, capture_output=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)}, check=False,
    )  # fmt: skip
    assert piped.returncode == 0 and b"Microsoft" in piped.stdout
    lines = tmp_path / "lines"
    lines.mkdir()
    (lines / "a.txt").write_text("le chat\n\nla maison\n", encoding="utf-8")
    (lines / "b.txt").write_text("le chien\n", encoding="utf-8")
    model = ("--model", str(test_model_dir), "--no-cache", "--no-default-glossary")
    result = run_cli("translate", str(lines), *model)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "==> a <==\nthe cat\n\nthe house\n==> b <==\nthe dog\n"
    result = run_cli("translate", str(lines / "b*.txt"), *model)
    assert result.stdout == "the dog\n"
    piped = subprocess.run(
        [sys.executable, "-m", "translator", "translate", "-", *model], input=b"le chat\n", capture_output=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)}, check=False,
    )  # fmt: skip
    assert piped.returncode == 0 and piped.stdout == b"the cat\n", piped.stderr


def test_translate_reads_translator_toml_and_post_edits(tmp_path, test_model_dir):
    (tmp_path / "in.txt").write_text("Le projet coûte 100 milliards de dollars.\n", encoding="utf-8")
    result = run_cli("translate", "in.txt", "--offline", cwd=tmp_path)
    assert result.returncode == 1  # no model anywhere
    (tmp_path / "translator.toml").write_text(
        f'[model]\npath = "{test_model_dir}"\ncache = false\n[run]\ndefault_glossary = false\n', encoding="utf-8"
    )
    result = run_cli("translate", "in.txt", "--offline", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "The project coste $100 billion.\n"  # "coste": the test model's word for word
    result = run_cli("translate", "in.txt", "--offline", "--no-postedit", cwd=tmp_path)
    assert result.stdout == "The project coste 100 billion of dollars.\n"


def test_missing_inputs_fail_before_the_model_loads_or_rundir_exists(tmp_path):
    result = run_cli("run", str(tmp_path / "absent.html"), "-o", str(tmp_path / "out"), "--offline")
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1 and "absent.html: no such file or folder" in result.stderr
    assert "model" not in result.stderr.lower() and not (tmp_path / "out").exists()


def test_standard_streams_version_and_json_figures(tmp_path, test_model_dir):
    rundir = tmp_path / "a"
    assert run_cli("run", str(SEED_TXT), "-o", str(rundir), "--model", str(test_model_dir), "-q").returncode == 0
    page = run_cli("diff", str(rundir), str(rundir), "--html", "-")
    assert page.returncode == 0 and page.stdout.startswith("<!DOCTYPE html>") and not (tmp_path / "-").exists()
    stats = json.loads(run_cli("cache", "stats", "--json").stdout)
    assert stats["entries"] > 0 and set(stats) >= {"entries", "engines", "bytes", "path"}
    version = run_cli("--version")
    assert version.returncode == 0 and version.stdout.startswith("translator, version ")
