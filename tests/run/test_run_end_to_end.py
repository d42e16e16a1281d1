"""`translator run` end to end on the real stages and the word-for-word test model (never mocked)."""

from __future__ import annotations

import gzip
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time

import pytest
from run_helpers import ROOT, SEEDS, outputs, records, run_cli, without_cache_marks

from translator.document import Article


@pytest.fixture(scope="module")
def seeds_run(tmp_path_factory, test_model_dir):
    rundir = tmp_path_factory.mktemp("seeds") / "out"
    result = run_cli("run", str(SEEDS), "-o", str(rundir), "--model", str(test_model_dir), "--offline", "--json")
    return rundir, result


def test_seeds_run_through_the_whole_pipeline(seeds_run):
    rundir, result = seeds_run
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout)
    seeds = sorted(p for p in SEEDS.iterdir() if p.is_file())
    assert summary["ok"] == len(seeds) and summary["failed"] == 0
    found = records(rundir)
    assert len(found) == len(seeds)
    manifest = json.loads((rundir / "manifest.json").read_text())
    for name, article in found.items():
        segments = article.segments()
        assert segments and all(s.target for s in segments), name
        assert (rundir / f"{name}.en.md").read_text().strip()
        assert (rundir / "review" / f"{name}.html").is_file()
        assert article.provenance["model"] == manifest["model"]
        assert article.provenance["run_key"] != manifest["run_key"]
        entry = manifest["articles"][name]
        assert entry["status"] == "ok" and entry["segments"] == len(segments)
        assert set(entry["timings"]) >= {"extract", "segment", "glossary", "translate", "postedit", "write"}
    index = (rundir / "index.html").read_text()
    assert all(f'href="review/{name}.html"' in index for name in found)
    assert {e["sha256"] for e in manifest["articles"].values()} >= {a.source.sha256 for a in found.values()}
    assert manifest["glossary"]["sha256"] and manifest["glossary"]["entries"]
    assert manifest["rules"]["ids"] and manifest["totals"]["ok"] == len(seeds)


def test_seed_article_carries_glossary_hits_edits_and_english(seeds_run):
    rundir, _ = seeds_run
    seed = records(rundir)["microsoft-hires-meta-ai-veteran"]
    segments = seed.segments()
    assert any(hit.entry == "IA" for s in segments for hit in s.glossary)
    assert any(s.edits for s in segments)
    english = (rundir / "microsoft-hires-meta-ai-veteran.en.md").read_text()
    assert "AI" in english and "OpenAI" in english
    review = (rundir / "review" / "microsoft-hires-meta-ai-veteran.html").read_text()
    assert '<mark class="gloss"' in review and '<mark class="edit"' in review


def test_rerun_skips_everything_and_changes_no_byte(seeds_run, test_model_dir):
    rundir, _ = seeds_run
    before = outputs(rundir)
    mtimes = {p: p.stat().st_mtime_ns for p in rundir.rglob("*.json") if p.name != "manifest.json"}
    result = run_cli("run", str(SEEDS), "-o", str(rundir), "--model", str(test_model_dir), "--offline", "--json")
    summary = json.loads(result.stdout)
    assert summary["skipped"] == len(mtimes) and summary["ok"] == 0
    assert outputs(rundir) == before
    assert {p: p.stat().st_mtime_ns for p in mtimes} == mtimes


def test_forced_rerun_gives_identical_outputs(seeds_run, test_model_dir, tmp_path):
    rundir, _ = seeds_run
    again = tmp_path / "again" / rundir.name  # same folder name: the index page is titled with it
    shutil.copytree(rundir, again)
    result = run_cli("run", str(SEEDS), "-o", str(again), "--model", str(test_model_dir), "--force", "-q")
    assert result.returncode == 0, result.stderr
    assert json.loads((again / "manifest.json").read_text())["totals"]["ok"] == len(records(rundir))
    assert without_cache_marks(outputs(again)) == without_cache_marks(outputs(rundir))
    fresh = tmp_path / "fresh" / rundir.name
    args = ["run", str(SEEDS), "-o", str(fresh), "--model", str(test_model_dir), "--no-cache", "-q"]
    assert run_cli(*args).returncode == 0
    assert without_cache_marks(outputs(fresh)) == without_cache_marks(outputs(rundir))


def test_changing_an_option_redoes_the_articles(seeds_run, test_model_dir, tmp_path):
    rundir, _ = seeds_run
    again = tmp_path / "again"
    shutil.copytree(rundir, again)
    summary = json.loads(
        run_cli("run", str(SEEDS), "-o", str(again), "--model", str(test_model_dir), "--beam", "3", "--json").stdout
    )
    assert summary["ok"] == len(records(rundir)) and summary["skipped"] == 0


@pytest.fixture
def silent_server():
    """A server on 127.0.0.1 that accepts connections and never answers."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept():
        listener.settimeout(0.2)
        while not stop.is_set():
            try:
                held.append(listener.accept()[0])
            except TimeoutError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{listener.getsockname()[1]}/article.html"
    stop.set()
    thread.join()
    for conn in held:
        conn.close()
    listener.close()


def big_page(target_bytes: int) -> bytes:
    """A real-looking article bloated to `target_bytes` by inline scripts, as some news pages are."""
    paragraphs = "".join(
        f"<p>Le président de la société a annoncé lundi un nouveau plan de {n} millions d'euros pour l'IA.</p>"
        for n in range(1, 8)
    )
    filler = "<script>var tracking = '" + "x" * 9000 + "';</script>\n"
    head = (
        "<html lang='fr'><head><title>Un plan pour l'IA</title></head>"
        f"<body><article><h1>Un plan pour l'IA</h1>{paragraphs}</article>"
    )
    body = head.encode()
    count = (target_bytes - len(body)) // len(filler) + 1
    return body + (filler * count).encode() + b"</body></html>"


@pytest.fixture
def page_server():
    """A server on 127.0.0.1 with one article page, reached through a redirect."""
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    page = big_page(0)

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def do_GET(self):
            if self.path == "/old":
                self.send_response(301)
                self.send_header("Location", "/news/plan-ia.html")
                self.end_headers()
                return
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(page)))
            self.end_headers()
            self.wfile.write(page)

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/plan-ia"
    httpd.shutdown()


def test_bad_inputs_never_stop_the_batch(tmp_path, test_model_dir, silent_server, page_server):
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "binary.html").write_bytes(bytes(range(256)) * 64)
    (inputs / "empty.txt").write_bytes(b"")
    (inputs / "huge.html").write_bytes(big_page(10 * 1024 * 1024))
    shutil.copy(SEEDS / "microsoft-hires-meta-ai-veteran.txt", inputs / "good.txt")
    (inputs / "zipped.html.gz").write_bytes(gzip.compress(big_page(0)))
    (tmp_path / "translator.toml").write_text("[inputs]\ntimeout = 1.5\n")
    rundir = tmp_path / "out"
    start = time.monotonic()
    result = run_cli(
        "run",
        str(inputs),
        silent_server,
        page_server.replace("/plan-ia", "/old"),
        "-o",
        str(rundir),
        "--model",
        str(test_model_dir),
        "--json",
        cwd=tmp_path,
    )
    assert time.monotonic() - start < 300
    assert result.returncode == 1, result.stderr
    summary = json.loads(result.stdout)
    reasons = {f["name"]: f["reason"] for f in summary["failures"]}
    assert "binary" in reasons["binary"] and "empty" in reasons["empty"]
    assert "timed out" in reasons["article"] and silent_server in reasons["article"]
    manifest = json.loads((rundir / "manifest.json").read_text())
    assert manifest["articles"]["good"]["status"] == "ok"
    assert manifest["articles"]["huge"]["status"] == "ok", manifest["articles"]["huge"]
    assert {name: manifest["articles"][name]["reason"] for name in reasons} == reasons
    assert manifest["articles"]["old"]["status"] == "ok"  # fetched through the redirect
    assert records(rundir).keys() == {"good", "huge", "old", "zipped"}
    assert records(rundir)["zipped"].source.format == "html"
    assert "million" in (rundir / "huge.en.md").read_text()
    index = (rundir / "index.html").read_text()
    assert "binary" in index and "timed out" in index


def test_resume_after_sigkill_loses_nothing_and_matches_an_uninterrupted_run(tmp_path, test_model_dir):
    seed = (SEEDS / "microsoft-hires-meta-ai-veteran.txt").read_text()
    inputs = tmp_path / "in"
    inputs.mkdir()
    for n in range(30):
        (inputs / f"article-{n:02d}.txt").write_text(seed.replace("13 ans", f"{n + 2} ans"))
    (tmp_path / "translator.toml").write_text("[run]\nchunk_segments = 16\n[model]\ncache = false\n")
    base = ["run", str(inputs), "--model", str(test_model_dir), "-q"]
    reference = tmp_path / "reference" / "out"  # both folders named alike: the index page is titled with it
    assert run_cli(*base, "-o", str(reference), cwd=tmp_path).returncode == 0

    rundir = tmp_path / "killed" / "out"
    process = subprocess.Popen(
        [sys.executable, "-m", "translator", *base, "-o", str(rundir)],
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and len(list(rundir.glob("article-*.json"))) < 3:
        time.sleep(0.01)
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    finished = {p.name: p.read_bytes() for p in rundir.glob("article-*.json")}
    assert 3 <= len(finished) < 30, "the kill must land mid-batch"
    for name in finished:  # everything that carries a final name is complete
        stem = name[: -len(".json")]
        Article.from_json(finished[name].decode())
        assert (rundir / f"{stem}.en.md").read_bytes() == (reference / f"{stem}.en.md").read_bytes()

    result = run_cli(*base, "-o", str(rundir), "--json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout)
    assert summary["skipped"] == len(finished) and summary["ok"] == 30 - len(finished)
    assert {name: (rundir / name).read_bytes() for name in finished} == finished
    assert outputs(rundir) == outputs(reference)
    assert not list(rundir.rglob(".*.tmp"))


def test_stdin_input_and_config_file(tmp_path, test_model_dir):
    config = tmp_path / "settings.toml"
    config.write_text(f'[run]\nformats = ["md", "json", "review", "text"]\n[model]\npath = "{test_model_dir}"\n')
    rundir = tmp_path / "out"
    result = subprocess.run(
        [sys.executable, "-m", "translator", "run", "-", "-o", str(rundir), "--config", str(config), "-q"],
        input=(SEEDS / "microsoft-hires-meta-ai-veteran.txt").read_bytes(),
        capture_output=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert (rundir / "stdin.en.txt").read_text().strip()
    assert (rundir / "stdin.en.md").is_file()


def test_no_installed_model_says_how_to_install_one(tmp_path):
    empty = tmp_path / "packages"
    empty.mkdir()
    result = subprocess.run(
        [sys.executable, "-m", "translator", "run", str(SEEDS), "-o", str(tmp_path / "out"), "--offline"],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT), "ARGOS_PACKAGES_DIR": str(empty)},
        timeout=120,
        check=False,
    )
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert "install" in result.stderr.lower()
    assert not (tmp_path / "out").exists()


def test_disable_rule_switches_a_post_edit_rule_off(seeds_run, test_model_dir, tmp_path):
    rundir, _ = seeds_run
    seed = "microsoft-hires-meta-ai-veteran"
    assert "«" not in (rundir / f"{seed}.en.md").read_text()
    other = tmp_path / "no-guillemets"
    args = ["run", str(SEEDS / f"{seed}.txt"), "-o", str(other), "--model", str(test_model_dir)]
    result = run_cli(*args, "--disable-rule", "typo-guillemets", "-q")
    assert result.returncode == 0, result.stderr
    assert "«" in (other / f"{seed}.en.md").read_text()
    rules = {e.rule for s in records(other)[seed].segments() for e in s.edits}
    assert "typo-guillemets" not in rules
    assert run_cli(*args, "--disable-rule", "no-such-rule", "-q").returncode != 0


def test_quiet_run_still_names_each_failure(tmp_path, test_model_dir):
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "empty.txt").write_bytes(b"")
    shutil.copy(SEEDS / "microsoft-hires-meta-ai-veteran.txt", inputs / "good.txt")
    result = run_cli("run", str(inputs), "-o", str(tmp_path / "out"), "--model", str(test_model_dir), "-q")
    assert result.returncode == 1
    assert [line for line in result.stderr.splitlines() if "failed" in line and "empty" in line]
    assert (tmp_path / "out" / "good.en.md").is_file()
