"""`translator review`: serves a run on 127.0.0.1 and prints its tokened URL; corrections to and from TMX."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import urllib.request

from review_helpers import ROOT, record, run_cli

from translator.review.corrections import CorrectionStore, settings_key


def test_review_prints_a_loopback_url_with_a_token_and_serves_the_run(rundir):
    process = subprocess.Popen(
        [sys.executable, "-m", "translator", "review", str(rundir), "--no-browser"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    try:
        line = process.stdout.readline()
        url = line.split(" at ", 1)[1].strip()
        assert url.startswith("http://127.0.0.1:") and "/?token=" in url, line
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor())
        with opener.open(url, timeout=10) as response:  # token → cookie → index
            assert response.status == 200 and b"teletravail-pme-enquete" in response.read()
        bare = url.split("?", 1)[0] + "index.html"
        try:
            urllib.request.urlopen(bare, timeout=10)
            raise AssertionError("served without the token")
        except urllib.error.HTTPError as error:
            assert error.code == 403
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_review_refuses_what_is_not_a_run_in_one_line(tmp_path):
    result = run_cli("review", str(tmp_path), "--no-browser")
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [f"Error: {tmp_path}: not a run folder (no article records NAME.json)"]


def test_a_port_in_use_is_one_error_line(rundir):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        result = run_cli("review", str(rundir), "--port", str(port), "--no-browser")
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [f"Error: cannot listen on 127.0.0.1:{port} (Address already in use)"]


def test_tmx_export_and_import_through_the_command(rundir, tmp_path, monkeypatch):
    article = record(rundir, "teletravail-pme-enquete")
    store = CorrectionStore()
    store.put(settings_key(article.provenance), article.segments()[0].source, "Remote work wins over small firms.")
    store.close()
    exported = run_cli("review", "export-tmx", str(tmp_path / "c.tmx"))
    assert exported.returncode == 0 and "wrote 1 correction to" in exported.stdout, exported.stderr
    assert "Remote work wins over small firms." in (tmp_path / "c.tmx").read_text(encoding="utf-8")
    monkeypatch.setenv("TRANSLATOR_CACHE_DIR", str(tmp_path / "other-cache"))  # another machine's store
    imported = run_cli("review", "import-tmx", str(tmp_path / "c.tmx"))
    assert imported.returncode == 0 and "stored 1 correction, 0 already there" in imported.stdout, imported.stderr
    (tmp_path / "bad.tmx").write_text("<tmx><body><tu><tuv xml:lang='fr'><seg>x</seg></tuv></tu></body></tmx>")
    refused = run_cli("review", "import-tmx", str(tmp_path / "bad.tmx"))
    assert refused.returncode == 1 and "Traceback" not in refused.stderr
    assert refused.stderr.strip().splitlines() == [
        f"Error: {tmp_path / 'bad.tmx'}: translation unit 1 lacks French or English text"
    ]
