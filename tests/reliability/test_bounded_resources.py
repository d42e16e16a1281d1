"""Bounded resources: no input makes a run inflate, hang or grow without limit.

Memory and time are measured in a fresh subprocess (resident-size growth and tracemalloc peak,
under an address-space limit); time is bounded by a generous subprocess timeout, never asserted
as a speed.
"""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
import zlib

import pytest
from reliability_helpers import LONG, guarded_env, measured, report, run_cli, write_batch

PARAGRAPH = (
    "Le président de la République a annoncé mardi une réforme des retraites très contestée par les "
    "syndicats, qui appellent à la grève dans toute la France dès la semaine prochaine. "
)
HEAD = (
    "<!doctype html><html lang=fr><head><meta charset=utf-8><title>La réforme des retraites</title></head>"
    "<body><article><h1>La réforme des retraites est annoncée</h1>" + f"<p>{PARAGRAPH * 2}</p>" * 3
)
TAIL = "</article></body></html>"
CATASTROPHIC = r"^(?:[\w\s]|\w\w)+$"  # exponential backtracking on any sentence ending in punctuation


def gzip_bomb(inflated_gib: int = 1) -> bytes:
    """A gzip stream of many members, each 64 MiB of zeros: about 65 KB per GiB when inflated."""
    member = gzip.compress(b"\0" * (64 * 2**20), compresslevel=9)
    return member * (16 * inflated_gib)


def test_gzip_bomb_is_refused_without_being_inflated_into_memory(tmp_path):
    bomb = tmp_path / "bomb.html.gz"
    bomb.write_bytes(gzip_bomb(1))
    assert bomb.stat().st_size < 2_000_000
    result = measured("translator.extract.extract_bytes", bomb, bomb.name, timeout=120, memory_mb=2048)
    assert result["outcome"] == "refused" and "decompress" in result["message"], result
    # the whole GiB never reaches memory: at most the cap (64 MiB) and the reading buffers
    assert result["rss_growth_mb"] < 400, result
    assert result["traced_peak_mb"] < 300, result
    report("gzip-bomb", **result)


def test_gzip_bomb_in_a_batch_fails_alone_with_its_reason(tmp_path, test_model_dir):
    inputs = tmp_path / "in"
    write_batch(inputs, 1)
    (inputs / "bomb.html.gz").write_bytes(gzip_bomb(1))
    result = run_cli("run", str(inputs), "-o", "out", "--model", str(test_model_dir), "--json", cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    summary = json.loads(result.stdout)
    assert summary["ok"] == 1 and summary["failed"] == 1
    (failure,) = summary["failures"]
    assert failure["name"] == "bomb" and ("decompress" in failure["reason"] or "limit" in failure["reason"])
    assert not (tmp_path / "out" / "bomb.json").exists()


def test_pages_over_the_configured_size_are_refused_even_when_gzipped(tmp_path, test_model_dir):
    inputs = tmp_path / "in"
    write_batch(inputs, 1)
    big = HEAD + f"<p>{PARAGRAPH}</p>" * 400 + TAIL  # about 90 KB
    (inputs / "big.html").write_text(big, encoding="utf-8")
    (inputs / "biggz.html.gz").write_bytes(gzip.compress(big.encode()))  # 2 KB on disk, 90 KB inflated
    (tmp_path / "translator.toml").write_text("[inputs]\nmax_bytes = 50000\n[model]\ncache = false\n")
    result = run_cli("run", str(inputs), "-o", "out", "--model", str(test_model_dir), "--json", cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    summary = json.loads(result.stdout)
    reasons = {failure["name"]: failure["reason"] for failure in summary["failures"]}
    assert set(reasons) == {"big", "biggz"}, summary
    assert all("50,000" in reason for reason in reasons.values()), reasons
    assert summary["ok"] == 1  # the article under the limit is translated


def _page(kind: str) -> bytes:
    if kind == "nested-100k":
        return (HEAD + "<div>" * 100_000 + f"<p>{PARAGRAPH}</p>" + "</div>" * 100_000 + TAIL).encode()
    if kind == "one-10mb-line":
        return (HEAD + "<p>" + "mot " * 2_600_000 + "</p>" + TAIL).encode()
    if kind == "100k-tiny-paragraphs":
        return (HEAD + "<p>a</p>" * 100_000 + TAIL).encode()
    if kind == "only-scripts":
        script = "<script>var t = 'Le président de la République a annoncé une réforme';</script>"
        return ("<html><head>" + script * 100 + "</head><body>" + script * 60_000 + "</body></html>").encode()
    # just under the element limit: the costliest pages that still go through extraction
    if kind == "nested-29k":
        return (HEAD + "<div>" * 29_000 + f"<p>{PARAGRAPH}</p>" + "</div>" * 29_000 + TAIL).encode()
    if kind == "29k-tiny-paragraphs":
        return (HEAD + "<p>a</p>" * 29_000 + TAIL).encode()
    if kind == "one-5mb-script":
        return (HEAD + "<script>var t = '" + "x" * 5_000_000 + "';</script>" + TAIL).encode()
    if kind == "text-dump-10mb-line":
        return (PARAGRAPH * 3 + "\n\n" + "mot " * 2_600_000).encode()
    if kind == "text-dump-100k-lines":
        return (PARAGRAPH * 3 + "\n\n" + "a.\n\n" * 100_000).encode()
    raise ValueError(kind)


SHAPES = ["nested-100k", "one-10mb-line", "100k-tiny-paragraphs", "only-scripts", "text-dump-100k-lines"]
SHAPES += ["nested-29k", "one-5mb-script"]
if LONG:  # 10 to 30 s each on two busy cores: local runs only
    SHAPES += ["29k-tiny-paragraphs", "text-dump-10mb-line"]


@pytest.mark.parametrize("kind", SHAPES)
def test_hostile_page_shapes_finish_in_bounded_time_and_memory(tmp_path, kind):
    page = tmp_path / ("page.txt" if kind.startswith("text-dump") else "page.html")
    page.write_bytes(_page(kind))
    # everything the run does to a page before translation: extract, segment, fix the French
    result = measured("translator.api.Pipeline", page, page.name, timeout=90, memory_mb=3072)
    assert result["outcome"] in ("article", "refused"), result
    if result["outcome"] == "refused":
        assert result["message"] and "\n" not in result["message"]
    assert result["rss_growth_mb"] < 1024, result
    report(f"page-shape-{kind}", **{k: v for k, v in result.items() if k not in ("text", "flags")})


def test_catastrophic_user_boilerplate_rule_cannot_hang_the_run(tmp_path, test_model_dir):
    write_batch(tmp_path / "in", 3)
    rules = tmp_path / "bad-rules.txt"
    rules.write_text(f"custom slow drop - {CATASTROPHIC}\n", encoding="utf-8")
    result = run_cli(
        "run", "in", "-o", "out", "--model", str(test_model_dir), "--boilerplate-rules", str(rules),
        "--no-cache", "--json", cwd=tmp_path, timeout=120,
    )  # fmt: skip
    assert "Traceback" not in result.stderr, result.stderr[-3000:]
    assert result.returncode == 1, result.stderr
    failures = json.loads(result.stdout)["failures"]
    assert len(failures) == 3  # each article fails with the rule named, after one bounded timeout
    assert all("rule slow" in f["reason"] and "too long" in f["reason"] for f in failures), failures


def test_catastrophic_user_postedit_rule_cannot_hang_the_run(tmp_path, test_model_dir):
    inputs = write_batch(tmp_path / "in", 6)
    (tmp_path / "slow.tsv").write_text(f"slow-rule\t{CATASTROPHIC}\tX\ttarget\tbacktracks\n", encoding="utf-8")
    (tmp_path / "translator.toml").write_text('[postedit]\nrule_files = ["slow.tsv"]\n', encoding="utf-8")
    # each of the ~200 segments would cost a full timeout if the rule kept running: 50 s and more
    result = run_cli(
        "run", "in", "-o", "out", "--model", str(test_model_dir), "--no-cache", "--json", cwd=tmp_path, timeout=40
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["ok"] == len(inputs)
    record = json.loads((tmp_path / "out" / "article-00.json").read_text())
    flags = [f for b in record["blocks"] for s in b["segments"] for f in s["flags"]] + record["flags"]
    assert any("slow-rule" in flag["message"] for flag in flags), "the skipped rule must be reported"


GLOSSARY_SCRIPT = """
import sys, time
from pathlib import Path
from translator.glossary import load_glossaries
glossary = load_glossaries([sys.argv[1]], use_default=True)
text = Path(sys.argv[2]).read_text()
start = time.perf_counter()
hits = glossary.find(text)
print(len(hits), time.perf_counter() - start)
"""


def test_regex_like_glossary_terms_are_literal_and_matching_stays_bounded(tmp_path):
    # 2,000 entries, regex metacharacters and long runs of one repeated word among them
    rows = ["fr\ten"] + [f"{'a ' * (n % 10)}(a+)+$ {n}\tterm {n}" for n in range(1, 300)]
    rows += [f"mot{n} a a a\tword {n}" for n in range(1700)]
    glossary = tmp_path / "hostile.tsv"
    glossary.write_text("\n".join(rows) + "\n", encoding="utf-8")
    text = tmp_path / "text.txt"
    text.write_text(("a " * 50_000) + "a a a a a a a (a+)+$ 7 " + "mot3 a a a " * 2000, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-c", GLOSSARY_SCRIPT, str(glossary), str(text)],
        capture_output=True,
        text=True,
        timeout=60,
        env=guarded_env(tmp_path / "network.log"),
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    hits = int(result.stdout.split()[0])
    assert hits == 2001  # the literal "(a+)+$ 7" term and every "mot3 a a a"


def test_zlib_refuses_corrupt_gzip_with_a_message(tmp_path):
    page = tmp_path / "broken.html.gz"
    page.write_bytes(gzip.compress(HEAD.encode())[:-20] + zlib.compress(b"x")[:5])
    result = measured("translator.extract.extract_bytes", page, page.name, timeout=60, memory_mb=2048)
    assert result["outcome"] == "refused" and "gzip" in result["message"], result
