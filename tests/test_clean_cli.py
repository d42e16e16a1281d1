"""`translator clean`: files, folders, stdin; bad inputs reported in one line, the rest still cleaned."""

import gzip
import json
import os
import shutil
import socket
import subprocess
import sys
import threading
from pathlib import Path

from click.testing import CliRunner

from translator.cli import main

SEEDS = Path(__file__).parent.parent / "seeds"
SEED_TXT = SEEDS / "microsoft-hires-meta-ai-veteran.txt"
ENGLISH = (
    "The city council voted on Monday to build three new cycle lanes in the town centre, a project that "
    "cycling groups had been asking for since the last election. Work will start in the spring and last "
    "about six months, the mayor said, adding that two hundred trees would also be planted along the lanes."
)


def _run(args, stdin=None):
    return CliRunner().invoke(main, ["clean", *args], input=stdin)


def test_folder_is_cleaned_recursively_to_markdown(tmp_path):
    source = tmp_path / "in"
    shutil.copytree(SEEDS, source / "nested")
    result = _run([str(source), "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    written = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert written == sorted(f"{p.name.split('.')[0]}.md" for p in SEEDS.iterdir())
    assert (tmp_path / "out" / "microsoft-hires-meta-ai-veteran.md").read_text("utf-8").startswith("# Microsoft")


def test_bad_files_are_reported_and_the_others_still_cleaned(tmp_path):
    source = tmp_path / "in"
    source.mkdir()
    shutil.copy(SEED_TXT, source / "good.txt")
    (source / "image.html").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    (source / "empty.txt").write_bytes(b"")
    (source / "english.txt").write_text(ENGLISH, encoding="utf-8")
    (source / "zipped.html.gz").write_bytes(gzip.compress((SEEDS / "teletravail-pme-enquete.html").read_bytes()))
    result = _run([str(source), "-o", str(tmp_path / "out"), "--to", "text", "--french-only"])
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert any(line.endswith("image.html: binary file, not a page or a text dump") for line in lines)
    assert any(line.endswith("empty.txt: empty file") for line in lines)
    assert any("english.txt: not French" in line for line in lines)
    assert "cleaned 2 of 5 inputs" in result.output and result.output.count("failed: ") == 3
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["good.txt", "zipped.txt"]


def test_non_french_page_is_cleaned_with_a_warning_by_default(tmp_path):
    page = tmp_path / "english.txt"
    page.write_text(ENGLISH, encoding="utf-8")
    result = _run([str(page), "-o", str(tmp_path / "out"), "--to", "json"])
    assert result.exit_code == 0
    assert "warning: the text looks like 'en', not French" in result.output
    record = json.loads((tmp_path / "out" / "english.json").read_text("utf-8"))
    assert record["flags"][0]["code"] == "not-french"


def test_stdin_is_read_with_dash(tmp_path):
    result = _run(["-", "-o", str(tmp_path / "out"), "--to", "json"], stdin=SEED_TXT.read_bytes())
    assert result.exit_code == 0, result.output
    record = json.loads((tmp_path / "out" / "stdin.json").read_text("utf-8"))
    assert record["blocks"][0]["kind"] == "title"
    assert {r["category"] for r in record["removed"]} >= {"reading-time", "disclosure"}


def test_json_output_keeps_every_removed_block_with_its_rule(tmp_path):
    result = _run([str(SEED_TXT), "-o", str(tmp_path), "--to", "json"])
    assert result.exit_code == 0
    record = json.loads((tmp_path / "microsoft-hires-meta-ai-veteran.json").read_text("utf-8"))
    rules = {r["rule"] for r in record["removed"]}
    assert {"reading-time-phrase-fr", "disclosure-page-fr"} <= rules
    assert all(r["text"] and r["category"] for r in record["removed"])


def test_user_rules_option(tmp_path):
    rules = tmp_path / "mine.rules"
    rules.write_text("custom  no-key-points  drop  5  ^notes clés$\n", encoding="utf-8")
    result = _run([str(SEED_TXT), "-o", str(tmp_path / "out"), "--to", "text", "--boilerplate-rules", str(rules)])
    assert result.exit_code == 0
    assert "Notes clés" not in (tmp_path / "out" / "microsoft-hires-meta-ai-veteran.txt").read_text("utf-8")


def test_broken_rule_file_stops_before_any_work_with_one_line(tmp_path):
    rules = tmp_path / "bad.rules"
    rules.write_text("custom  x  drop  5  (unclosed\n", encoding="utf-8")
    result = _run([str(SEED_TXT), "-o", str(tmp_path / "out"), "--boilerplate-rules", str(rules)])
    assert result.exit_code == 1
    assert "bad.rules:1: bad pattern" in result.output
    assert "Traceback" not in result.output and not (tmp_path / "out").exists()


def test_missing_input_is_listed_as_failed(tmp_path):
    result = _run([str(tmp_path / "nope.html"), str(SEED_TXT), "-o", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert "nope.html: no such file or folder" in result.output
    assert (tmp_path / "out" / "microsoft-hires-meta-ai-veteran.md").exists()


def _serve_once(response: bytes) -> str:
    """A URL on 127.0.0.1 answered once with `response`, then closed; the server ends by itself within 10 s."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    listener.settimeout(10)

    def answer() -> None:
        with listener:
            try:
                conn, _ = listener.accept()
            except OSError:
                return
            with conn:
                conn.recv(4096)
                conn.sendall(response)

    threading.Thread(target=answer, daemon=True).start()
    return f"http://127.0.0.1:{listener.getsockname()[1]}/trunc"


def test_a_page_cut_short_of_its_content_length_is_a_failure_not_a_shorter_article(tmp_path):
    page = (SEEDS / "teletravail-pme-enquete.html").read_bytes()
    head = f"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {len(page)}\r\n\r\n"
    url = _serve_once(head.encode() + page[: len(page) * 2 // 3])
    result = _run([url, "-o", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert f"{url}: cannot fetch (the server closed the connection early)" in result.output
    assert not (tmp_path / "out" / "trunc.md").exists()


def test_console_script_runs_as_a_subprocess(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "translator", "clean", str(SEED_TXT), "-o", str(tmp_path), "--to", "text"],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    text = (tmp_path / "microsoft-hires-meta-ai-veteran.txt").read_text("utf-8")
    assert text.startswith("Microsoft arrache un autre vétéran")
    assert "Icône" not in text


def test_file_names_not_in_utf8_or_holding_a_newline_are_escaped_and_the_batch_goes_on(tmp_path):
    source = tmp_path / "in"
    source.mkdir()
    shutil.copy(SEED_TXT, os.path.join(os.fsencode(source), b"bad\xffname.txt"))  # a Latin-1 file name
    (source / "evil\nfailed: forged.html").write_text("")  # an empty page whose name holds a newline
    result = _run([str(source), "-o", str(tmp_path / "out"), "--to", "json"])
    assert result.exit_code == 1, result.output
    (record,) = (tmp_path / "out").glob("*.json")
    assert json.loads(record.read_text("utf-8"))["source"]["path"].endswith("bad\\xffname.txt")
    failures = [line for line in result.output.splitlines() if line.startswith("failed:")]
    assert failures == [f"failed: {source}/evil\\nfailed: forged.html: empty file"]


def test_an_output_that_cannot_be_written_fails_that_input_alone(tmp_path):
    source = tmp_path / "in"
    shutil.copytree(SEEDS, source)
    out = tmp_path / "out"
    (out / "teletravail-pme-enquete.md").mkdir(parents=True)  # a folder where one output goes
    result = _run([str(source), "-o", str(out)])
    assert result.exit_code == 1
    assert f"cannot write {out}/teletravail-pme-enquete.md: is a folder" in result.output
    assert len(list(out.glob("*.md"))) == len(list(SEEDS.iterdir()))  # the others are written


def test_an_output_folder_that_is_a_file_stops_before_any_work_in_one_line(tmp_path):
    (tmp_path / "out").write_text("keep me")
    result = _run([str(SEED_TXT), "-o", str(tmp_path / "out")])
    assert result.exit_code == 2
    assert result.output.strip() == f"Error: {tmp_path / 'out'}: is a file, not a folder"
    assert (tmp_path / "out").read_text() == "keep me"
