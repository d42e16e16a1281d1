"""The run core: typed manifest, settings reaching the engine, formats, the RUNDIR lock, leftovers,
interruption, and `clean`/`translate` taking the same inputs as `run`."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from cli_helpers import seed_inputs
from run_helpers import ROOT, SEEDS, records, run_cli

from translator.document import Article
from translator.run.manifest import ArticleEntry, Manifest, read_manifest

SEED_TXT = SEEDS / "microsoft-hires-meta-ai-veteran.txt"


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


def test_a_file_name_not_in_utf8_is_translated_and_recorded_escaped(tmp_path, test_model_dir):
    source = tmp_path / "in"
    source.mkdir()
    (source / "good.txt").write_bytes(SEED_TXT.read_bytes())
    (source / os.fsdecode(b"bad\xffname.txt")).write_bytes(SEED_TXT.read_bytes())  # a Latin-1 file name
    rundir = tmp_path / "out"
    result = run_cli("run", str(source), "-o", str(rundir), "--model", str(test_model_dir), "--no-cache", "-q")
    assert result.returncode == 0, result.stderr
    inputs = sorted(entry.input for entry in read_manifest(rundir).articles.values())
    assert inputs == [f"{source}/bad\\xffname.txt", f"{source}/good.txt"]
    assert records(rundir)["bad-name"].source.path == f"{source}/bad\\xffname.txt"


def test_another_input_of_the_same_name_never_replaces_an_article_without_force(tmp_path, test_model_dir):
    for folder, seed in (("a", "teletravail-pme-enquete.html"), ("b", "smartphones-reconditionnes-marche.html")):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "x.html").write_bytes((SEEDS / seed).read_bytes())
    rundir = tmp_path / "out"
    model = ("--model", str(test_model_dir), "--no-cache", "-q")
    assert run_cli("run", str(tmp_path / "a" / "x.html"), "-o", str(rundir), *model).returncode == 0
    first = (rundir / "x.en.md").read_bytes()
    later = run_cli("run", str(tmp_path / "b" / "x.html"), "-o", str(rundir), *model)
    assert later.returncode == 1
    assert f"already holds x, made from {tmp_path / 'a' / 'x.html'}; use another run folder" in later.stderr
    assert (rundir / "x.en.md").read_bytes() == first
    (tmp_path / "a" / "x.html").write_bytes((SEEDS / "batteries-sodium-start-up-lyonnaise.html").read_bytes())
    assert run_cli("run", str(tmp_path / "a" / "x.html"), "-o", str(rundir), *model).returncode == 0  # edited: redone
    assert (rundir / "x.en.md").read_bytes() != first
    forced = run_cli("run", str(tmp_path / "b" / "x.html"), "-o", str(rundir), *model, "--force")
    assert forced.returncode == 0 and records(rundir)["x"].source.path == str(tmp_path / "b" / "x.html")


def test_other_standard_input_never_replaces_the_article_made_from_the_first(tmp_path, test_model_dir):
    rundir = tmp_path / "out"
    args = ("run", "-", "-o", str(rundir), "--model", str(test_model_dir), "--no-cache", "-q")
    first = subprocess.run(
        [sys.executable, "-m", "translator", *args], input=SEED_TXT.read_bytes(), capture_output=True
    )
    assert first.returncode == 0, first.stderr
    other = (SEEDS / "teletravail-pme-enquete.html").read_bytes()
    later = subprocess.run([sys.executable, "-m", "translator", *args], input=other, capture_output=True)
    assert later.returncode == 1 and b"already holds stdin, made from other standard input" in later.stderr
    assert "Microsoft" in (records(rundir)["stdin"].title or "")


def test_a_run_refuses_standard_output_as_its_folder(tmp_path, test_model_dir):
    result = run_cli("run", str(SEED_TXT), "-o", "-", "--model", str(test_model_dir), cwd=tmp_path)
    assert result.returncode == 2 and "a run writes a folder of files" in result.stderr
    assert list(tmp_path.iterdir()) == []


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


def test_clean_and_translate_take_folders_globs_and_stdin(tmp_path, test_model_dir):
    inputs = seed_inputs(tmp_path / "in")
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
    assert result.returncode == 2  # no model anywhere: the batch cannot start
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
    assert result.returncode == 2
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


def test_a_thousand_records_with_one_bad_through_run_out_as_jsonl(tmp_path, test_model_dir):
    body = (
        "<p>Le conseil municipal de la ville a voté lundi soir le budget de l'année prochaine, après un long débat.</p>"
    )
    lines = [
        json.dumps({"id": f"a{n:04d}", "html": f"<html><body><h1>Budget {n}</h1>{body}</body></html>", "title": "x"})
        for n in range(1000)
    ]
    lines[500] = '{"id": "broken", "html": '  # one record cut short
    records_file = tmp_path / "feed.jsonl"
    records_file.write_text("\n".join(lines) + "\n", encoding="utf-8")
    csv_file = tmp_path / "feed.csv"
    text = "Le budget de la ville\n\n" + "\n\n".join([body[3:-4]] * 3)
    csv_file.write_text(f'id,text\nc1,"{text}"\n', encoding="utf-8")
    rundir = tmp_path / "out"
    args = ("--model", str(test_model_dir), "--no-cache", "--no-default-glossary", "--to", "jsonl", "--json")
    result = run_cli("run", str(records_file), str(csv_file), "-o", str(rundir), *args, timeout=900)
    assert result.returncode == 1, result.stderr  # the bad record
    summary = json.loads(result.stdout)
    assert (summary["ok"], summary["failed"]) == (1000, 1), summary["failures"]
    assert summary["failures"][0]["input"].endswith("feed.jsonl:501")
    out = [Article.from_json(line) for line in (rundir / "articles.jsonl").read_text().splitlines()]
    assert len(out) == 1000 and len({a.source.name for a in out}) == 1000
    assert {"a0000", "a0999", "c1"} <= {a.source.name for a in out}
    manifest = read_manifest(rundir)
    assert manifest.articles["a0007"].origin == {"file": str(records_file), "line": 8, "id": "a0007"}
    assert all(segment.target for article in out for segment in article.segments())


def test_progress_counts_segments_as_the_engine_goes(tmp_path, test_model_dir):
    from translator.api import Pipeline
    from translator.run.progress import Progress
    from translator.run.work import Prepared, translate_chunk
    from translator.settings import load_settings

    settings = load_settings(None, {"model.path": test_model_dir, "model.cache": False})
    pipeline = Pipeline(settings)
    article = pipeline.prepare(SEED_TXT.read_bytes(), SEED_TXT.name)
    progress = Progress(total=1)
    told: list[int] = []

    def engine_done(segments: int) -> None:
        told.append(segments)
        progress.engine_done(segments)

    translate_chunk([Prepared(item=None, status="prepared", article=article)], pipeline.engine, engine_done)
    distinct = len({segment.source for segment in article.segments()})
    assert told and sum(told) == progress.translated == distinct  # told during the call, every segment once
    result = run_cli("run", str(SEED_TXT), "-o", str(tmp_path / "out"), "--model", str(test_model_dir), "--no-cache")
    assert result.returncode == 0, result.stderr
    assert "1/1" in result.stderr and f"{len(article.segments())} segments" in result.stderr  # the display
